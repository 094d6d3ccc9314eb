//! The files' shapes (serde) and their translation into the engine's events.

use opendoor_core::{Date, Event, EventKind, Programme, StateCode, Subject, Territory};
use serde::Deserialize;

/// One `[[event]]` of an events file or a scenario.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub date: Option<String>,
    pub kind: String,
    pub state: Option<StateCode>,
    pub states: Option<Vec<StateCode>>,
    pub requested_by: Option<Vec<StateCode>>,
    pub attacked: Option<StateCode>,
    pub programme: Option<Programme>,
    pub territory: Option<Territory>,
    pub concerning: Option<Vec<StateCode>>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub source: Option<String>,
    pub source2: Option<String>,
    pub note: Option<String>,
    /// `date` is an upper bound ("on or before"): the sources give only a period.
    pub date_is_bound: Option<bool>,
    // Scenario vocabulary.
    pub by: Option<StateCode>,
    pub subject: Option<String>,
    pub candidate: Option<StateCode>,
    pub candidates: Option<Vec<StateCode>>,
    pub ally: Option<StateCode>,
    /// For `ratification_deposited` / `parliament_approved`: several Allies at once, or the
    /// word "remaining" for every Party that has not yet deposited.
    pub allies: Option<AlliesSpec>,
    pub deadline: Option<String>,
    pub consenting: Option<Vec<StateCode>>,
    pub attested: Option<bool>,
    pub target: Option<StateCode>,
}

/// Several Allies: a list, or "remaining".
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum AlliesSpec {
    List(Vec<StateCode>),
    Word(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsFile {
    #[serde(default)]
    pub event: Vec<RawEvent>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dated {
    pub date: Option<String>,
    pub source: String,
    /// Optional: a second source that confirms the date.
    pub source2: Option<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub attested: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAccessionDeposit {
    pub state: StateCode,
    pub date: String,
    pub source: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRatification {
    pub ally: StateCode,
    pub parliament_approved: Option<String>,
    pub parliament_source: Option<String>,
    pub deposited: Option<String>,
    pub deposit_source: Option<String>,
    pub note: Option<String>,
    /// The Ally's constitution needs no parliamentary vote for this act (Canada: an executive
    /// act; the United Kingdom: the Crown's prerogative). `parliament_approved` is then absent by
    /// design, and `note` says what procedure applied.
    #[serde(default)]
    pub no_parliament_vote: bool,
    /// Where the deposit day is unknown but a source bounds it: a dated report that the
    /// instrument had been deposited by then (`deposited_on_or_before`), or that it had not yet
    /// been (`deposited_on_or_after`). Bounds, not estimates; each needs its own source.
    pub deposited_on_or_before: Option<String>,
    pub deposited_on_or_before_source: Option<String>,
    pub deposited_on_or_after: Option<String>,
    pub deposited_on_or_after_source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessionFile {
    pub protocol: String,
    pub candidates: Vec<StateCode>,
    pub note: Option<String>,
    pub invited: Option<Dated>,
    pub signed: Dated,
    pub in_force: Option<Dated>,
    #[serde(default)]
    pub accession: Vec<RawAccessionDeposit>,
    #[serde(default)]
    pub ratification: Vec<RawRatification>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatesFile {
    pub state: Vec<opendoor_core::StateInfo>,
}

/// Parses `YYYY-MM-DD`, with a message that says how to fix it.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let t = text.trim();
    let ok_shape = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !ok_shape {
        return Err(format!(
            "`{}` is not a date: write YYYY-MM-DD, e.g. 2023-04-04",
            t.escape_debug()
        ));
    }
    t.parse::<Date>()
        .map_err(|_| format!("`{t}` is not a real calendar date"))
}

/// The kinds a scenario (or events file) may use, for error messages.
pub const KINDS: &[&str] = &[
    "treaty_signed",
    "treaty_ratified",
    "treaty_in_force",
    "partnership_joined",
    "partnership_left",
    "intensified_dialogue",
    "map_joined",
    "application",
    "summit_declaration",
    "invitation",
    "decision",
    "objection",
    "objection_withdrawn",
    "silence_procedure_opened",
    "silence_broken",
    "silence_deadline",
    "protocol_signed",
    "parliament_approved",
    "ratification_deposited",
    "protocol_in_force",
    "accession_deposited",
    "article4_request",
    "article5_invocation",
    "assistance_declared",
    "integrated_command_left",
    "integrated_command_rejoined",
    "denunciation_notice",
    "expulsion_proposed",
    "suspension_proposed",
    "territory_change",
    "third_country_demand",
    "diplomatic_exchange",
    "agreement",
];

fn need<T: Clone>(v: &Option<T>, field: &str, kind: &str) -> Result<T, String> {
    v.clone()
        .ok_or_else(|| format!("kind `{kind}` needs the field `{field}`"))
}

fn subject_of(raw: &RawEvent) -> Result<Subject, String> {
    let word = need(&raw.subject, "subject", &raw.kind)?;
    let state = || {
        raw.state.or(raw.candidate).ok_or_else(|| {
            format!("subject `{word}` needs the field `state` (the state it concerns)")
        })
    };
    Ok(match word.as_str() {
        "invitation" => Subject::Invitation(state()?),
        "article5" => Subject::Article5(state()?),
        "impose_measure" => Subject::ImposeMeasure(state()?),
        "article4_consultation" => Subject::Article4Consultation(state()?),
        _ => Subject::Other(word),
    })
}

/// What one raw event becomes: events, or a request to expand "remaining" Allies at replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Event(Event),
    /// Every Party that has not yet deposited its acceptance for `candidate`, on `date`.
    DepositRemaining {
        date: Date,
        candidate: StateCode,
    },
}

/// Translates a raw event (with its date already parsed) into actions.
pub fn to_actions(raw: &RawEvent, date: Date) -> Result<Vec<Action>, String> {
    let k = raw.kind.as_str();
    let ev = |kind: EventKind| Action::Event(Event { date, kind });
    let state = || need(&raw.state, "state", k);
    let candidate = || {
        raw.candidate
            .or(raw.state)
            .ok_or_else(|| format!("kind `{k}` needs the field `candidate`"))
    };
    let kind = match k {
        "treaty_signed" => EventKind::TreatySigned {
            signatories: need(&raw.states, "states", k)?,
        },
        "treaty_ratified" => EventKind::TreatyRatified { state: state()? },
        "treaty_in_force" => EventKind::TreatyInForce {
            attested: raw.attested.unwrap_or(false),
        },
        "partnership_joined" => EventKind::PartnershipJoined {
            state: state()?,
            programme: raw.programme.unwrap_or(Programme::Pfp),
        },
        "partnership_left" => EventKind::PartnershipLeft {
            state: state()?,
            programme: raw.programme.unwrap_or(Programme::Pfp),
        },
        "intensified_dialogue" => EventKind::IntensifiedDialogue { state: state()? },
        "map_joined" => EventKind::MapJoined { state: state()? },
        "application" => EventKind::Application { state: state()? },
        "summit_declaration" => EventKind::SummitDeclaration {
            states: raw.states.clone().unwrap_or_default(),
        },
        "invitation" => EventKind::Decision {
            subject: Subject::Invitation(candidate()?),
            consenting: raw.consenting.clone(),
        },
        "decision" => EventKind::Decision {
            subject: subject_of(raw)?,
            consenting: raw.consenting.clone(),
        },
        "objection" => EventKind::Objection {
            by: need(&raw.by, "by", k)?,
            subject: subject_of(raw)?,
        },
        "objection_withdrawn" => EventKind::ObjectionWithdrawn {
            by: need(&raw.by, "by", k)?,
            subject: subject_of(raw)?,
        },
        "silence_procedure_opened" => EventKind::SilenceProcedureOpened {
            subject: subject_of(raw)?,
            deadline: parse_date(&need(&raw.deadline, "deadline", k)?)?,
        },
        "silence_broken" => EventKind::SilenceBroken {
            by: need(&raw.by, "by", k)?,
            subject: subject_of(raw)?,
        },
        "silence_deadline" => EventKind::SilenceDeadline {
            subject: subject_of(raw)?,
        },
        "protocol_signed" => EventKind::ProtocolSigned {
            candidates: match (&raw.candidates, raw.candidate.or(raw.state)) {
                (Some(v), _) => v.clone(),
                (None, Some(c)) => vec![c],
                (None, None) => {
                    return Err(format!("kind `{k}` needs `candidates` (or `candidate`)"))
                }
            },
        },
        "parliament_approved" | "ratification_deposited" => {
            let cand = candidate()?;
            let allies: Vec<StateCode> = match (&raw.allies, raw.ally) {
                (Some(AlliesSpec::Word(w)), _) if w == "remaining" && k == "ratification_deposited" => {
                    return Ok(vec![Action::DepositRemaining { date, candidate: cand }]);
                }
                (Some(AlliesSpec::Word(w)), _) => {
                    return Err(format!(
                        "`allies = \"{w}\"` is not understood: give a list of codes, or \"remaining\" (ratification_deposited only)"
                    ))
                }
                (Some(AlliesSpec::List(v)), _) => v.clone(),
                (None, Some(a)) => vec![a],
                (None, None) => return Err(format!("kind `{k}` needs `ally` (or `allies`)")),
            };
            return Ok(allies
                .into_iter()
                .map(|ally| {
                    ev(if k == "parliament_approved" {
                        EventKind::ParliamentApproved {
                            ally,
                            candidate: cand,
                        }
                    } else {
                        EventKind::RatificationDeposited {
                            ally,
                            candidate: cand,
                        }
                    })
                })
                .collect());
        }
        "protocol_in_force" => EventKind::ProtocolInForce {
            candidate: candidate()?,
            attested: raw.attested.unwrap_or(false),
        },
        "accession_deposited" => EventKind::AccessionDeposited { state: state()? },
        "article4_request" => EventKind::Article4Request {
            requested_by: need(&raw.requested_by, "requested_by", k)?,
        },
        "article5_invocation" => EventKind::Decision {
            subject: Subject::Article5(need(&raw.attacked, "attacked", k)?),
            consenting: raw.consenting.clone(),
        },
        "assistance_declared" => EventKind::AssistanceDeclared {
            ally: raw
                .ally
                .or(raw.state)
                .ok_or("kind `assistance_declared` needs `ally`")?,
        },
        "integrated_command_left" => EventKind::IntegratedCommandLeft { state: state()? },
        "integrated_command_rejoined" => EventKind::IntegratedCommandRejoined { state: state()? },
        "denunciation_notice" => EventKind::DenunciationNotice { state: state()? },
        "expulsion_proposed" => EventKind::ExpulsionProposed {
            target: raw
                .target
                .or(raw.state)
                .ok_or("kind `expulsion_proposed` needs `target`")?,
        },
        "suspension_proposed" => EventKind::SuspensionProposed {
            target: raw
                .target
                .or(raw.state)
                .ok_or("kind `suspension_proposed` needs `target`")?,
        },
        "territory_change" => EventKind::TerritoryChange {
            territory: need(&raw.territory, "territory", k)?,
        },
        "third_country_demand" => EventKind::ThirdCountryDemand {
            state: state()?,
            concerning: raw.concerning.clone().unwrap_or_default(),
        },
        "diplomatic_exchange" => EventKind::DiplomaticExchange {
            states: raw.states.clone().unwrap_or_default(),
        },
        "agreement" => EventKind::Agreement {
            states: raw.states.clone().unwrap_or_default(),
        },
        other => {
            return Err(format!(
                "unknown kind `{}`; known kinds: {}",
                other.escape_debug(),
                KINDS.join(", ")
            ))
        }
    };
    Ok(vec![ev(kind)])
}

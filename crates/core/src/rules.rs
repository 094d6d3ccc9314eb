//! The rule catalogue. Every rule is a value: a stable id, the provision it rests on (an article
//! of the treaty, or NATO practice with its founding text cited), a one-line summary, and a
//! check. A check looks at the alliance as it stands and at one event; it returns `Err` with a
//! plain explanation when the event is not allowed.

use crate::treaty::{ArticleRole, TreatyDefinition};
use crate::{Alliance, Event, EventKind, Gazetteer, StateCode, Subject};
use jiff::civil::Date;
use jiff::ToSpan;
use serde::Serialize;

/// What a rule rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provision {
    /// An article of the treaty, by its role (numbered by the treaty definition).
    Article(ArticleRole),
    /// NATO practice, with the text that founded it.
    Practice(&'static str),
    /// What the treaty leaves out: there is no clause for the move.
    NoClause(&'static str),
    /// The engine's own bookkeeping (dates in order, known states).
    Engine(&'static str),
}

impl Provision {
    /// The citation, e.g. "Article 10" or "NATO practice (...)".
    pub fn cite(&self, treaty: &TreatyDefinition) -> String {
        match self {
            Provision::Article(role) => format!("Article {}", treaty.article(*role)),
            Provision::Practice(basis) => format!("NATO practice ({basis})"),
            Provision::NoClause(what) => format!("no treaty clause ({what})"),
            Provision::Engine(what) => format!("opendoor ({what})"),
        }
    }
}

/// What a rule's check sees.
pub struct Ctx<'a> {
    pub treaty: &'a TreatyDefinition,
    pub gazetteer: &'a Gazetteer,
    pub alliance: &'a Alliance,
}

/// `Ok(())` when allowed, `Err(explanation)` when not.
pub type Check = fn(&Ctx, &Event) -> Result<(), String>;

/// A rule of the treaty's machinery.
pub struct Rule {
    pub id: &'static str,
    pub provision: Provision,
    pub summary: &'static str,
    pub check: Check,
}

/// A rule as listed by `opendoor rules`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RuleEntry {
    pub id: &'static str,
    pub article: String,
    pub summary: &'static str,
}

/// An event the rules refuse.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Violation {
    /// The rule's stable id.
    pub rule: &'static str,
    /// The provision, as cited ("Article 10").
    pub article: String,
    /// A plain explanation of what was wrong.
    pub explanation: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} [{}]: {}", self.rule, self.article, self.explanation)
    }
}
impl std::error::Error for Violation {}

/// The catalogue, in the order checks run.
pub fn catalogue() -> &'static [Rule] {
    RULES
}

/// The catalogue with articles cited under `treaty`.
pub fn entries(treaty: &TreatyDefinition) -> Vec<RuleEntry> {
    RULES
        .iter()
        .map(|r| RuleEntry {
            id: r.id,
            article: r.provision.cite(treaty),
            summary: r.summary,
        })
        .collect()
}

/// Runs every rule on `event`; the first refusal wins.
pub fn check(ctx: &Ctx, event: &Event) -> Result<(), Violation> {
    for rule in RULES {
        if let Err(explanation) = (rule.check)(ctx, event) {
            return Err(Violation {
                rule: rule.id,
                article: rule.provision.cite(ctx.treaty),
                explanation,
            });
        }
    }
    Ok(())
}

const PFP: &str = "Partnership for Peace Framework Document, Brussels, 10 January 1994; \
                   Membership Action Plan, Washington summit, 24 April 1999";
const CONSENSUS: &str =
    "consensus decision-making, no votes: a decision stands when no Ally objects";
const SILENCE: &str =
    "silence procedure: a draft is adopted at its deadline unless an Ally breaks silence";
const ICM: &str = "the integrated military command is NATO's organisation, not the treaty: \
                   France 1966-2009 and Greece 1974-1980 left it and stayed Parties";

static RULES: &[Rule] = &[
    Rule {
        id: "engine.chronology",
        provision: Provision::Engine("events apply in date order"),
        summary: "An event cannot be dated before the last event applied.",
        check: chronology,
    },
    Rule {
        id: "engine.known_state",
        provision: Provision::Engine("every state is in the gazetteer"),
        summary: "Every state an event names must be known (ISO 3166-1 alpha-2 code).",
        check: known_states,
    },
    Rule {
        id: "art11.signature",
        provision: Provision::Article(ArticleRole::EntryIntoForce),
        summary: "The treaty is signed once, by its original signatories, before it can be ratified.",
        check: signature,
    },
    Rule {
        id: "art11.ratification_by_signatory",
        provision: Provision::Article(ArticleRole::EntryIntoForce),
        summary: "Only a signatory ratifies the treaty, once; others join by accession (Art. 10).",
        check: ratification_by_signatory,
    },
    Rule {
        id: "art11.entry_into_force",
        provision: Provision::Article(ArticleRole::EntryIntoForce),
        summary: "The treaty enters into force once a majority of signatories, including the states Article 11 names, have deposited.",
        check: entry_into_force,
    },
    Rule {
        id: "art10.no_third_country_veto",
        provision: Provision::Article(ArticleRole::OpenDoor),
        summary: "Invitations are for the Parties alone: a state that is not a Party has no objection, vote or veto.",
        check: no_third_country_veto,
    },
    Rule {
        id: "art9.council_is_the_parties",
        provision: Provision::Article(ArticleRole::Council),
        summary: "Only Parties take part in the Council's decisions and accept accession protocols.",
        check: council_is_the_parties,
    },
    Rule {
        id: "art4.any_party_may_request",
        provision: Provision::Article(ArticleRole::Consultation),
        summary: "Any Party, and only a Party, may request consultations; no approval is needed.",
        check: article4,
    },
    Rule {
        id: "art5.attack_on_a_party",
        provision: Provision::Article(ArticleRole::CollectiveDefence),
        summary: "Article 5 applies only to an armed attack on a Party for which the treaty is in force.",
        check: article5_party,
    },
    Rule {
        id: "art5.national_means",
        provision: Provision::Article(ArticleRole::CollectiveDefence),
        summary: "Each Party takes such action as it deems necessary: no decision can impose the means; measures follow a determination.",
        check: article5_means,
    },
    Rule {
        id: "art10.european_state",
        provision: Provision::Article(ArticleRole::OpenDoor),
        summary: "Only a European state may be invited to accede.",
        check: european_state,
    },
    Rule {
        id: "art10.invitee_not_party",
        provision: Provision::Article(ArticleRole::OpenDoor),
        summary: "Only an \"other\" state, not already a Party nor already invited, may be invited.",
        check: invitee_not_party,
    },
    Rule {
        id: "art10.unanimous_agreement",
        provision: Provision::Article(ArticleRole::OpenDoor),
        summary: "An invitation needs the agreement of every Party in force on that date.",
        check: unanimous_invitation,
    },
    Rule {
        id: "practice.consensus",
        provision: Provision::Practice(CONSENSUS),
        summary: "Every other Council decision is taken by consensus: any Party's objection blocks it.",
        check: consensus,
    },
    Rule {
        id: "practice.silence_procedure",
        provision: Provision::Practice(SILENCE),
        summary: "Silence can be broken only while a procedure is open; the outcome is read at the deadline.",
        check: silence_procedure,
    },
    Rule {
        id: "art10.protocol_after_invitation",
        provision: Provision::Article(ArticleRole::OpenDoor),
        summary: "An accession protocol is signed only for invited states that are not yet Parties.",
        check: protocol_after_invitation,
    },
    Rule {
        id: "art10.acceptance_by_each_party",
        provision: Provision::Article(ArticleRole::OpenDoor),
        summary: "Each Party deposits its acceptance of a signed, pending protocol once; a parliament may approve earlier.",
        check: acceptance_by_each_party,
    },
    Rule {
        id: "art10.protocol_in_force",
        provision: Provision::Article(ArticleRole::OpenDoor),
        summary: "A protocol enters into force only when every Party has deposited its acceptance.",
        check: protocol_in_force,
    },
    Rule {
        id: "art10.instrument_of_accession",
        provision: Provision::Article(ArticleRole::OpenDoor),
        summary: "A candidate becomes a Party by depositing its instrument of accession, only once its protocol is in force.",
        check: instrument_of_accession,
    },
    Rule {
        id: "art13.withdrawal",
        provision: Provision::Article(ArticleRole::Withdrawal),
        summary: "A Party may give notice only after the treaty has been in force twenty years; it ceases to be a Party one year later.",
        check: withdrawal,
    },
    Rule {
        id: "treaty.no_expulsion",
        provision: Provision::NoClause("the treaty has no expulsion clause; only a Party's own notice under Art. 13 ends membership"),
        summary: "No Party can be expelled.",
        check: no_expulsion,
    },
    Rule {
        id: "treaty.no_suspension",
        provision: Provision::NoClause("the treaty has no suspension clause"),
        summary: "No Party can be suspended.",
        check: no_suspension,
    },
    Rule {
        id: "practice.integrated_command",
        provision: Provision::Practice(ICM),
        summary: "Only a Party leaves or rejoins the integrated military command; doing so leaves membership unchanged.",
        check: integrated_command,
    },
    Rule {
        id: "practice.partnership_and_map",
        provision: Provision::Practice(PFP),
        summary: "Partnerships, MAP, dialogue and applications are for states that are not Parties.",
        check: partnership_and_map,
    },
    Rule {
        id: "art6.territory_change",
        provision: Provision::Article(ArticleRole::TreatyArea),
        summary: "Each change of the treaty area (Algerian independence, German reunification) happens once.",
        check: territory_change,
    },
];

// ---- helpers ---------------------------------------------------------------------------------

fn name(ctx: &Ctx, code: StateCode) -> String {
    ctx.gazetteer.name(code)
}

fn not_party_text(ctx: &Ctx, code: StateCode, date: Date) -> String {
    format!("{} ({code}) is not a Party on {date}", name(ctx, code))
}

fn treaty_in_force(ctx: &Ctx, date: Date) -> bool {
    ctx.alliance.in_force.is_some_and(|d| d <= date)
}

// ---- checks ----------------------------------------------------------------------------------

fn chronology(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    match ctx.alliance.last_date {
        Some(last) if ev.date < last => Err(format!(
            "this event is dated {} but the history already reaches {last}; events apply in date order",
            ev.date
        )),
        _ => Ok(()),
    }
}

fn known_states(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    let mut unknown = None;
    ev.kind.for_each_state(|c| {
        if unknown.is_none() && ctx.gazetteer.get(c).is_none() {
            unknown = Some(c);
        }
    });
    match unknown {
        Some(c) => Err(format!(
            "unknown state code {c}; use an ISO 3166-1 alpha-2 code listed by `opendoor states`"
        )),
        None => Ok(()),
    }
}

fn signature(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    let a = ctx.alliance;
    match &ev.kind {
        EventKind::TreatySigned { signatories } => {
            if let Some(d) = a.signed_on {
                return Err(format!("the treaty was already signed on {d}"));
            }
            if signatories.is_empty() {
                return Err("a treaty needs at least one signatory".into());
            }
            Ok(())
        }
        EventKind::TreatyRatified { .. } | EventKind::TreatyInForce { .. }
            if a.signed_on.is_none() =>
        {
            Err("the treaty has not been signed yet".into())
        }
        _ => Ok(()),
    }
}

fn ratification_by_signatory(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    let a = ctx.alliance;
    if let EventKind::TreatyRatified { state } = &ev.kind {
        if !a.signatories.contains(state) {
            return Err(format!(
                "{} ({state}) did not sign the treaty; a state that did not sign joins by invitation and accession (Art. {})",
                name(ctx, *state),
                ctx.treaty.article(ArticleRole::OpenDoor)
            ));
        }
        if let Some(d) = a.treaty_ratified.get(state) {
            return Err(format!(
                "{} already deposited its instrument of ratification on {d}",
                name(ctx, *state)
            ));
        }
    }
    Ok(())
}

fn entry_into_force(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    let a = ctx.alliance;
    if let EventKind::TreatyInForce { attested } = &ev.kind {
        if let Some(d) = a.in_force {
            return Err(format!("the treaty already entered into force on {d}"));
        }
        if *attested {
            return Ok(());
        }
        let rules = &ctx.treaty.entry_into_force;
        let missing: Vec<String> = rules
            .required_states
            .iter()
            .filter(|c| !a.treaty_ratified.contains_key(c))
            .map(|c| c.to_string())
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "Article {} requires the ratifications of {} before entry into force; missing: {}",
                ctx.treaty.article(ArticleRole::EntryIntoForce),
                rules
                    .required_states
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                missing.join(", ")
            ));
        }
        if rules.majority_of_signatories && a.treaty_ratified.len() * 2 <= a.signatories.len() {
            return Err(format!(
                "only {} of {} signatories have deposited; a majority is needed",
                a.treaty_ratified.len(),
                a.signatories.len()
            ));
        }
    }
    Ok(())
}

/// The states acting in an event in a way only a Party may, with the subject they act on.
fn acting_states(kind: &EventKind) -> (Vec<StateCode>, Option<&Subject>) {
    match kind {
        EventKind::Objection { by, subject }
        | EventKind::ObjectionWithdrawn { by, subject }
        | EventKind::SilenceBroken { by, subject } => (vec![*by], Some(subject)),
        EventKind::Decision {
            subject,
            consenting: Some(v),
        } => (v.clone(), Some(subject)),
        _ => (Vec::new(), None),
    }
}

fn no_third_country_veto(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    let (actors, subject) = acting_states(&ev.kind);
    let Some(Subject::Invitation(candidate)) = subject else {
        return Ok(());
    };
    for c in actors {
        if !ctx.alliance.is_party(c, ev.date) {
            let what = match &ev.kind {
                EventKind::Objection { .. } => "its objection (a veto)",
                EventKind::ObjectionWithdrawn { .. } => "its withdrawal of an objection",
                EventKind::SilenceBroken { .. } => "its breaking of silence",
                _ => "its consent",
            };
            return Err(format!(
                "{}: it has no standing in the Allies' decision to invite {}, and {what} is refused. \
                 Under Article {} only the Parties decide, by unanimous agreement; no third country has a veto",
                not_party_text(ctx, c, ev.date),
                name(ctx, *candidate),
                ctx.treaty.article(ArticleRole::OpenDoor)
            ));
        }
    }
    Ok(())
}

fn council_is_the_parties(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    let (actors, _) = acting_states(&ev.kind);
    for c in actors {
        if !ctx.alliance.is_party(c, ev.date) {
            return Err(format!(
                "{}: only Parties sit in the Council and take part in its decisions",
                not_party_text(ctx, c, ev.date)
            ));
        }
    }
    if let EventKind::RatificationDeposited { ally, candidate } = &ev.kind {
        if !ctx.alliance.is_party(*ally, ev.date) {
            return Err(format!(
                "{}: only Parties accept the protocol on {}'s accession",
                not_party_text(ctx, *ally, ev.date),
                name(ctx, *candidate)
            ));
        }
    }
    Ok(())
}

fn invitation_subject(ev: &Event) -> Option<StateCode> {
    match &ev.kind {
        EventKind::Decision {
            subject: Subject::Invitation(c),
            ..
        }
        | EventKind::SilenceProcedureOpened {
            subject: Subject::Invitation(c),
            ..
        } => Some(*c),
        _ => None,
    }
}

fn european_state(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    let Some(c) = invitation_subject(ev) else {
        return Ok(());
    };
    match ctx.gazetteer.get(c) {
        Some(s) if s.european => Ok(()),
        Some(s) => Err(format!(
            "{} ({c}) is not a European state; Article {} allows the Parties to invite only \"any other European State\"{}",
            s.name,
            ctx.treaty.article(ArticleRole::OpenDoor),
            s.contested
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        )),
        None => Err(format!("unknown state {c}")),
    }
}

fn invitee_not_party(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    let Some(c) = invitation_subject(ev) else {
        return Ok(());
    };
    let a = ctx.alliance;
    if a.is_party(c, ev.date) {
        return Err(format!(
            "{} is already a Party; Article {} invites \"any other\" state",
            name(ctx, c),
            ctx.treaty.article(ArticleRole::OpenDoor)
        ));
    }
    if let EventKind::Decision { .. } = ev.kind {
        if let Some(d) = a.invited.get(&c) {
            return Err(format!("{} was already invited on {d}", name(ctx, c)));
        }
    }
    Ok(())
}

/// Checks consensus for a decision; `None` when the event is not a consensus decision.
fn consensus_failure(ctx: &Ctx, ev: &Event) -> Option<String> {
    let EventKind::Decision {
        subject,
        consenting,
    } = &ev.kind
    else {
        return None;
    };
    let a = ctx.alliance;
    if !treaty_in_force(ctx, ev.date) {
        return Some(format!(
            "the treaty is not in force on {}: there are no Parties to decide",
            ev.date
        ));
    }
    let objecting = a.standing_objections(subject, ev.date);
    if !objecting.is_empty() {
        return Some(format!(
            "not adopted: {} object{} to the {}; consensus needs every Party",
            objecting
                .iter()
                .map(|c| format!("{} ({c})", name(ctx, *c)))
                .collect::<Vec<_>>()
                .join(", "),
            if objecting.len() == 1 { "s" } else { "" },
            subject.describe()
        ));
    }
    if let Some(list) = consenting {
        let missing: Vec<String> = a
            .parties_on(ev.date)
            .filter(|p| !list.contains(p))
            .map(|p| p.to_string())
            .collect();
        if !missing.is_empty() {
            return Some(format!(
                "not adopted: the consent of {} is missing; consensus needs every Party in force on {}",
                missing.join(", "),
                ev.date
            ));
        }
    }
    None
}

fn unanimous_invitation(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    match (&ev.kind, consensus_failure(ctx, ev)) {
        (
            EventKind::Decision {
                subject: Subject::Invitation(_),
                ..
            },
            Some(why),
        ) => Err(why),
        _ => Ok(()),
    }
}

fn consensus(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    match &ev.kind {
        EventKind::Decision {
            subject: Subject::Invitation(_),
            ..
        } => Ok(()),
        EventKind::Decision { .. } => consensus_failure(ctx, ev).map_or(Ok(()), Err),
        _ => Ok(()),
    }
}

fn silence_procedure(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    let a = ctx.alliance;
    match &ev.kind {
        EventKind::SilenceProcedureOpened { subject, deadline } => {
            if !treaty_in_force(ctx, ev.date) {
                return Err("the treaty is not in force: there is no Council yet".into());
            }
            if *deadline < ev.date {
                return Err(format!(
                    "the deadline {deadline} is before the procedure opens ({})",
                    ev.date
                ));
            }
            if a.silence.contains_key(subject) {
                return Err(format!(
                    "a silence procedure on the {} is already open",
                    subject.describe()
                ));
            }
            Ok(())
        }
        EventKind::SilenceBroken { subject, .. } => match a.silence.get(subject) {
            None => Err(format!(
                "no silence procedure on the {} is open",
                subject.describe()
            )),
            Some(s) if ev.date > s.deadline => Err(format!(
                "the silence procedure closed on {}; silence can no longer be broken",
                s.deadline
            )),
            Some(_) => Ok(()),
        },
        EventKind::SilenceDeadline { subject } => match a.silence.get(subject) {
            None => Err(format!(
                "no silence procedure on the {} is open",
                subject.describe()
            )),
            Some(s) if ev.date < s.deadline => Err(format!(
                "the deadline is {}; the outcome cannot be read on {}",
                s.deadline, ev.date
            )),
            Some(_) => Ok(()),
        },
        _ => Ok(()),
    }
}

fn protocol_after_invitation(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    let EventKind::ProtocolSigned { candidates } = &ev.kind else {
        return Ok(());
    };
    if candidates.is_empty() {
        return Err("a protocol names at least one candidate".into());
    }
    let a = ctx.alliance;
    for c in candidates {
        if a.is_party(*c, ev.date) {
            return Err(format!("{} is already a Party", name(ctx, *c)));
        }
        if !a.invited.contains_key(c) {
            return Err(format!(
                "{} ({c}) has not been invited; under Article {} the Parties first agree unanimously to invite it",
                name(ctx, *c),
                ctx.treaty.article(ArticleRole::OpenDoor)
            ));
        }
        if let Some((_, p)) = a.open_protocol(*c) {
            return Err(format!(
                "a protocol for {} signed on {} is already pending",
                name(ctx, *c),
                p.signed
            ));
        }
    }
    Ok(())
}

fn acceptance_by_each_party(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    let a = ctx.alliance;
    match &ev.kind {
        EventKind::ParliamentApproved { ally, candidate } => {
            // A parliament may consent ahead of signature, even ahead of the invitation
            // (Denmark and Iceland, 7 June 2022): a national act, so only standing is checked.
            if ally == candidate {
                return Err(format!(
                    "{} is the candidate: it accedes by its own instrument, it does not approve its own protocol",
                    name(ctx, *ally)
                ));
            }
            if a.is_party(*candidate, ev.date) {
                return Err(format!("{} is already a Party", name(ctx, *candidate)));
            }
            if !a.is_party(*ally, ev.date) && a.open_protocol(*ally).is_none() {
                return Err(format!(
                    "{}, nor a candidate about to become one: its parliament has no part in {}'s accession",
                    not_party_text(ctx, *ally, ev.date),
                    name(ctx, *candidate)
                ));
            }
            Ok(())
        }
        EventKind::RatificationDeposited { ally, candidate } => {
            let Some((_, p)) = a.open_protocol(*candidate) else {
                return Err(format!(
                    "no accession protocol for {} is pending (signed and not yet in force)",
                    name(ctx, *candidate)
                ));
            };
            if let Some(d) = p.deposited.get(ally) {
                return Err(format!(
                    "{} already deposited its acceptance{}",
                    name(ctx, *ally),
                    d.map(|d| format!(" on {d}")).unwrap_or_default()
                ));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn protocol_in_force(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    let EventKind::ProtocolInForce {
        candidate,
        attested,
    } = &ev.kind
    else {
        return Ok(());
    };
    let a = ctx.alliance;
    let Some((_, p)) = a.open_protocol(*candidate) else {
        return Err(format!(
            "no accession protocol for {} is pending",
            name(ctx, *candidate)
        ));
    };
    if *attested {
        return Ok(());
    }
    let missing: Vec<String> = a
        .parties_on(ev.date)
        .filter(|c| !p.deposited.contains_key(c))
        .map(|c| c.to_string())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the protocol on {}'s accession cannot enter into force: {} Part{} ha{} not deposited {} acceptance ({})",
            name(ctx, *candidate),
            missing.len(),
            if missing.len() == 1 { "y" } else { "ies" },
            if missing.len() == 1 { "s" } else { "ve" },
            if missing.len() == 1 { "its" } else { "their" },
            missing.join(", ")
        ))
    }
}

fn instrument_of_accession(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    let EventKind::AccessionDeposited { state } = &ev.kind else {
        return Ok(());
    };
    let a = ctx.alliance;
    if a.is_party(*state, ev.date) {
        return Err(format!("{} is already a Party", name(ctx, *state)));
    }
    match a.protocol(*state) {
        Some(p) if p.in_force.is_some_and(|d| d <= ev.date) && !p.acceded.contains_key(state) => {
            Ok(())
        }
        Some(p) if p.in_force.is_none() => Err(format!(
            "the protocol on {}'s accession (signed {}) is not yet in force: every Party must first deposit its acceptance",
            name(ctx, *state),
            p.signed
        )),
        _ => Err(format!(
            "{} has no accession protocol in force; it must be invited (Art. {}) and its protocol accepted by every Party",
            name(ctx, *state),
            ctx.treaty.article(ArticleRole::OpenDoor)
        )),
    }
}

fn article4(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    match &ev.kind {
        EventKind::Article4Request { requested_by } => {
            if requested_by.is_empty() {
                return Err("an Article 4 request names the Party or Parties making it".into());
            }
            for c in requested_by {
                if !ctx.alliance.is_party(*c, ev.date) {
                    return Err(format!(
                        "{}: Article {} lets the Parties consult; a state that is not a Party cannot request consultations",
                        not_party_text(ctx, *c, ev.date),
                        ctx.treaty.article(ArticleRole::Consultation)
                    ));
                }
            }
            Ok(())
        }
        EventKind::Objection {
            subject: Subject::Article4Consultation(c),
            ..
        }
        | EventKind::Decision {
            subject: Subject::Article4Consultation(c),
            ..
        }
        | EventKind::SilenceProcedureOpened {
            subject: Subject::Article4Consultation(c),
            ..
        } => Err(format!(
            "a request for consultations by {} needs no one's approval: any Party may request them, and none can block them",
            name(ctx, *c)
        )),
        _ => Ok(()),
    }
}

fn article5_party(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    let attacked = match &ev.kind {
        EventKind::Decision {
            subject: Subject::Article5(c),
            ..
        }
        | EventKind::SilenceProcedureOpened {
            subject: Subject::Article5(c),
            ..
        } => *c,
        _ => return Ok(()),
    };
    if !treaty_in_force(ctx, ev.date) {
        return Err(format!(
            "the treaty is not in force on {}; Article {} cannot apply before entry into force (Art. {})",
            ev.date,
            ctx.treaty.article(ArticleRole::CollectiveDefence),
            ctx.treaty.article(ArticleRole::EntryIntoForce)
        ));
    }
    if !ctx.alliance.is_party(attacked, ev.date) {
        return Err(format!(
            "{}: an attack on it is not an attack on a Party",
            not_party_text(ctx, attacked, ev.date)
        ));
    }
    Ok(())
}

fn article5_means(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    match &ev.kind {
        EventKind::Decision {
            subject: Subject::ImposeMeasure(c),
            ..
        }
        | EventKind::SilenceProcedureOpened {
            subject: Subject::ImposeMeasure(c),
            ..
        } => Err(format!(
            "Article {} leaves the means to each Party (\"such action as it deems necessary\"): no decision can impose a measure on {}",
            ctx.treaty.article(ArticleRole::CollectiveDefence),
            name(ctx, *c)
        )),
        EventKind::AssistanceDeclared { ally } => {
            if !ctx.alliance.is_party(*ally, ev.date) {
                return Err(format!(
                    "{}: Article {} binds the Parties",
                    not_party_text(ctx, *ally, ev.date),
                    ctx.treaty.article(ArticleRole::CollectiveDefence)
                ));
            }
            if ctx.alliance.article5.is_empty() {
                return Err(format!(
                    "no Article {} determination has been made",
                    ctx.treaty.article(ArticleRole::CollectiveDefence)
                ));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn withdrawal(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    let EventKind::DenunciationNotice { state } = &ev.kind else {
        return Ok(());
    };
    let a = ctx.alliance;
    let art = ctx.treaty.article(ArticleRole::Withdrawal);
    let Some(p) = a.parties.get(state).filter(|p| p.in_force_on(ev.date)) else {
        return Err(format!(
            "{}: only a Party can denounce the treaty",
            not_party_text(ctx, *state, ev.date)
        ));
    };
    if let Some(n) = p.notice {
        return Err(format!("{} already gave notice on {n}", name(ctx, *state)));
    }
    let years = ctx.treaty.withdrawal.years_in_force_before_notice;
    let Some(in_force) = a.in_force else {
        return Err("the treaty is not in force".into());
    };
    let earliest = in_force
        .checked_add(i64::from(years).years())
        .map_err(|e| e.to_string())?;
    if ev.date < earliest {
        return Err(format!(
            "Article {art} allows notice only after the treaty has been in force {years} years, i.e. from {earliest}; {} is too early",
            ev.date
        ));
    }
    Ok(())
}

fn no_expulsion(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    match &ev.kind {
        EventKind::ExpulsionProposed { target } => Err(format!(
            "the treaty has no procedure to expel a Party: {} can cease to be a Party only by its own notice under Article {}",
            name(ctx, *target),
            ctx.treaty.article(ArticleRole::Withdrawal)
        )),
        _ => Ok(()),
    }
}

fn no_suspension(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    match &ev.kind {
        EventKind::SuspensionProposed { target } => Err(format!(
            "the treaty has no procedure to suspend a Party; {} keeps all its rights, including its say in every consensus",
            name(ctx, *target)
        )),
        _ => Ok(()),
    }
}

fn integrated_command(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    let (state, leaving) = match &ev.kind {
        EventKind::IntegratedCommandLeft { state } => (*state, true),
        EventKind::IntegratedCommandRejoined { state } => (*state, false),
        _ => return Ok(()),
    };
    let Some(p) = ctx
        .alliance
        .parties
        .get(&state)
        .filter(|p| p.in_force_on(ev.date))
    else {
        return Err(format!(
            "{}: only a Party takes part in the integrated military command",
            not_party_text(ctx, state, ev.date)
        ));
    };
    match (leaving, p.outside_integrated_command) {
        (true, Some(d)) => Err(format!(
            "{} has been outside the integrated command since {d}",
            name(ctx, state)
        )),
        (false, None) => Err(format!(
            "{} is not outside the integrated command",
            name(ctx, state)
        )),
        _ => Ok(()),
    }
}

fn partnership_and_map(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    let a = ctx.alliance;
    let (state, what) = match &ev.kind {
        EventKind::PartnershipJoined { state, programme } => {
            if a.partners.contains_key(&(*state, *programme)) {
                return Err(format!(
                    "{} is already in the {}",
                    name(ctx, *state),
                    programme.label()
                ));
            }
            (*state, "join a partnership")
        }
        EventKind::PartnershipLeft { state, programme } => {
            if !a.partners.contains_key(&(*state, *programme)) {
                return Err(format!(
                    "{} is not in the {}",
                    name(ctx, *state),
                    programme.label()
                ));
            }
            return Ok(());
        }
        EventKind::MapJoined { state } => (*state, "join the Membership Action Plan"),
        EventKind::IntensifiedDialogue { state } => (*state, "open an Intensified Dialogue"),
        EventKind::Application { state } => (*state, "apply for membership"),
        _ => return Ok(()),
    };
    if a.is_party(state, ev.date) {
        return Err(format!(
            "{} is already a Party on {}: it cannot {what}",
            name(ctx, state),
            ev.date
        ));
    }
    Ok(())
}

fn territory_change(ctx: &Ctx, ev: &Event) -> Result<(), String> {
    let a = ctx.alliance;
    match &ev.kind {
        EventKind::TerritoryChange {
            territory: crate::Territory::AlgerianDepartments,
        } if a.algerian_independence.is_some() => {
            Err("Algeria's independence is already recorded".into())
        }
        EventKind::TerritoryChange {
            territory: crate::Territory::FormerGdr,
        } if a.german_reunification.is_some() => {
            Err("German reunification is already recorded".into())
        }
        _ => Ok(()),
    }
}

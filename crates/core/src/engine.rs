//! The fold: applying events one by one, each checked by every rule before it changes anything.

use crate::alliance::{Alliance, PartyRecord, Protocol, Silence};
use crate::chronicle::{Chronicle, Mark};
use crate::rules::{self, Ctx, Violation};
use crate::treaty::TreatyDefinition;
use crate::{Event, EventKind, Gazetteer, StateCode, Subject, Territory};
use jiff::civil::Date;
use jiff::ToSpan;
use serde::Serialize;

/// What an allowed event did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Outcome {
    /// A fact with no change of anyone's legal position (a declaration, talks, a demand...).
    Recorded,
    TreatySigned,
    /// A signatory's ratification; `party_from` is set when the treaty is already in force.
    TreatyRatified {
        party_from: Option<Date>,
    },
    /// The treaty entered into force for these states.
    TreatyInForce {
        parties: Vec<StateCode>,
    },
    Adopted {
        subject: Subject,
    },
    /// The same determination was made again (e.g. Art. 5 confirmed, October 2001).
    Confirmed {
        subject: Subject,
    },
    /// A silence procedure ended with silence broken.
    NotAdopted {
        subject: Subject,
        broken_by: Vec<StateCode>,
    },
    /// An Ally accepted a protocol; `deposited` acceptances are now in (constant time: the
    /// Parties still to deposit are a query, see `path` and the summaries).
    Accepted {
        deposited: usize,
    },
    /// The protocol entered into force; `unknown_dates` lists the Parties whose deposit the
    /// record attests without a date.
    ProtocolInForce {
        unknown_dates: Vec<StateCode>,
    },
    BecameParty {
        state: StateCode,
    },
    /// Notice of denunciation given; the state ceases to be a Party on `effective`.
    WithdrawalNoticed {
        effective: Date,
    },
    /// A non-Party's demand, noted: it has no standing in any Alliance decision.
    NoStanding {
        state: StateCode,
    },
}

impl Outcome {
    /// One line for people.
    pub fn describe(&self) -> String {
        match self {
            Outcome::Recorded => "recorded".into(),
            Outcome::TreatySigned => "treaty signed".into(),
            Outcome::TreatyRatified {
                party_from: Some(d),
            } => format!("ratified; Party from {d}"),
            Outcome::TreatyRatified { party_from: None } => {
                "ratified; Party once the treaty enters into force".into()
            }
            Outcome::TreatyInForce { parties } => {
                format!("treaty in force for {} Parties", parties.len())
            }
            Outcome::Adopted { subject } => format!("adopted: {}", subject.describe()),
            Outcome::Confirmed { subject } => format!("confirmed: {}", subject.describe()),
            Outcome::NotAdopted { subject, broken_by } => format!(
                "not adopted: {} (silence broken by {})",
                subject.describe(),
                broken_by
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Outcome::Accepted { deposited } => {
                format!(
                    "accepted ({deposited} acceptance{} deposited so far)",
                    if *deposited == 1 { "" } else { "s" }
                )
            }
            Outcome::ProtocolInForce { unknown_dates } if unknown_dates.is_empty() => {
                "protocol in force".into()
            }
            Outcome::ProtocolInForce { unknown_dates } => format!(
                "protocol in force (deposit dates unknown to the record for {})",
                unknown_dates
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Outcome::BecameParty { state } => format!("{state} becomes a Party"),
            Outcome::WithdrawalNoticed { effective } => {
                format!("notice given; ceases to be a Party on {effective}")
            }
            Outcome::NoStanding { state } => format!(
                "noted: {state} is not a Party and has no standing in any Alliance decision"
            ),
        }
    }
}

/// The engine: a treaty definition, the states it knows, the alliance's state and its chronicle.
#[derive(Debug, Clone)]
pub struct Engine {
    treaty: TreatyDefinition,
    gazetteer: Gazetteer,
    alliance: Alliance,
    chronicle: Chronicle,
}

impl Engine {
    pub fn new(treaty: TreatyDefinition, gazetteer: Gazetteer) -> Self {
        Engine {
            treaty,
            gazetteer,
            alliance: Alliance::default(),
            chronicle: Chronicle::default(),
        }
    }

    pub fn treaty(&self) -> &TreatyDefinition {
        &self.treaty
    }
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }
    pub fn alliance(&self) -> &Alliance {
        &self.alliance
    }
    pub fn chronicle(&self) -> &Chronicle {
        &self.chronicle
    }

    /// Checks `event` against every rule without applying it.
    pub fn check(&self, event: &Event) -> Result<(), Violation> {
        let ctx = Ctx {
            treaty: &self.treaty,
            gazetteer: &self.gazetteer,
            alliance: &self.alliance,
        };
        rules::check(&ctx, event)
    }

    /// Applies `event` if every rule allows it; on refusal nothing changes.
    pub fn apply(&mut self, event: &Event) -> Result<Outcome, Violation> {
        self.check(event)?;
        Ok(self.effect(event))
    }

    /// The transition. Only called on events the rules allowed.
    fn effect(&mut self, ev: &Event) -> Outcome {
        let date = ev.date;
        let a = &mut self.alliance;
        let ch = &mut self.chronicle;
        a.last_date = Some(date);
        match &ev.kind {
            EventKind::TreatySigned { signatories } => {
                a.signed_on = Some(date);
                a.signatories = signatories.clone();
                for s in signatories {
                    ch.mark(*s, date, Mark::Signed);
                }
                Outcome::TreatySigned
            }
            EventKind::TreatyRatified { state } => {
                a.treaty_ratified.insert(*state, date);
                if a.in_force.is_some() {
                    make_party(a, ch, *state, date);
                    Outcome::TreatyRatified {
                        party_from: Some(date),
                    }
                } else {
                    Outcome::TreatyRatified { party_from: None }
                }
            }
            EventKind::TreatyInForce { attested } => {
                a.in_force = Some(date);
                if *attested {
                    // Deposits attested without dates: bound from entry into force.
                    for s in a.signatories.clone() {
                        a.treaty_ratified.entry(s).or_insert(date);
                    }
                }
                let parties: Vec<StateCode> = a.treaty_ratified.keys().copied().collect();
                for p in &parties {
                    make_party(a, ch, *p, date);
                }
                Outcome::TreatyInForce { parties }
            }
            EventKind::PartnershipJoined { state, programme } => {
                a.partners.insert((*state, *programme), date);
                ch.mark(*state, date, Mark::PartnerJoined(*programme));
                Outcome::Recorded
            }
            EventKind::PartnershipLeft { state, programme } => {
                a.partners.remove(&(*state, *programme));
                ch.mark(*state, date, Mark::PartnerLeft(*programme));
                Outcome::Recorded
            }
            EventKind::IntensifiedDialogue { state } => {
                a.intensified_dialogue.entry(*state).or_insert(date);
                ch.mark(*state, date, Mark::Dialogue);
                Outcome::Recorded
            }
            EventKind::MapJoined { state } => {
                a.map_participants.entry(*state).or_insert(date);
                ch.mark(*state, date, Mark::Map);
                Outcome::Recorded
            }
            EventKind::Application { state } => {
                a.applicants.entry(*state).or_insert(date);
                ch.mark(*state, date, Mark::Applied);
                Outcome::Recorded
            }
            EventKind::Decision { subject, .. } => adopt(a, ch, subject, date),
            EventKind::Objection { by, subject } => {
                a.objections.entry(subject.clone()).or_default().insert(*by);
                Outcome::Recorded
            }
            EventKind::ObjectionWithdrawn { by, subject } => {
                if let Some(set) = a.objections.get_mut(subject) {
                    set.remove(by);
                }
                Outcome::Recorded
            }
            EventKind::SilenceProcedureOpened { subject, deadline } => {
                a.silence.insert(
                    subject.clone(),
                    Silence {
                        opened: date,
                        deadline: *deadline,
                        broken_by: Vec::new(),
                    },
                );
                Outcome::Recorded
            }
            EventKind::SilenceBroken { by, subject } => {
                if let Some(s) = a.silence.get_mut(subject) {
                    if !s.broken_by.contains(by) {
                        s.broken_by.push(*by);
                    }
                }
                Outcome::Recorded
            }
            EventKind::SilenceDeadline { subject } => {
                let s = a.silence.remove(subject).unwrap_or(Silence {
                    opened: date,
                    deadline: date,
                    broken_by: Vec::new(),
                });
                if s.broken_by.is_empty() {
                    adopt(a, ch, subject, date)
                } else {
                    Outcome::NotAdopted {
                        subject: subject.clone(),
                        broken_by: s.broken_by,
                    }
                }
            }
            EventKind::ProtocolSigned { candidates } => {
                let idx = a.protocols.len();
                a.protocols.push(Protocol {
                    candidates: candidates.clone(),
                    signed: date,
                    parliament_approved: Default::default(),
                    deposited: Default::default(),
                    in_force: None,
                    acceded: Default::default(),
                });
                for c in candidates {
                    a.protocol_of.insert(*c, idx);
                    ch.mark(*c, date, Mark::ProtocolSigned);
                }
                Outcome::Recorded
            }
            EventKind::ParliamentApproved { ally, candidate } => {
                if let Some(&i) = a.protocol_of.get(candidate) {
                    a.protocols[i].parliament_approved.insert(*ally, date);
                }
                Outcome::Recorded
            }
            EventKind::RatificationDeposited { ally, candidate } => {
                let Some(&i) = a.protocol_of.get(candidate) else {
                    return Outcome::Recorded;
                };
                let p = &mut a.protocols[i];
                p.deposited.insert(*ally, Some(date));
                Outcome::Accepted {
                    deposited: p.deposited.len(),
                }
            }
            EventKind::ProtocolInForce { candidate, .. } => {
                let Some(&i) = a.protocol_of.get(candidate) else {
                    return Outcome::Recorded;
                };
                let unknown: Vec<StateCode> = a
                    .parties_on(date)
                    .filter(|c| !a.protocols[i].deposited.contains_key(c))
                    .collect();
                let p = &mut a.protocols[i];
                for c in &unknown {
                    p.deposited.insert(*c, None);
                }
                p.in_force = Some(date);
                Outcome::ProtocolInForce {
                    unknown_dates: unknown,
                }
            }
            EventKind::AccessionDeposited { state } => {
                if let Some(&i) = a.protocol_of.get(state) {
                    a.protocols[i].acceded.insert(*state, date);
                }
                a.invited.remove(state);
                make_party(a, ch, *state, date);
                Outcome::BecameParty { state: *state }
            }
            EventKind::Article4Request { requested_by } => {
                a.consultations.push((date, requested_by.clone()));
                Outcome::Recorded
            }
            EventKind::IntegratedCommandLeft { state } => {
                if let Some(p) = a.parties.get_mut(state) {
                    p.outside_integrated_command = Some(date);
                }
                ch.mark(*state, date, Mark::LeftIntegratedCommand);
                Outcome::Recorded
            }
            EventKind::IntegratedCommandRejoined { state } => {
                if let Some(p) = a.parties.get_mut(state) {
                    p.outside_integrated_command = None;
                }
                ch.mark(*state, date, Mark::RejoinedIntegratedCommand);
                Outcome::Recorded
            }
            EventKind::DenunciationNotice { state } => {
                let years = i64::from(self.treaty.withdrawal.notice_period_years);
                // The rules checked the Party and the dates; an overflow (year 9999) keeps
                // the Party in force rather than inventing a date.
                let effective = date.checked_add(years.years()).ok();
                if let Some(p) = a.parties.get_mut(state) {
                    p.notice = Some(date);
                    p.withdrawal_effective = effective;
                }
                ch.mark(*state, date, Mark::Notice);
                match effective {
                    Some(e) => {
                        ch.end_spell(*state, e);
                        ch.mark(*state, e, Mark::Withdrew);
                        Outcome::WithdrawalNoticed { effective: e }
                    }
                    None => Outcome::Recorded,
                }
            }
            EventKind::TerritoryChange { territory } => {
                match territory {
                    Territory::AlgerianDepartments => a.algerian_independence = Some(date),
                    Territory::FormerGdr => a.german_reunification = Some(date),
                }
                Outcome::Recorded
            }
            EventKind::ThirdCountryDemand { state, .. } => {
                if a.is_party(*state, date) {
                    Outcome::Recorded
                } else {
                    a.third_country_demands.push((date, *state));
                    Outcome::NoStanding { state: *state }
                }
            }
            EventKind::AssistanceDeclared { .. }
            | EventKind::SummitDeclaration { .. }
            | EventKind::DiplomaticExchange { .. }
            | EventKind::Agreement { .. }
            // Refused by the rules; listed so the match stays exhaustive.
            | EventKind::ExpulsionProposed { .. }
            | EventKind::SuspensionProposed { .. } => Outcome::Recorded,
        }
    }
}

fn make_party(a: &mut Alliance, ch: &mut Chronicle, state: StateCode, date: Date) {
    a.parties.insert(
        state,
        PartyRecord {
            since: date,
            notice: None,
            withdrawal_effective: None,
            outside_integrated_command: None,
        },
    );
    ch.mark(state, date, Mark::Party);
    ch.start_spell(state, date);
}

fn adopt(a: &mut Alliance, ch: &mut Chronicle, subject: &Subject, date: Date) -> Outcome {
    a.objections.remove(subject);
    let dates = a.decisions.entry(subject.clone()).or_default();
    let again = !dates.is_empty();
    dates.push(date);
    match subject {
        Subject::Invitation(c) => {
            a.invited.insert(*c, date);
            ch.mark(*c, date, Mark::Invited);
        }
        Subject::Article5(c) => a.article5.push((date, *c)),
        _ => {}
    }
    if again {
        Outcome::Confirmed {
            subject: subject.clone(),
        }
    } else {
        Outcome::Adopted {
            subject: subject.clone(),
        }
    }
}

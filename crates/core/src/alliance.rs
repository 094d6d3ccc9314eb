//! The alliance's state at the latest applied event: what the rules look at.

use crate::{Programme, StateCode, Subject};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A Party to the treaty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartyRecord {
    /// The date the treaty entered into force for this Party.
    pub since: Date,
    /// Date of its notice of denunciation (Art. 13), if given.
    pub notice: Option<Date>,
    /// Date its withdrawal takes effect (notice + the notice period).
    pub withdrawal_effective: Option<Date>,
    /// Since when it has been outside NATO's integrated military command (still a Party).
    pub outside_integrated_command: Option<Date>,
}

impl PartyRecord {
    /// Whether the treaty is in force for this Party on `date`.
    pub fn in_force_on(&self, date: Date) -> bool {
        self.since <= date && self.withdrawal_effective.is_none_or(|w| date < w)
    }
}

/// An accession protocol and its acceptances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Protocol {
    pub candidates: Vec<StateCode>,
    pub signed: Date,
    /// Parliamentary procedure ended, by Ally.
    pub parliament_approved: rustc_hash::FxHashMap<StateCode, Date>,
    /// Instrument deposited, by Ally. `None`: deposited, date unknown (attested entry into force).
    pub deposited: rustc_hash::FxHashMap<StateCode, Option<Date>>,
    pub in_force: Option<Date>,
    /// Candidates that have deposited their instrument of accession.
    pub acceded: BTreeMap<StateCode, Date>,
}

impl Protocol {
    pub fn is_open(&self) -> bool {
        self.in_force.is_none()
    }
}

/// A silence procedure under way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Silence {
    pub opened: Date,
    pub deadline: Date,
    pub broken_by: Vec<StateCode>,
}

/// Everything the rules need to know, as of the last applied event.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Alliance {
    pub last_date: Option<Date>,
    pub signed_on: Option<Date>,
    pub signatories: Vec<StateCode>,
    /// Signatories' instruments of ratification of the treaty, by deposit date.
    pub treaty_ratified: BTreeMap<StateCode, Date>,
    pub in_force: Option<Date>,
    /// Every state that has ever been a Party (withdrawn ones keep their record). Hashed for
    /// the fold's lookups; [`Alliance::parties_on`] lists them in code order.
    pub parties: rustc_hash::FxHashMap<StateCode, PartyRecord>,
    /// Open invitations (Art. 10) by date of the decision.
    pub invited: BTreeMap<StateCode, Date>,
    pub protocols: Vec<Protocol>,
    /// The protocol (index into `protocols`) naming each candidate, latest first wins.
    pub protocol_of: rustc_hash::FxHashMap<StateCode, usize>,
    pub applicants: BTreeMap<StateCode, Date>,
    pub map_participants: BTreeMap<StateCode, Date>,
    pub intensified_dialogue: BTreeMap<StateCode, Date>,
    pub partners: BTreeMap<(StateCode, Programme), Date>,
    /// Outstanding objections of Parties, by subject.
    pub objections: BTreeMap<Subject, BTreeSet<StateCode>>,
    pub silence: BTreeMap<Subject, Silence>,
    /// Adopted decisions: the dates each subject was adopted (again: confirmed).
    pub decisions: BTreeMap<Subject, Vec<Date>>,
    /// Article 4 consultations requested (date, requesting Parties).
    pub consultations: Vec<(Date, Vec<StateCode>)>,
    /// Article 5 determinations (date, attacked Party).
    pub article5: Vec<(Date, StateCode)>,
    pub algerian_independence: Option<Date>,
    pub german_reunification: Option<Date>,
    /// Demands by non-Parties, noted without effect.
    pub third_country_demands: Vec<(Date, StateCode)>,
}

impl Alliance {
    /// Whether `code` is a Party for which the treaty is in force on `date`.
    pub fn is_party(&self, code: StateCode, date: Date) -> bool {
        self.parties.get(&code).is_some_and(|p| p.in_force_on(date))
    }

    /// The Parties in force on `date`, in code order.
    pub fn parties_on(&self, date: Date) -> impl Iterator<Item = StateCode> {
        let mut v: Vec<StateCode> = self
            .parties
            .iter()
            .filter(|(_, p)| p.in_force_on(date))
            .map(|(c, _)| *c)
            .collect();
        v.sort_unstable();
        v.into_iter()
    }

    /// The open (not yet in force) protocol naming `candidate`.
    pub fn open_protocol(&self, candidate: StateCode) -> Option<(usize, &Protocol)> {
        let i = *self.protocol_of.get(&candidate)?;
        let p = &self.protocols[i];
        p.is_open().then_some((i, p))
    }

    /// The latest protocol naming `candidate`, open or not.
    pub fn protocol(&self, candidate: StateCode) -> Option<&Protocol> {
        self.protocol_of
            .get(&candidate)
            .map(|&i| &self.protocols[i])
    }

    /// Parties whose objection to `subject` stands on `date`.
    pub fn standing_objections(&self, subject: &Subject, date: Date) -> Vec<StateCode> {
        self.objections
            .get(subject)
            .map(|set| {
                set.iter()
                    .copied()
                    .filter(|c| self.is_party(*c, date))
                    .collect()
            })
            .unwrap_or_default()
    }
}

//! Time travel: what the fold remembers so that any date can be asked about after the fact.
//!
//! The chronicle keeps membership spells (sorted by start) and, per state, the dated marks that
//! change its status. Both are appended in date order by the engine; a query on a date reads
//! only what is dated on or before it.

use crate::{Programme, StateCode};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;

/// A dated change in one state's position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "mark", content = "programme")]
pub enum Mark {
    Signed,
    Party,
    Notice,
    Withdrew,
    Invited,
    ProtocolSigned,
    Applied,
    Map,
    Dialogue,
    PartnerJoined(Programme),
    PartnerLeft(Programme),
    LeftIntegratedCommand,
    RejoinedIntegratedCommand,
}

/// A period during which the treaty was in force for a Party: `from` inclusive, `to` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Spell {
    pub state: StateCode,
    pub from: Date,
    pub to: Option<Date>,
}

/// A state's position under the treaty on a date, most significant first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The treaty is in force for it.
    Party,
    /// A Party that has given notice of denunciation; still a Party until it takes effect.
    Withdrawing,
    /// Signed the treaty, not yet bound (1949).
    Signatory,
    /// Invited, and its accession protocol has been signed: ratifications under way.
    Acceding,
    /// Invited by the Allies; no protocol signed yet.
    Invited,
    /// Applied for membership; not invited.
    Applicant,
    /// In the Membership Action Plan; not invited.
    MapParticipant,
    /// In a partnership programme or an Intensified Dialogue.
    Partner,
    /// Was a Party, no longer.
    FormerParty,
    /// None of the above.
    Other,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::Party,
        Status::Withdrawing,
        Status::Signatory,
        Status::Acceding,
        Status::Invited,
        Status::Applicant,
        Status::MapParticipant,
        Status::Partner,
        Status::FormerParty,
        Status::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Party => "party",
            Status::Withdrawing => "withdrawing",
            Status::Signatory => "signatory",
            Status::Acceding => "acceding",
            Status::Invited => "invited",
            Status::Applicant => "applicant",
            Status::MapParticipant => "map_participant",
            Status::Partner => "partner",
            Status::FormerParty => "former_party",
            Status::Other => "other",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Status::Party => "the treaty is in force for it",
            Status::Withdrawing => "a Party that has given notice of denunciation (Art. 13)",
            Status::Signatory => "signed the treaty, not yet bound by it",
            Status::Acceding => "invited; accession protocol signed, ratifications under way",
            Status::Invited => "invited by the Allies; accession protocol not yet signed",
            Status::Applicant => "has applied for membership; not invited",
            Status::MapParticipant => "in the Membership Action Plan; not invited",
            Status::Partner => "a partner (Partnership for Peace, dialogue); not a member",
            Status::FormerParty => "was a Party, no longer",
            Status::Other => "no formal relationship with the Alliance in the record",
        }
    }
}

/// One state's position on a date, with the dates behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Position {
    pub status: Status,
    pub member_since: Option<Date>,
    pub signed: Option<Date>,
    pub invited: Option<Date>,
    pub protocol_signed: Option<Date>,
    pub applied: Option<Date>,
    pub map_since: Option<Date>,
    pub intensified_dialogue_since: Option<Date>,
    pub partnerships: Vec<(Programme, Date)>,
    pub notice_given: Option<Date>,
    pub withdrawal_effective: Option<Date>,
    pub outside_integrated_command_since: Option<Date>,
}

/// What the engine remembers for time travel.
#[derive(Debug, Clone, Default)]
pub struct Chronicle {
    spells: Vec<Spell>,
    marks: BTreeMap<StateCode, Vec<(Date, Mark)>>,
}

impl Chronicle {
    pub(crate) fn mark(&mut self, state: StateCode, date: Date, mark: Mark) {
        let v = self.marks.entry(state).or_default();
        // Marks arrive in date order except a withdrawal's effect, dated a year ahead.
        let at = v.partition_point(|(d, _)| *d <= date);
        v.insert(at, (date, mark));
    }

    pub(crate) fn start_spell(&mut self, state: StateCode, from: Date) {
        let at = self.spells.partition_point(|s| s.from <= from);
        self.spells.insert(
            at,
            Spell {
                state,
                from,
                to: None,
            },
        );
    }

    pub(crate) fn end_spell(&mut self, state: StateCode, to: Date) {
        if let Some(s) = self
            .spells
            .iter_mut()
            .rev()
            .find(|s| s.state == state && s.to.is_none())
        {
            s.to = Some(to);
        }
    }

    /// Every membership spell, by start date.
    pub fn spells(&self) -> &[Spell] {
        &self.spells
    }

    /// The Parties for which the treaty is in force on `date`, with the start of their spell,
    /// in order of accession then code.
    pub fn members_on(&self, date: Date) -> Vec<(StateCode, Date)> {
        let started = self.spells.partition_point(|s| s.from <= date);
        self.spells[..started]
            .iter()
            .filter(|s| s.to.is_none_or(|t| date < t))
            .map(|s| (s.state, s.from))
            .collect()
    }

    /// Counts the Parties on `date` without allocating.
    pub fn count_members_on(&self, date: Date) -> usize {
        let started = self.spells.partition_point(|s| s.from <= date);
        self.spells[..started]
            .iter()
            .filter(|s| s.to.is_none_or(|t| date < t))
            .count()
    }

    /// Every state the chronicle has a mark for.
    pub fn states(&self) -> impl Iterator<Item = StateCode> + '_ {
        self.marks.keys().copied()
    }

    /// The dated marks of one state.
    pub fn marks(&self, state: StateCode) -> &[(Date, Mark)] {
        self.marks.get(&state).map(Vec::as_slice).unwrap_or(&[])
    }

    /// One state's position on `date`.
    pub fn position(&self, state: StateCode, date: Date) -> Position {
        let mut p = Position {
            status: Status::Other,
            member_since: None,
            signed: None,
            invited: None,
            protocol_signed: None,
            applied: None,
            map_since: None,
            intensified_dialogue_since: None,
            partnerships: Vec::new(),
            notice_given: None,
            withdrawal_effective: None,
            outside_integrated_command_since: None,
        };
        let mut was_party = false;
        let mut is_party = false;
        for &(d, m) in self.marks(state).iter().take_while(|(d, _)| *d <= date) {
            match m {
                Mark::Signed => p.signed = Some(d),
                Mark::Party => {
                    is_party = true;
                    was_party = true;
                    p.member_since = Some(d);
                    p.notice_given = None;
                    p.withdrawal_effective = None;
                }
                Mark::Notice => p.notice_given = Some(d),
                Mark::Withdrew => {
                    is_party = false;
                    p.member_since = None;
                    p.outside_integrated_command_since = None;
                }
                Mark::Invited => p.invited = Some(d),
                Mark::ProtocolSigned => p.protocol_signed = Some(d),
                Mark::Applied => p.applied = Some(d),
                Mark::Map => p.map_since = Some(d),
                Mark::Dialogue => p.intensified_dialogue_since = Some(d),
                Mark::PartnerJoined(prog) => p.partnerships.push((prog, d)),
                Mark::PartnerLeft(prog) => p.partnerships.retain(|(q, _)| *q != prog),
                Mark::LeftIntegratedCommand => p.outside_integrated_command_since = Some(d),
                Mark::RejoinedIntegratedCommand => p.outside_integrated_command_since = None,
            }
        }
        // A future withdrawal already noticed is part of today's position.
        if p.notice_given.is_some() {
            p.withdrawal_effective = self
                .marks(state)
                .iter()
                .find(|(d, m)| *m == Mark::Withdrew && *d > date)
                .map(|(d, _)| *d);
        }
        p.status = if is_party {
            if p.notice_given.is_some() {
                Status::Withdrawing
            } else {
                Status::Party
            }
        } else if was_party {
            Status::FormerParty
        } else if p.signed.is_some() {
            Status::Signatory
        } else if p.protocol_signed.is_some() {
            Status::Acceding
        } else if p.invited.is_some() {
            Status::Invited
        } else if p.applied.is_some() {
            Status::Applicant
        } else if p.map_since.is_some() {
            Status::MapParticipant
        } else if !p.partnerships.is_empty() || p.intensified_dialogue_since.is_some() {
            Status::Partner
        } else {
            Status::Other
        };
        if is_party {
            // Partnerships end with membership.
            p.partnerships.clear();
        }
        p
    }
}

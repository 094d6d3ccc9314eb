//! The record, as the Article 6 coverage engine sees it: who was a Party since when, and when
//! the treaty area moved.

use opendoor_core::{Date, StateCode};
use opendoor_record::Replay;

/// Membership answers from a replayed record.
pub struct RecordMembership<'a>(pub &'a Replay);

impl opendoor_coverage::Membership for RecordMembership<'_> {
    fn treaty_in_force(&self) -> Option<Date> {
        self.0.engine.alliance().in_force
    }

    fn party_since(&self, state: StateCode, on: Date) -> Option<Date> {
        self.0
            .engine
            .alliance()
            .parties
            .get(&state)
            .filter(|p| p.in_force_on(on))
            .map(|p| p.since)
    }

    /// Article 6 as amended by the 1951 protocol (Greece and Turkey) applies from Türkiye's
    /// accession, when the protocol had entered into force.
    fn article6_amended(&self) -> Option<Date> {
        self.0
            .engine
            .alliance()
            .parties
            .get(&StateCode::iso2(b"TR"))
            .map(|p| p.since)
    }

    fn algerian_independence(&self) -> Option<Date> {
        self.0.engine.alliance().algerian_independence
    }

    fn german_reunification(&self) -> Option<Date> {
        self.0.engine.alliance().german_reunification
    }
}

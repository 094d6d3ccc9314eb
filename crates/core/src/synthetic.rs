//! Synthetic alliances with random but legal histories, for property tests and benchmarks.
//!
//! `history(states, events, seed)` builds a gazetteer of `states` made-up states (`S000`,
//! `S001`, ...; about one in ten non-European) and a legal history of up to `events` events:
//! signature by twelve founders, entry into force, then accessions one after the other with
//! every Party's parliament approval and deposit in random order, interleaved with
//! partnerships, applications, objections withdrawn before the invitation, Article 4 requests
//! and, after twenty years, the odd withdrawal; then ordinary Council life (consultations,
//! decisions, silence procedures) until the requested size. Same seed, same history.

use crate::{Event, EventKind, Gazetteer, Programme, StateCode, StateInfo, Subject};
use jiff::civil::{date, Date};
use jiff::ToSpan;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// A made-up state's code: `S` and three digits (up to 1,000), then `T`... beyond.
pub fn code(i: usize) -> StateCode {
    let letter = [b'S', b'T', b'U', b'V', b'W', b'X', b'Y', b'Z'][(i / 1000) % 8];
    let n = i % 1000;
    let text = [
        letter,
        b'0' + (n / 100) as u8,
        b'0' + (n / 10 % 10) as u8,
        b'0' + (n % 10) as u8,
    ];
    // Four ASCII alphanumerics always parse.
    StateCode::parse(std::str::from_utf8(&text).unwrap_or("S000")).unwrap_or(StateCode::iso2(b"SS"))
}

/// A gazetteer of `n` synthetic states; every tenth (after the founders) is non-European.
pub fn gazetteer(n: usize) -> Gazetteer {
    Gazetteer::new((0..n).map(|i| StateInfo {
        code: code(i),
        cow: None,
        name: format!("State {i}"),
        european: i < 12 || i % 10 != 7,
        contested: None,
        source: "synthetic".into(),
        note: None,
    }))
}

struct Gen {
    rng: Xoshiro256PlusPlus,
    day: Date,
    out: Vec<Event>,
    limit: usize,
}

impl Gen {
    fn push(&mut self, kind: EventKind) -> bool {
        if self.out.len() >= self.limit {
            return false;
        }
        self.out.push(Event {
            date: self.day,
            kind,
        });
        true
    }
    fn tick(&mut self) {
        let days: i64 = self.rng.random_range(0..3);
        self.day = self.day.checked_add(days.days()).unwrap_or(self.day);
    }
}

/// A legal history for `states` synthetic states, cut at `events` events.
pub fn history(states: usize, events: usize, seed: u64) -> (Gazetteer, Vec<Event>) {
    let states = states.max(12);
    let gaz = gazetteer(states);
    let mut g = Gen {
        rng: Xoshiro256PlusPlus::seed_from_u64(seed),
        day: date(1949, 4, 4),
        out: Vec::with_capacity(events),
        limit: events,
    };
    // The founders stand in for the twelve of 1949; `treaty()` names seven of them in
    // Article 11's place.
    let founders: Vec<StateCode> = (0..12).map(code).collect();
    g.push(EventKind::TreatySigned {
        signatories: founders.clone(),
    });
    for f in &founders {
        g.tick();
        g.push(EventKind::TreatyRatified { state: *f });
    }
    g.push(EventKind::TreatyInForce { attested: false });
    let mut parties: Vec<StateCode> = founders.clone();
    let mut in_force = g.day;
    in_force = in_force.checked_add(20.years()).unwrap_or(in_force);
    let mut aspirants: Vec<usize> = (12..states).collect();
    aspirants.shuffle(&mut g.rng);
    let mut partner_of = Vec::new();
    for &i in &aspirants {
        let s = code(i);
        g.tick();
        if !g.push(EventKind::PartnershipJoined {
            state: s,
            programme: Programme::Pfp,
        }) {
            break;
        }
        partner_of.push(s);
        if i % 10 == 7 {
            continue; // non-European: a partner, never invited
        }
        g.push(EventKind::Application { state: s });
        let subject = Subject::Invitation(s);
        if g.rng.random_bool(0.2) {
            let by = parties[g.rng.random_range(0..parties.len())];
            g.push(EventKind::Objection {
                by,
                subject: subject.clone(),
            });
            g.tick();
            g.push(EventKind::ObjectionWithdrawn {
                by,
                subject: subject.clone(),
            });
        }
        g.tick();
        g.push(EventKind::Decision {
            subject,
            consenting: None,
        });
        g.tick();
        g.push(EventKind::ProtocolSigned {
            candidates: vec![s],
        });
        let mut order = parties.clone();
        order.shuffle(&mut g.rng);
        for ally in &order {
            g.tick();
            g.push(EventKind::ParliamentApproved {
                ally: *ally,
                candidate: s,
            });
            g.push(EventKind::RatificationDeposited {
                ally: *ally,
                candidate: s,
            });
        }
        g.push(EventKind::ProtocolInForce {
            candidate: s,
            attested: false,
        });
        if !g.push(EventKind::AccessionDeposited { state: s }) {
            break;
        }
        parties.push(s);
        if g.rng.random_bool(0.3) {
            let k = g.rng.random_range(1..=3.min(parties.len()));
            let requested_by: Vec<StateCode> =
                parties.choose_multiple(&mut g.rng, k).copied().collect();
            g.push(EventKind::Article4Request { requested_by });
        }
        if g.day > in_force && parties.len() > 20 && g.rng.random_bool(0.01) {
            let idx = g.rng.random_range(12..parties.len() - 1);
            let leaving = parties.remove(idx);
            g.push(EventKind::DenunciationNotice { state: leaving });
            // Jump past the notice period so later protocols do not wait for it.
            g.day = g.day.checked_add(1.years()).unwrap_or(g.day);
        }
    }
    // Then ordinary Council life until the requested size: consultations, objections
    // withdrawn before a decision, silence procedures (some broken), integrated command.
    let mut outside: Vec<StateCode> = Vec::new();
    let mut k = 0usize;
    while g.out.len() < g.limit && !parties.is_empty() {
        k += 1;
        let pick = |g: &mut Gen| parties[g.rng.random_range(0..parties.len())];
        let subject = Subject::Other(format!("decision {}", k % 64));
        g.tick();
        match g.rng.random_range(0..10) {
            0..=3 => {
                let a = pick(&mut g);
                let b = pick(&mut g);
                let requested_by = if a == b { vec![a] } else { vec![a, b] };
                g.push(EventKind::Article4Request { requested_by });
            }
            4..=6 => {
                let by = pick(&mut g);
                g.push(EventKind::Objection {
                    by,
                    subject: subject.clone(),
                });
                g.push(EventKind::ObjectionWithdrawn {
                    by,
                    subject: subject.clone(),
                });
                g.push(EventKind::Decision {
                    subject,
                    consenting: None,
                });
            }
            7 | 8 => {
                let deadline = g.day.checked_add(7.days()).unwrap_or(g.day);
                g.push(EventKind::SilenceProcedureOpened {
                    subject: subject.clone(),
                    deadline,
                });
                if g.rng.random_bool(0.3) {
                    let by = pick(&mut g);
                    g.push(EventKind::SilenceBroken {
                        by,
                        subject: subject.clone(),
                    });
                }
                g.day = deadline;
                g.push(EventKind::SilenceDeadline { subject });
            }
            _ => {
                if let Some(s) = outside.pop() {
                    g.push(EventKind::IntegratedCommandRejoined { state: s });
                } else {
                    let s = pick(&mut g);
                    g.push(EventKind::IntegratedCommandLeft { state: s });
                    outside.push(s);
                }
            }
        }
    }
    (gaz, g.out)
}

/// A treaty definition for synthetic histories: the North Atlantic Treaty's machinery with
/// the synthetic founders named in Article 11's place.
pub fn treaty() -> crate::TreatyDefinition {
    let mut t = crate::TreatyDefinition::north_atlantic();
    t.entry_into_force.required_states = (0..7).map(code).collect();
    t
}

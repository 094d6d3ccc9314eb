//! Replaying facts through the rules: the record and the rules check each other.
//!
//! Facts are applied in date order. Within one date the sources rarely say in what order
//! things happened (Türkiye's deposit, the protocol's entry into force and Finland's accession
//! all fall on 4 April 2023), so a day's facts are applied in file order, and any the rules
//! refuse are tried again after the rest of that day; what is still refused is reported.

use crate::raw::Action;
use crate::Fact;
use opendoor_core::{Engine, Event, EventKind, Outcome, Violation};
use serde::Serialize;

/// One applied (or refused) event and the fact it came from.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Index into the facts replayed.
    pub fact: usize,
    pub event: Event,
    pub outcome: Result<Outcome, Violation>,
}

/// The result of a replay: the engine's final state and every entry in application order.
#[derive(Debug, Clone)]
pub struct Replay {
    pub engine: Engine,
    pub entries: Vec<Entry>,
}

impl Replay {
    /// Entries the rules refused.
    pub fn violations(&self) -> impl Iterator<Item = (&Entry, &Violation)> {
        self.entries.iter().filter_map(|e| match &e.outcome {
            Err(v) => Some((e, v)),
            Ok(_) => None,
        })
    }

    pub fn is_clean(&self) -> bool {
        self.violations().next().is_none()
    }
}

type Tried = Result<Vec<(Event, Outcome)>, (Event, Violation)>;

fn try_fact(engine: &mut Engine, fact: &Fact) -> Tried {
    match &fact.action {
        Action::Event(e) => engine
            .apply(e)
            .map(|o| vec![(e.clone(), o)])
            .map_err(|v| (e.clone(), v)),
        Action::DepositRemaining { date, candidate } => {
            let a = engine.alliance();
            let pending: Vec<_> = match a.open_protocol(*candidate) {
                Some((_, p)) => a
                    .parties_on(*date)
                    .filter(|c| !p.deposited.contains_key(c))
                    .collect(),
                None => Vec::new(),
            };
            if pending.is_empty() {
                // Let the rules say why (no protocol pending, or nothing left to deposit).
                let e = Event {
                    date: *date,
                    kind: EventKind::RatificationDeposited {
                        ally: *candidate,
                        candidate: *candidate,
                    },
                };
                return match engine.check(&e) {
                    Err(v) => Err((e, v)),
                    Ok(()) => Ok(Vec::new()),
                };
            }
            let mut out = Vec::new();
            for ally in pending {
                let e = Event {
                    date: *date,
                    kind: EventKind::RatificationDeposited {
                        ally,
                        candidate: *candidate,
                    },
                };
                match engine.apply(&e) {
                    Ok(o) => out.push((e, o)),
                    Err(v) => return Err((e, v)),
                }
            }
            Ok(out)
        }
    }
}

/// Replays `facts` (sorted by date) on `engine`.
pub fn replay(mut engine: Engine, facts: &[Fact]) -> Replay {
    let mut entries = Vec::with_capacity(facts.len());
    let mut i = 0;
    while i < facts.len() {
        let day = facts[i].date;
        let j = i + facts[i..].iter().take_while(|f| f.date == day).count();
        let mut pending: Vec<usize> = (i..j).collect();
        let mut refused = Vec::new();
        loop {
            let mut progress = false;
            refused.clear();
            let mut still = Vec::new();
            for k in pending {
                match try_fact(&mut engine, &facts[k]) {
                    Ok(applied) => {
                        progress = true;
                        entries.extend(applied.into_iter().map(|(event, o)| Entry {
                            fact: k,
                            event,
                            outcome: Ok(o),
                        }));
                    }
                    Err((event, v)) => {
                        still.push(k);
                        refused.push(Entry {
                            fact: k,
                            event,
                            outcome: Err(v),
                        });
                    }
                }
            }
            pending = still;
            if !progress || pending.is_empty() {
                break;
            }
        }
        entries.append(&mut refused);
        i = j;
    }
    Replay { engine, entries }
}

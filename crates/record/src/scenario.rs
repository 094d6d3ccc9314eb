//! What-if scenarios: a TOML file of `[[event]]` entries (the record's vocabulary plus the
//! Council's: objections, silence procedures, decisions...) replayed on top of the record, or
//! from an empty history.

use crate::query::{self, StateSummary};
use crate::{facts_from_events_text, replay, Fact, LoadError, Record, Replay};
use opendoor_core::Violation;
use serde::Serialize;

/// A scenario, parsed.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub facts: Vec<Fact>,
}

/// Parses a scenario. `name` is used in error messages (the file name).
pub fn parse(name: &str, text: &str) -> Result<Scenario, LoadError> {
    let (mut facts, _) = facts_from_events_text(name, text, false)?;
    if facts.is_empty() {
        return Err(LoadError {
            place: name.to_string(),
            message: "the scenario has no [[event]] entries".into(),
        });
    }
    facts.sort_by_key(|f| f.date);
    Ok(Scenario {
        name: name.to_string(),
        facts,
    })
}

/// One scenario event as evaluated.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluated {
    pub date: opendoor_core::Date,
    pub kind: String,
    pub states: Vec<opendoor_core::StateCode>,
    pub allowed: bool,
    pub outcome: String,
    pub violation: Option<Violation>,
    pub note: Option<String>,
    pub id: String,
}

/// The evaluation of a scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub scenario: String,
    pub from_scratch: bool,
    /// True when every scenario event was allowed.
    pub ok: bool,
    pub refused: usize,
    pub events: Vec<Evaluated>,
    /// The alliance after the last event.
    pub state: StateSummary,
}

/// Evaluates `scenario` on top of the record (or from scratch); never touches the record.
pub fn evaluate(record: &Record, scenario: &Scenario, from_scratch: bool) -> (Evaluation, Replay) {
    let mut facts: Vec<Fact> = if from_scratch {
        Vec::new()
    } else {
        record.facts.clone()
    };
    facts.extend(scenario.facts.iter().cloned());
    // Stable: on a shared date the record comes first.
    facts.sort_by_key(|f| f.date);
    let r = replay(record.engine(), &facts);
    let mut seen = std::collections::HashSet::new();
    let events: Vec<Evaluated> = r
        .entries
        .iter()
        .filter(|e| facts[e.fact].scenario)
        .filter(|e| seen.insert((facts[e.fact].id.clone(), e.outcome.is_ok())))
        .map(|e| {
            let f = &facts[e.fact];
            Evaluated {
                date: f.date,
                kind: f.kind.clone(),
                states: f.states.clone(),
                allowed: e.outcome.is_ok(),
                outcome: match &e.outcome {
                    Ok(o) => o.describe(),
                    Err(v) => format!("refused by {}", v.rule),
                },
                violation: e.outcome.as_ref().err().cloned(),
                note: f.note.clone(),
                id: f.id.clone(),
            }
        })
        .collect();
    let refused = events.iter().filter(|e| !e.allowed).count();
    let last = facts
        .iter()
        .map(|f| f.date)
        .max()
        .unwrap_or(record.treaty.signed);
    let state = query::summary(record, &r, last);
    (
        Evaluation {
            scenario: scenario.name.clone(),
            from_scratch,
            ok: refused == 0,
            refused,
            events,
            state,
        },
        r,
    )
}

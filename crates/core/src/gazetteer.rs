//! The states the engine knows: code, Correlates of War code, name, and whether the Allies
//! treat the state as European for Article 10 (with the reasoning where that is contested).

use crate::StateCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One state.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StateInfo {
    pub code: StateCode,
    /// Correlates of War state number, for researchers; `None` for entities COW does not list.
    #[serde(default)]
    pub cow: Option<u16>,
    pub name: String,
    /// Whether the state counts as "European" for Article 10.
    pub european: bool,
    /// When the answer is contested: how opendoor decides and why.
    #[serde(default)]
    pub contested: Option<String>,
    /// Where the codes and the classification come from.
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// All known states, by code.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    /// In code order, for listing.
    states: BTreeMap<StateCode, StateInfo>,
    /// For the fold's lookups (several per event).
    index: rustc_hash::FxHashMap<StateCode, StateInfo>,
}

impl Gazetteer {
    pub fn new(states: impl IntoIterator<Item = StateInfo>) -> Self {
        let states: BTreeMap<StateCode, StateInfo> =
            states.into_iter().map(|s| (s.code, s)).collect();
        let index = states.iter().map(|(c, s)| (*c, s.clone())).collect();
        Gazetteer { states, index }
    }

    pub fn get(&self, code: StateCode) -> Option<&StateInfo> {
        self.index.get(&code)
    }

    /// The state's English name, or its code when unknown.
    pub fn name(&self, code: StateCode) -> String {
        self.get(code)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| code.to_string())
    }

    pub fn iter(&self) -> impl Iterator<Item = &StateInfo> {
        self.states.values()
    }

    pub fn len(&self) -> usize {
        self.states.len()
    }

    pub fn is_empty(&self) -> bool {
        self.states.is_empty()
    }

    /// Finds a state by code or (case-insensitive) English name.
    pub fn lookup(&self, text: &str) -> Option<&StateInfo> {
        if let Ok(code) = StateCode::parse(text) {
            if let Some(s) = self.get(code) {
                return Some(s);
            }
        }
        let t = text.trim().to_lowercase();
        self.states.values().find(|s| s.name.to_lowercase() == t)
    }
}

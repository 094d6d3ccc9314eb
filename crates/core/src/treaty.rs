//! A treaty described as data: what is specific to the North Atlantic Treaty (its articles, the
//! states Article 11 names, the periods of Article 13, the depositary, the decision rule) lives in
//! `data/treaty.toml`; the engine reads only this definition.

use crate::StateCode;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The role an article plays in the machinery. Rules cite roles; the definition maps each role
/// to the article's number, so a second treaty with other numbering needs no engine change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleRole {
    Consultation,
    CollectiveDefence,
    TreatyArea,
    Council,
    OpenDoor,
    EntryIntoForce,
    Review,
    Withdrawal,
}

/// Article numbers by role.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Articles {
    pub consultation: u16,
    pub collective_defence: u16,
    pub treaty_area: u16,
    pub council: u16,
    pub open_door: u16,
    pub entry_into_force: u16,
    pub review: u16,
    pub withdrawal: u16,
}

/// Article 11's conditions for entry into force.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntryIntoForce {
    /// States whose deposit is required before the treaty can enter into force.
    pub required_states: Vec<StateCode>,
    /// Whether a majority of signatories must also have deposited.
    pub majority_of_signatories: bool,
}

/// Article 13's periods.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Withdrawal {
    pub years_in_force_before_notice: i16,
    pub notice_period_years: i16,
}

/// How the Parties decide together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionRule {
    /// No votes: a decision stands when no Party objects.
    Consensus,
}

/// One treaty's machinery, as data.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TreatyDefinition {
    pub name: String,
    pub signed: Date,
    pub signed_at: String,
    pub depositary: String,
    pub source: String,
    pub decision_rule: DecisionRule,
    pub decision_rule_source: String,
    pub articles: Articles,
    pub entry_into_force: EntryIntoForce,
    pub withdrawal: Withdrawal,
}

/// Why a treaty definition could not be read.
#[derive(Debug, Clone)]
pub struct BadDefinition(pub String);

impl std::fmt::Display for BadDefinition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "treaty definition: {}", self.0)
    }
}
impl std::error::Error for BadDefinition {}

const NORTH_ATLANTIC_TOML: &str = include_str!("../../../data/treaty.toml");

impl TreatyDefinition {
    /// Reads a definition from TOML text (the format of `data/treaty.toml`).
    pub fn from_toml(text: &str) -> Result<Self, BadDefinition> {
        toml::from_str(text).map_err(|e| BadDefinition(e.to_string()))
    }

    /// The North Atlantic Treaty of 4 April 1949, from the definition compiled into the crate.
    pub fn north_atlantic() -> Self {
        // The embedded file is checked by a unit test; a broken file cannot ship.
        Self::from_toml(NORTH_ATLANTIC_TOML).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The number of the article playing `role`.
    pub fn article(&self, role: ArticleRole) -> u16 {
        let a = &self.articles;
        match role {
            ArticleRole::Consultation => a.consultation,
            ArticleRole::CollectiveDefence => a.collective_defence,
            ArticleRole::TreatyArea => a.treaty_area,
            ArticleRole::Council => a.council,
            ArticleRole::OpenDoor => a.open_door,
            ArticleRole::EntryIntoForce => a.entry_into_force,
            ArticleRole::Review => a.review,
            ArticleRole::Withdrawal => a.withdrawal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_definition_reads() {
        let t = TreatyDefinition::north_atlantic();
        assert_eq!(t.article(ArticleRole::OpenDoor), 10);
        assert_eq!(t.article(ArticleRole::Withdrawal), 13);
        assert_eq!(t.entry_into_force.required_states.len(), 7);
        assert_eq!(t.withdrawal.years_in_force_before_notice, 20);
        assert_eq!(t.signed, jiff::civil::date(1949, 4, 4));
    }

    #[test]
    fn broken_definition_is_an_error_not_a_panic() {
        assert!(TreatyDefinition::from_toml("name = 3").is_err());
    }
}

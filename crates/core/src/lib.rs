//! # opendoor-core
//!
//! The North Atlantic Treaty's membership and decision machinery as a pure library: no I/O, no
//! clock, no globals. It holds
//! - the model: [`StateCode`], [`Event`] and [`EventKind`] (the vocabulary of the system),
//!   [`TreatyDefinition`] (what is specific to the treaty, as data), [`Gazetteer`] (the states);
//! - the rules: [`rules::catalogue`], each rule a value citing its article, and typed
//!   [`Violation`]s;
//! - the fold: [`Engine::apply`] checks an event against every rule and applies it, or refuses
//!   it and changes nothing; [`Chronicle`] answers questions about any date afterwards;
//! - the aspirant's path ([`path`]), synthetic histories for tests and benchmarks
//!   ([`synthetic`]).

pub mod alliance;
pub mod chronicle;
mod code;
pub mod engine;
pub mod event;
pub mod gazetteer;
pub mod path;
pub mod rules;
pub mod synthetic;
pub mod treaty;

pub use alliance::{Alliance, PartyRecord, Protocol};
pub use chronicle::{Chronicle, Mark, Position, Spell, Status};
pub use code::{BadCode, StateCode};
pub use engine::{Engine, Outcome};
pub use event::{Event, EventKind, Programme, Subject, Territory};
pub use gazetteer::{Gazetteer, StateInfo};
pub use jiff::civil::Date;
pub use rules::{Provision, Rule, RuleEntry, Violation};
pub use treaty::{ArticleRole, TreatyDefinition};

//! An aspirant's path: the steps from partner to Party, which are done (with dates), which
//! remain, and who decides each under which provision.

use crate::rules::Provision;
use crate::treaty::ArticleRole;
use crate::{Engine, StateCode, Status};
use jiff::civil::Date;
use serde::Serialize;

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    Done,
    Pending,
    /// Practice, not a treaty requirement, and not taken (e.g. MAP for Finland and Sweden).
    Optional,
    /// The treaty bars it (a non-European state cannot be invited).
    Barred,
}

/// One step on the way to membership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Stable id: `partnership`, `membership_action_plan`, `application`, `invitation`,
    /// `protocol_signed`, `ratifications`, `protocol_in_force`, `instrument_of_accession`.
    pub step: &'static str,
    pub title: &'static str,
    pub state: StepState,
    pub date: Option<Date>,
    pub who_decides: String,
    pub provision: String,
    /// What remains or why, in words.
    pub detail: Option<String>,
    /// For `ratifications`: the Parties that have not yet deposited their acceptance.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remaining: Vec<StateCode>,
}

/// The whole path for one state, as of `on`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Path {
    pub code: StateCode,
    pub on: Date,
    pub status: Status,
    pub steps: Vec<Step>,
}

const PRACTICE_PFP: &str = "Partnership for Peace Framework Document, 10 January 1994";
const PRACTICE_MAP: &str = "Membership Action Plan, Washington summit, 24 April 1999; optional";
const PRACTICE_APPLY: &str = "a letter from the aspirant to the Secretary General";

/// Computes the path of `code` as of `on` (normally the last date of the history).
pub fn path(engine: &Engine, code: StateCode, on: Date) -> Path {
    let t = engine.treaty();
    let a = engine.alliance();
    let pos = engine.chronicle().position(code, on);
    let european = engine.gazetteer().get(code).is_some_and(|s| s.european);
    let party = matches!(pos.status, Status::Party | Status::Withdrawing);
    let parties: Vec<StateCode> = a.parties_on(on).collect();
    let n = parties.len();
    let cite = |p: Provision| p.cite(t);
    let art10 = cite(Provision::Article(ArticleRole::OpenDoor));
    let done_if = |d: Option<Date>, fallback: StepState| match d {
        Some(_) => StepState::Done,
        None if party => StepState::Done,
        None => fallback,
    };
    let protocol = a.protocol(code);
    let mut steps = Vec::new();

    let partnership = pos
        .partnerships
        .iter()
        .map(|(_, d)| *d)
        .chain(pos.intensified_dialogue_since)
        .min();
    steps.push(Step {
        step: "partnership",
        title: "Partnership and dialogue",
        state: if partnership.is_some() {
            StepState::Done
        } else {
            StepState::Optional
        },
        date: partnership,
        who_decides: "the state and the Allies".into(),
        provision: cite(Provision::Practice(PRACTICE_PFP)),
        detail: None,
        remaining: vec![],
    });
    steps.push(Step {
        step: "membership_action_plan",
        title: "Membership Action Plan",
        state: if pos.map_since.is_some() {
            StepState::Done
        } else {
            StepState::Optional
        },
        date: pos.map_since,
        who_decides: format!("the {n} Allies, by consensus"),
        provision: cite(Provision::Practice(PRACTICE_MAP)),
        detail: None,
        remaining: vec![],
    });
    let invited = pos.invited.or(a.invited.get(&code).copied());
    steps.push(Step {
        step: "application",
        title: "Application for membership",
        state: match pos.applied {
            Some(_) => StepState::Done,
            None if party || invited.is_some() => StepState::Optional,
            None => StepState::Pending,
        },
        date: pos.applied,
        who_decides: "the aspirant".into(),
        provision: cite(Provision::Practice(PRACTICE_APPLY)),
        detail: None,
        remaining: vec![],
    });
    let objections = a.standing_objections(&crate::Subject::Invitation(code), on);
    steps.push(Step {
        step: "invitation",
        title: "Invitation to accede",
        state: if !european && !party {
            StepState::Barred
        } else {
            done_if(invited, StepState::Pending)
        },
        date: invited,
        who_decides: format!("all {n} Allies, by unanimous agreement; no third country has a say"),
        provision: art10.clone(),
        detail: if !european && !party {
            Some(format!(
                "Article {} allows only a European state to be invited",
                t.article(ArticleRole::OpenDoor)
            ))
        } else if !objections.is_empty() {
            Some(format!(
                "blocked: objection by {}",
                objections
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        } else {
            None
        },
        remaining: objections,
    });
    steps.push(Step {
        step: "protocol_signed",
        title: "Accession protocol signed",
        state: done_if(protocol.map(|p| p.signed), StepState::Pending),
        date: protocol.map(|p| p.signed),
        who_decides: format!("all {n} Allies sign"),
        provision: art10.clone(),
        detail: None,
        remaining: vec![],
    });
    let (rat_state, remaining, last_deposit) = match protocol {
        Some(p) if p.in_force.is_some() => (
            StepState::Done,
            vec![],
            p.deposited.values().flatten().max().copied(),
        ),
        Some(p) => (
            StepState::Pending,
            parties
                .iter()
                .copied()
                .filter(|c| !p.deposited.contains_key(c))
                .collect(),
            None,
        ),
        None if party => (StepState::Done, vec![], None),
        None => (StepState::Pending, parties.clone(), None),
    };
    steps.push(Step {
        step: "ratifications",
        title: "Ratification by every Ally",
        state: rat_state,
        date: last_deposit,
        who_decides: "each Ally, under its own constitution (parliament, head of state), then deposit with the depositary".into(),
        provision: art10.clone(),
        detail: (!remaining.is_empty())
            .then(|| format!("{} of {n} Allies still to deposit", remaining.len())),
        remaining,
    });
    let in_force = protocol.and_then(|p| p.in_force);
    steps.push(Step {
        step: "protocol_in_force",
        title: "Protocol in force",
        state: done_if(in_force, StepState::Pending),
        date: in_force,
        who_decides: format!(
            "no one: it follows the last deposit; the depositary ({}) notifies the Parties",
            t.depositary
        ),
        provision: art10.clone(),
        detail: None,
        remaining: vec![],
    });
    steps.push(Step {
        step: "instrument_of_accession",
        title: "Instrument of accession deposited",
        state: done_if(pos.member_since, StepState::Pending),
        date: pos.member_since,
        who_decides: format!(
            "the aspirant, by depositing with the {}; a Party from that day",
            t.depositary
        ),
        provision: art10,
        detail: None,
        remaining: vec![],
    });
    Path {
        code,
        on,
        status: pos.status,
        steps,
    }
}

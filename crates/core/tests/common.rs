//! Shared fixtures: the real treaty definition and states, and an alliance of the twelve
//! founders in force since 24 August 1949.
#![allow(dead_code)]

use opendoor_core::{
    Date, Engine, Event, EventKind, Gazetteer, StateCode, StateInfo, Subject, TreatyDefinition,
};

#[derive(serde::Deserialize)]
struct States {
    state: Vec<StateInfo>,
}

pub fn gazetteer() -> Gazetteer {
    let s: States = toml::from_str(include_str!("../../../data/states.toml")).expect("states.toml");
    Gazetteer::new(s.state)
}

pub fn c(code: &str) -> StateCode {
    StateCode::parse(code).expect("valid code")
}

pub fn d(text: &str) -> Date {
    text.parse().expect("valid date")
}

pub fn ev(date: &str, kind: EventKind) -> Event {
    Event {
        date: d(date),
        kind,
    }
}

pub const FOUNDERS: [&str; 12] = [
    "BE", "CA", "DK", "FR", "IS", "IT", "LU", "NL", "NO", "PT", "GB", "US",
];

/// Signed 1949-04-04, every founder ratified in May 1949, in force 1949-08-24.
pub fn founded() -> Engine {
    let mut e = Engine::new(TreatyDefinition::north_atlantic(), gazetteer());
    let signatories: Vec<StateCode> = FOUNDERS.iter().map(|s| c(s)).collect();
    e.apply(&ev(
        "1949-04-04",
        EventKind::TreatySigned {
            signatories: signatories.clone(),
        },
    ))
    .expect("signature");
    for s in &signatories {
        e.apply(&ev("1949-05-01", EventKind::TreatyRatified { state: *s }))
            .expect("ratification");
    }
    e.apply(&ev(
        "1949-08-24",
        EventKind::TreatyInForce { attested: false },
    ))
    .expect("entry into force");
    e
}

pub fn invite(code: &str) -> EventKind {
    EventKind::Decision {
        subject: Subject::Invitation(c(code)),
        consenting: None,
    }
}

/// Takes `candidate` from invitation to Party, every founder depositing, on the given dates.
pub fn accede(e: &mut Engine, candidate: &str, invited: &str, signed: &str, joined: &str) {
    e.apply(&ev(invited, invite(candidate)))
        .expect("invitation");
    e.apply(&ev(
        signed,
        EventKind::ProtocolSigned {
            candidates: vec![c(candidate)],
        },
    ))
    .expect("protocol");
    let parties: Vec<StateCode> = e.alliance().parties_on(d(joined)).collect();
    for p in parties {
        e.apply(&ev(
            joined,
            EventKind::RatificationDeposited {
                ally: p,
                candidate: c(candidate),
            },
        ))
        .expect("deposit");
    }
    e.apply(&ev(
        joined,
        EventKind::ProtocolInForce {
            candidate: c(candidate),
            attested: false,
        },
    ))
    .expect("in force");
    e.apply(&ev(
        joined,
        EventKind::AccessionDeposited {
            state: c(candidate),
        },
    ))
    .expect("accession");
}

/// Asserts that `event` is refused by rule `rule`, and that nothing changed.
pub fn refused_by(e: &mut Engine, event: Event, rule: &str) -> opendoor_core::Violation {
    let before = format!("{:?}", e.alliance());
    let v = e.apply(&event).expect_err("should be refused");
    assert_eq!(v.rule, rule, "refused by the wrong rule: {v}");
    assert!(!v.explanation.is_empty());
    assert_eq!(
        before,
        format!("{:?}", e.alliance()),
        "a refusal changed the state"
    );
    v
}

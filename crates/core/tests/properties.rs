//! Property tests over random legal histories and random (often illegal) events.

mod common;
use common::*;
use opendoor_core::{synthetic, Date, Engine, Event, EventKind, Programme, StateCode, Subject};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn run(states: usize, events: usize, seed: u64) -> Engine {
    let (gaz, evs) = synthetic::history(states, events, seed);
    let mut e = Engine::new(synthetic::treaty(), gaz);
    for ev in &evs {
        e.apply(ev)
            .unwrap_or_else(|v| panic!("synthetic history refused {ev:?}: {v}"));
    }
    e
}

/// An arbitrary event built from small integers: any kind, any (possibly unknown) state.
fn arbitrary_kind(pick: u8, a: usize, b: usize, codes: &[StateCode]) -> EventKind {
    let s = |i: usize| codes[i % codes.len()];
    let subj = |i: usize| match i % 3 {
        0 => Subject::Invitation(s(i)),
        1 => Subject::Article5(s(i)),
        _ => Subject::Other("x".into()),
    };
    match pick % 20 {
        0 => EventKind::Objection {
            by: s(a),
            subject: subj(b),
        },
        1 => EventKind::ObjectionWithdrawn {
            by: s(a),
            subject: subj(b),
        },
        2 => EventKind::Decision {
            subject: subj(b),
            consenting: None,
        },
        3 => EventKind::ProtocolSigned {
            candidates: vec![s(a)],
        },
        4 => EventKind::RatificationDeposited {
            ally: s(a),
            candidate: s(b),
        },
        5 => EventKind::ProtocolInForce {
            candidate: s(a),
            attested: b.is_multiple_of(2),
        },
        6 => EventKind::AccessionDeposited { state: s(a) },
        7 => EventKind::DenunciationNotice { state: s(a) },
        8 => EventKind::ExpulsionProposed { target: s(a) },
        9 => EventKind::SuspensionProposed { target: s(a) },
        10 => EventKind::IntegratedCommandLeft { state: s(a) },
        11 => EventKind::Article4Request {
            requested_by: vec![s(a), s(b)],
        },
        12 => EventKind::PartnershipJoined {
            state: s(a),
            programme: Programme::Pfp,
        },
        13 => EventKind::ThirdCountryDemand {
            state: s(a),
            concerning: vec![s(b)],
        },
        14 => EventKind::SilenceProcedureOpened {
            subject: subj(b),
            deadline: d("2100-01-01"),
        },
        15 => EventKind::SilenceBroken {
            by: s(a),
            subject: subj(b),
        },
        16 => EventKind::TreatyRatified { state: s(a) },
        17 => EventKind::TreatyInForce {
            attested: a.is_multiple_of(2),
        },
        18 => EventKind::ParliamentApproved {
            ally: s(a),
            candidate: s(b),
        },
        _ => EventKind::Application { state: s(a) },
    }
}

fn members(e: &Engine, on: Date) -> BTreeSet<StateCode> {
    e.alliance().parties_on(on).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The fold is deterministic: same events, same state, same answers on any date.
    #[test]
    fn fold_is_deterministic(states in 13usize..60, seed in any::<u64>(), probe in 0usize..1000) {
        let a = run(states, 3_000, seed);
        let b = run(states, 3_000, seed);
        prop_assert_eq!(format!("{:?}", a.alliance()), format!("{:?}", b.alliance()));
        let last = a.alliance().last_date.unwrap_or(Date::MIN);
        let on = d("1949-08-24").checked_add(jiff::Span::new().days((probe as i64) * 20)).unwrap_or(last);
        prop_assert_eq!(a.chronicle().members_on(on), b.chronicle().members_on(on));
    }

    /// Membership changes only by entry into force, a signatory's ratification, an instrument
    /// of accession, or (a year later) a notice of denunciation; whatever else is thrown at it.
    #[test]
    fn membership_changes_only_by_accession_or_withdrawal(
        states in 13usize..40,
        seed in any::<u64>(),
        noise in prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>(), 0i64..400), 1..60),
    ) {
        let (gaz, evs) = synthetic::history(states, 2_000, seed);
        let mut codes: Vec<StateCode> = gaz.iter().map(|s| s.code).collect();
        codes.push(c("RU"));
        codes.push(c("QQ"));
        let mut e = Engine::new(synthetic::treaty(), gaz);
        for ev in &evs { let _ = e.apply(ev); }
        let mut day = e.alliance().last_date.unwrap_or(d("1949-04-04"));
        for (pick, a, b, gap) in noise {
            day = day.checked_add(jiff::Span::new().days(gap)).unwrap_or(day);
            let event = Event { date: day, kind: arbitrary_kind(pick, a, b, &codes) };
            let before = members(&e, day);
            let result = e.apply(&event);
            let after = members(&e, day);
            if before != after {
                prop_assert!(result.is_ok(), "a refused event changed membership: {:?}", event);
                let by_accession = matches!(
                    event.kind,
                    EventKind::AccessionDeposited { .. }
                        | EventKind::TreatyInForce { .. }
                        | EventKind::TreatyRatified { .. }
                );
                prop_assert!(by_accession, "membership changed by {:?}", event);
            }
            // A withdrawal notice never changes membership on its own date...
            if let (EventKind::DenunciationNotice { state }, Ok(_)) = (&event.kind, &result) {
                prop_assert!(e.alliance().is_party(*state, day));
                // ...and takes effect exactly one year later.
                let eff = day.checked_add(jiff::Span::new().years(1)).unwrap();
                prop_assert!(!e.alliance().is_party(*state, eff));
            }
        }
    }

    /// An invitation missing any Party's consent is never adopted; with every Party's, it is.
    #[test]
    fn invitation_without_every_consent_is_never_adopted(drop in prop::collection::vec(any::<bool>(), 12)) {
        let mut e = founded();
        let consenting: Vec<StateCode> = FOUNDERS.iter().zip(&drop).filter(|(_, dropped)| !**dropped).map(|(s, _)| c(s)).collect();
        let event = ev("1951-09-20", EventKind::Decision { subject: Subject::Invitation(c("GR")), consenting: Some(consenting.clone()) });
        let result = e.apply(&event);
        if consenting.len() == FOUNDERS.len() {
            prop_assert!(result.is_ok());
            prop_assert!(e.alliance().invited.contains_key(&c("GR")));
        } else {
            prop_assert!(result.is_err());
            prop_assert!(!e.alliance().invited.contains_key(&c("GR")));
        }
    }

    /// A Party's objection blocks; withdrawn, it no longer does.
    #[test]
    fn any_party_objection_blocks_an_invitation(who in 0usize..12) {
        let mut e = founded();
        let s = Subject::Invitation(c("GR"));
        e.apply(&ev("1951-01-01", EventKind::Objection { by: c(FOUNDERS[who]), subject: s.clone() })).unwrap();
        let blocked = e.apply(&ev("1951-02-01", EventKind::Decision { subject: s.clone(), consenting: None }));
        prop_assert!(blocked.is_err());
        e.apply(&ev("1951-03-01", EventKind::ObjectionWithdrawn { by: c(FOUNDERS[who]), subject: s.clone() })).unwrap();
        let adopted = e.apply(&ev("1951-04-01", EventKind::Decision { subject: s, consenting: None }));
        prop_assert!(adopted.is_ok());
    }

    /// A non-Party's objection, silence-breaking or demand never changes the outcome.
    #[test]
    fn non_party_objection_never_changes_the_outcome(
        outsiders in prop::collection::vec(prop::sample::select(vec!["RU", "SU", "BY", "CN", "SE", "FI", "UA", "JP"]), 0..6),
        party_objects in any::<bool>(),
    ) {
        let mut with = founded();
        let mut without = founded();
        let s = Subject::Invitation(c("GR"));
        for (i, o) in outsiders.iter().enumerate() {
            let day = format!("1951-01-{:02}", i + 1);
            let objection = with.apply(&ev(&day, EventKind::Objection { by: c(o), subject: s.clone() }));
            prop_assert!(objection.is_err());
            let _ = with.apply(&ev(&day, EventKind::ThirdCountryDemand { state: c(o), concerning: vec![c("GR")] }));
        }
        if party_objects {
            for e in [&mut with, &mut without] {
                e.apply(&ev("1951-02-01", EventKind::Objection { by: c("NO"), subject: s.clone() })).unwrap();
            }
        }
        let a = with.apply(&ev("1951-09-20", EventKind::Decision { subject: s.clone(), consenting: None })).is_ok();
        let b = without.apply(&ev("1951-09-20", EventKind::Decision { subject: s.clone(), consenting: None })).is_ok();
        prop_assert_eq!(a, b);
        prop_assert_eq!(a, !party_objects);
    }
}

#[test]
fn synthetic_histories_are_legal_and_large() {
    let (gaz, evs) = synthetic::history(300, 50_000, 1);
    assert_eq!(evs.len(), 50_000);
    let mut e = Engine::new(synthetic::treaty(), gaz);
    for ev in &evs {
        e.apply(ev).unwrap_or_else(|v| panic!("{ev:?}: {v}"));
    }
    assert!(e.alliance().parties.len() > 100);
}

#[test]
fn the_benchmark_history_has_a_million_events() {
    // The benchmark (benches/fold.rs) needs 1,000,000 legal events over 1,000 states.
    let (gaz, evs) = synthetic::history(1_000, 1_000_000, 7);
    assert_eq!(evs.len(), 1_000_000);
    let mut e = Engine::new(synthetic::treaty(), gaz);
    let refused = evs.iter().filter(|ev| e.apply(ev).is_err()).count();
    assert_eq!(refused, 0, "the benchmark history must be legal throughout");
    assert!(e.alliance().parties.len() > 800);
}

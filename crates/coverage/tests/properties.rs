//! Properties that hold for any point, any date and any history.

mod common;

use common::{d, Custom, Real, ACCESSIONS};
use opendoor_coverage::{Basis, Coverage, Date, Membership, Query, StateCode};
use proptest::prelude::*;
use std::sync::OnceLock;

fn coverage() -> &'static Coverage {
    static C: OnceLock<Coverage> = OnceLock::new();
    C.get_or_init(|| Coverage::load().expect("embedded data loads"))
}

/// States whose territory the generated points often hit.
const STATES: &[&str] = &[
    "US", "CA", "GB", "FR", "DE", "IT", "ES", "PT", "NO", "DK", "IS", "NL", "BE", "LU", "GR", "TR",
    "PL", "FI", "SE", "EE", "UA", "RU", "AT", "CH", "CY", "MA", "DZ", "MX", "BR", "CN", "AU", "IN",
    "KZ", "GE", "RS", "IE", "MT", "EG", "LY",
];

fn date(days: i32) -> Date {
    d("1940-01-01")
        .checked_add(jiff::Span::new().days(i64::from(days)))
        .unwrap_or(d("1940-01-01"))
}

fn history() -> impl Strategy<Value = Custom> {
    proptest::collection::vec((0..STATES.len(), 0i32..32_000), 0..STATES.len()).prop_map(|v| {
        let mut joined: Vec<(StateCode, Date)> = Vec::new();
        for (i, days) in v {
            let c = StateCode::parse(STATES[i]).unwrap();
            if !joined.iter().any(|(x, _)| *x == c) {
                joined.push((c, date(days)));
            }
        }
        Custom { joined }
    })
}

/// Points biased towards land in and around the treaty area, plus anywhere on Earth.
fn point() -> impl Strategy<Value = (f64, f64)> {
    prop_oneof![
        (20.0f64..80.0, -130.0f64..60.0),
        (-90.0f64..=90.0, -180.0f64..=180.0),
    ]
}

const TERRITORY_BASES: &[Basis] = &[
    Basis::Europe,
    Basis::NorthAmerica,
    Basis::Turkey,
    Basis::Island,
    Basis::AlgerianDepartments,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// A point is never covered before its sovereign became a Party; and moving that accession
    /// to the day after the query date uncovers it.
    #[test]
    fn never_covered_before_the_sovereign_joined(
        (lat, lon) in point(),
        days in 0i32..32_000,
        h in history(),
    ) {
        let on = date(days);
        let a = coverage().covered(&Query::territory(lat, lon, on), &h).unwrap();
        prop_assert_eq!(a.covered, a.basis.covers());
        if a.covered {
            prop_assert!(TERRITORY_BASES.contains(&a.basis), "{:?}", a.basis);
            let s = a.sovereign.expect("a covered territory has a sovereign");
            let joined = h.party_since(s, on).expect("covered only if a Party");
            let since = a.since.expect("covered answers say since when");
            prop_assert!(joined <= since && since <= on, "{} {} {}", joined, since, on);
            // The same history, but this sovereign joins only after the query date.
            let later = Custom {
                joined: h.joined.iter().map(|&(c, j)| {
                    if c == s { (c, on.tomorrow().unwrap_or(on)) } else { (c, j) }
                }).collect(),
            };
            let b = coverage().covered(&Query::territory(lat, lon, on), &later).unwrap();
            prop_assert!(!b.covered, "still covered once {} joins later: {}", s, b.reason);
        } else {
            prop_assert!(a.since.is_none() && a.clause.is_none());
        }
    }

    /// Forces: covered answers never start after the query date or before the treaty.
    #[test]
    fn forces_since_is_within_the_treaty_period((lat, lon) in point(), days in 0i32..32_000) {
        let on = date(days);
        let a = coverage().covered(&Query::forces(lat, lon, on), &Real).unwrap();
        if let Some(since) = a.since {
            prop_assert!(a.covered);
            prop_assert!(d("1949-08-24") <= since && since <= on);
        }
        // Whatever covers the territory covers forces there.
        let t = coverage().covered(&Query::territory(lat, lon, on), &Real).unwrap();
        if t.covered {
            prop_assert!(a.covered);
            prop_assert_eq!(a.basis, Basis::ForcesOnTerritory);
        }
    }

    /// Any pair of floats gets an answer or a typed error; never a panic.
    #[test]
    fn no_panics_on_any_coordinates(lat in any::<f64>(), lon in any::<f64>(), forces: bool) {
        let q = Query { lat, lon, on: d("2024-01-01"), forces };
        let r = coverage().covered(&q, &Real);
        let valid = (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon);
        prop_assert_eq!(r.is_ok(), valid);
        if let Err(e) = r {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    /// Unknown names never panic and the answer, when there is one, is a valid point.
    #[test]
    fn place_never_panics(name in ".{0,30}") {
        if let Some(p) = coverage().place(&name) {
            prop_assert!((-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.lon));
        }
    }
}

#[test]
fn bad_coordinates_are_errors() {
    let c = coverage();
    for (lat, lon) in [
        (f64::NAN, 0.0),
        (0.0, f64::NAN),
        (91.0, 0.0),
        (-90.5, 0.0),
        (0.0, 180.5),
        (0.0, -181.0),
        (f64::INFINITY, 0.0),
        (0.0, f64::NEG_INFINITY),
    ] {
        let e = c
            .covered(&Query::territory(lat, lon, d("2024-01-01")), &Real)
            .unwrap_err();
        assert!(e.to_string().contains("between"), "{e}");
    }
    // The edges of the valid range are valid.
    for (lat, lon) in [(90.0, 180.0), (-90.0, -180.0), (0.0, 180.0)] {
        assert!(c
            .covered(&Query::forces(lat, lon, d("2024-01-01")), &Real)
            .is_ok());
    }
}

#[test]
fn extreme_dates_and_empty_histories() {
    struct Nothing;
    impl Membership for Nothing {
        fn treaty_in_force(&self) -> Option<Date> {
            None
        }
        fn party_since(&self, _: StateCode, _: Date) -> Option<Date> {
            None
        }
        fn article6_amended(&self) -> Option<Date> {
            None
        }
        fn algerian_independence(&self) -> Option<Date> {
            None
        }
        fn german_reunification(&self) -> Option<Date> {
            None
        }
    }
    let c = coverage();
    for on in [Date::MIN, Date::MAX, d("2024-01-01")] {
        let a = c
            .covered(&Query::forces(48.857, 2.352, on), &Nothing)
            .unwrap();
        assert!(!a.covered);
        assert_eq!(a.basis, Basis::BeforeTreaty);
        let b = c
            .covered(&Query::territory(48.857, 2.352, on), &Real)
            .unwrap();
        assert_eq!(b.covered, on >= d("1949-08-24"));
    }
}

/// On every accession date, the covered sovereigns are exactly the Parties: every Party has
/// covered territory and no one else does.
#[test]
fn covered_sovereigns_are_the_parties() {
    let c = coverage();
    let mut dates: Vec<&str> = ACCESSIONS.iter().map(|(_, date)| *date).collect();
    dates.dedup();
    dates.push("1949-08-23");
    for on in dates {
        let on = d(on);
        let parties: std::collections::BTreeSet<String> = ACCESSIONS
            .iter()
            .filter(|(_, since)| d(since) <= on)
            .map(|(c, _)| c.to_string())
            .collect();
        let covered: std::collections::BTreeSet<String> = c
            .covered_sovereigns(on, &Real)
            .into_iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(covered, parties, "on {on}");
    }
}

#[test]
fn shading_follows_history() {
    let c = coverage();
    let status = |on: &str, id: &str| {
        c.coverage_on(d(on), &Real)
            .into_iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("no {id}"))
    };
    assert!(status("1960-01-01", "DZ").covered);
    assert!(!status("1963-01-01", "DZ").covered);
    assert!(!status("1989-01-01", "DE-GDR").covered);
    assert!(status("1991-01-01", "DE-GDR").covered);
    assert_eq!(status("1991-01-01", "DE-GDR").since, Some(d("1990-10-03")));
    assert!(!status("1989-01-01", "DE-BE").covered);
    assert!(status("1989-01-01", "DE").covered);
    assert!(status("2024-01-01", "IC").covered); // Canary Islands
    assert!(!status("2024-01-01", "PR").covered); // Puerto Rico
    assert!(!status("2024-01-01", "GF").covered); // French Guiana
    assert!(status("2024-01-01", "GL").covered); // Greenland
    assert!(!status("2024-01-01", "Q782").covered); // Hawaii
    assert!(!status("2024-01-01", "Q5823").covered); // Ceuta
    assert!(status("2024-01-01", "Q25231").covered); // Svalbard
}

#[test]
fn named_places() {
    let c = coverage();
    let on = d("2024-01-01");
    let answer = |name: &str| {
        let p = c.place(name).unwrap_or_else(|| panic!("{name} unknown"));
        c.covered(&Query::territory(p.lat, p.lon, on), &Real)
            .unwrap()
    };
    for (name, covered, territory) in [
        ("Canary Islands", true, "Canary Islands"),
        ("canary islands", true, "Canary Islands"),
        ("IC", true, "Canary Islands"),
        ("Svalbard", true, "Svalbard"),
        ("Hawaii", false, "Hawaii"),
        ("Guam", false, "Guam"),
        ("Puerto Rico", false, "Puerto Rico"),
        ("French Guiana", false, "French Guiana"),
        ("Falkland Islands", false, "Falkland Islands"),
        ("Ceuta", false, "Ceuta"),
        ("Melilla", false, "Melilla"),
        ("Akrotiri", false, "Akrotiri"),
        ("Bermuda", true, "Bermuda"),
        ("Greenland", true, "Greenland"),
        ("Faroe Islands", true, "Faroe Islands"),
        ("Gibraltar", true, "Gibraltar"),
        ("Azores", true, "Azores"),
        ("Madeira", true, "Madeira"),
        ("Åland Islands", true, "Åland Islands"),
        ("Spain", true, "Peninsular Spain"),
        ("Turkey", true, "Turkey"),
        ("Saxony", true, "Germany: Saxony (former GDR)"),
        ("West Berlin", true, "Germany: Berlin"),
    ] {
        let a = answer(name);
        assert_eq!(a.covered, covered, "{name}: {}", a.reason);
        assert_eq!(a.territory.as_deref(), Some(territory), "{name}");
    }
    let med = c.place("Mediterranean Sea").unwrap();
    let a = c
        .covered(&Query::forces(med.lat, med.lon, on), &Real)
        .unwrap();
    assert_eq!(a.basis, Basis::Mediterranean);
    let atl = c.place("North Atlantic").unwrap();
    let a = c
        .covered(&Query::forces(atl.lat, atl.lon, on), &Real)
        .unwrap();
    assert_eq!(a.basis, Basis::NorthAtlantic);
    for unknown in ["Atlantis", "", "   ", "??", "Narnia"] {
        assert!(c.place(unknown).is_none(), "{unknown}");
    }
}

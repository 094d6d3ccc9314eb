//! Known facts the record must reproduce, and the record's own hygiene.

use opendoor_core::{Date, StateCode, Status};
use opendoor_record::{query, replay, Record, Replay};

fn load() -> (Record, Replay) {
    let record = Record::embedded().expect("record loads");
    let r = replay(record.engine(), &record.facts);
    (record, r)
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}
fn c(s: &str) -> StateCode {
    StateCode::parse(s).unwrap()
}

#[test]
fn every_wave_on_its_boundary_dates() {
    let (record, r) = load();
    // (day before, day of, Parties before, Parties after, who joined)
    let waves: &[(&str, &str, usize, usize, &[&str])] = &[
        (
            "1949-08-23",
            "1949-08-24",
            0,
            12,
            &[
                "BE", "CA", "DK", "FR", "IS", "IT", "LU", "NL", "NO", "PT", "GB", "US",
            ],
        ),
        ("1952-02-17", "1952-02-18", 12, 14, &["GR", "TR"]),
        ("1955-05-05", "1955-05-06", 14, 15, &["DE"]),
        ("1982-05-29", "1982-05-30", 15, 16, &["ES"]),
        ("1999-03-11", "1999-03-12", 16, 19, &["CZ", "HU", "PL"]),
        (
            "2004-03-28",
            "2004-03-29",
            19,
            26,
            &["BG", "EE", "LV", "LT", "RO", "SK", "SI"],
        ),
        ("2009-03-31", "2009-04-01", 26, 28, &["AL", "HR"]),
        ("2017-06-04", "2017-06-05", 28, 29, &["ME"]),
        ("2020-03-26", "2020-03-27", 29, 30, &["MK"]),
        ("2023-04-03", "2023-04-04", 30, 31, &["FI"]),
        ("2024-03-06", "2024-03-07", 31, 32, &["SE"]),
    ];
    for (before, on, n_before, n_after, joined) in waves {
        let b = query::members(&record, &r, d(before));
        let a = query::members(&record, &r, d(on));
        assert_eq!(b.len(), *n_before, "Parties on {before}");
        assert_eq!(a.len(), *n_after, "Parties on {on}");
        for j in *joined {
            let m = a
                .iter()
                .find(|m| m.code == c(j))
                .unwrap_or_else(|| panic!("{j} missing on {on}"));
            assert_eq!(m.member_since, d(on), "{j}'s member_since");
            assert!(
                !b.iter().any(|m| m.code == c(j)),
                "{j} already a Party on {before}"
            );
        }
    }
}

#[test]
fn france_and_greece_stayed_parties_outside_the_integrated_command() {
    let (record, r) = load();
    for (code, on) in [("FR", "1980-01-01"), ("GR", "1977-01-01")] {
        let s = query::status(&record, &r, c(code), d(on));
        assert_eq!(s.status, Status::Party, "{code}");
        assert!(
            s.position.outside_integrated_command_since.is_some(),
            "{code}"
        );
    }
    let fr = query::status(&record, &r, c("FR"), d("2010-01-01"));
    assert_eq!(fr.position.outside_integrated_command_since, None);
}

#[test]
fn aspirants_positions() {
    let (record, r) = load();
    assert_eq!(
        query::status(&record, &r, c("UA"), d("2023-01-01")).status,
        Status::Applicant
    );
    assert_eq!(
        query::status(&record, &r, c("UA"), d("2021-01-01")).status,
        Status::Partner
    );
    assert_eq!(
        query::status(&record, &r, c("FI"), d("2022-08-01")).status,
        Status::Acceding
    );
    assert_eq!(
        query::status(&record, &r, c("SE"), d("2024-03-07")).status,
        Status::Party
    );
    assert_eq!(
        query::status(&record, &r, c("RU"), d("2021-12-17")).status,
        Status::Partner
    );
    assert_eq!(
        query::status(&record, &r, c("JP"), d("2021-12-17")).status,
        Status::Other
    );
}

#[test]
fn germany_reunified_without_accession() {
    let (record, r) = load();
    let de = query::status(&record, &r, c("DE"), d("1991-01-01"));
    assert_eq!(de.member_since, Some(d("1955-05-06")));
    assert!(r.engine.alliance().german_reunification == Some(d("1990-10-03")));
    assert!(!r.engine.alliance().parties.contains_key(&c("DD")));
}

#[test]
fn the_seed_episode_is_a_demand_without_standing() {
    let (record, r) = load();
    let demands = &r.engine.alliance().third_country_demands;
    assert!(
        demands
            .iter()
            .any(|(day, s)| *s == c("RU") && *day == d("2021-12-17")),
        "{demands:?}"
    );
    // Membership was not affected by it.
    assert_eq!(query::members(&record, &r, d("2022-01-26")).len(), 30);
}

#[test]
fn article5_once_article4_per_occasion() {
    let (record, _) = load();
    let a5 = query::invocations(&record, Some(5));
    assert!(a5
        .iter()
        .all(|i| i.requested_by == vec![c("US")] && i.date.year() == 2001));
    let a4 = query::invocations(&record, Some(4));
    let feb2022 = a4
        .iter()
        .find(|i| i.date == d("2022-02-24"))
        .expect("24 February 2022");
    assert_eq!(feb2022.requested_by.len(), 8);
    assert!(a4.iter().all(|i| i.source.is_some()));
}

#[test]
fn every_fact_has_a_source_and_no_fact_is_recorded_twice() {
    let (record, _) = load();
    // The same fact (kind, date, states) may not come from two different entries.
    let mut seen: std::collections::HashMap<(String, Date, Vec<StateCode>), String> =
        Default::default();
    for f in &record.facts {
        let src = f.source.as_deref().unwrap_or("");
        assert!(src.len() > 8, "{} has no real source", f.id);
        let key = (f.kind.clone(), f.date, f.states.clone());
        if let Some(other) = seen.insert(key, f.id.clone()) {
            assert_eq!(
                other, f.id,
                "the same fact is recorded twice: {other} and {}",
                f.id
            );
        }
    }
    for u in &record.undated {
        assert!(
            u.note.as_deref().is_some_and(|n| !n.is_empty()),
            "{}: an undated fact must say why",
            u.id
        );
    }
}

#[test]
fn ratification_rows_are_consistent() {
    let (record, _) = load();
    for acc in &record.accessions {
        let t = query::ratifications(&record, acc.data.candidates[0]).expect("table");
        let signed = t.protocol_signed.expect("signed");
        let mut allies = std::collections::HashSet::new();
        for row in &t.ratifications {
            assert!(
                allies.insert(row.ally),
                "{}: {} listed twice",
                acc.file,
                row.ally
            );
            assert!(
                !t.candidates.contains(&row.ally),
                "{}: a candidate ratifies itself",
                acc.file
            );
            if let Some(dep) = row.deposited {
                assert!(
                    dep >= signed,
                    "{}: {} deposited before signature",
                    acc.file,
                    row.ally
                );
                if let Some(inf) = t.in_force {
                    assert!(
                        dep <= inf,
                        "{}: {} deposited after entry into force",
                        acc.file,
                        row.ally
                    );
                }
                if let Some(p) = row.parliament_approved {
                    assert!(
                        dep >= p,
                        "{}: {} deposited before its parliament approved",
                        acc.file,
                        row.ally
                    );
                }
                assert!(row.deposit_source.is_some());
            }
            if row.parliament_approved.is_some() {
                assert!(row.parliament_source.is_some());
            }
        }
    }
}

#[test]
fn ratification_table_for_finland() {
    let (record, _) = load();
    let t = query::ratifications(&record, c("FI")).expect("Finland");
    assert_eq!(t.protocol_signed, Some(d("2022-07-05")));
    assert_eq!(t.acceded, Some(d("2023-04-04")));
    assert_eq!(t.allies, 30);
    let hu = t.ratifications.iter().find(|r| r.ally == c("HU")).unwrap();
    assert_eq!(hu.parliament_approved, Some(d("2023-03-27")));
    assert_eq!(hu.deposited, Some(d("2023-03-31")));
    assert_eq!(hu.lag_deposit_days, Some(269));
}

#[test]
fn gaps_agree_with_the_ratification_tables() {
    let (record, _) = load();
    let g = query::gaps(&record);
    assert_eq!(g.protocols.len(), record.accessions.len());
    for p in &g.protocols {
        let t = query::ratifications(&record, p.candidates[0]).unwrap();
        assert_eq!(p.allies, t.ratifications.len());
        assert_eq!(p.missing_deposit.len() + t.with_deposit_date, p.allies);
        assert_eq!(
            p.missing_parliament.len() + t.parliament_stage_known,
            p.allies,
            "{:?}",
            p.candidates
        );
        for a in &p.missing_deposit {
            let row = t.ratifications.iter().find(|r| r.ally == *a).unwrap();
            assert!(row.deposited.is_none());
        }
        for a in &p.missing_parliament {
            let row = t.ratifications.iter().find(|r| r.ally == *a).unwrap();
            assert!(row.parliament_approved.is_none() && row.parliament_vote_required);
        }
        assert_eq!(
            p.complete,
            p.missing_deposit.is_empty() && p.missing_parliament.is_empty()
        );
    }
    // Founders: the twelve signatories, each either dated or listed as missing.
    assert_eq!(
        g.founders_deposit_dated.len() + g.founders_deposit_missing.len(),
        12
    );
}

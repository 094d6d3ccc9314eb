//! The forecast on the real record: determinism, ordering, shares, overrides, the backtest's
//! ignorance of the future, typed errors, no panics.

use opendoor_core::{Date, StateCode};
use opendoor_forecast::{
    backtest_forecast, backtest_with, forecast, parse_override, svg, training_set, AllyStatus,
    Forecast, ForecastError, Options, Override, Stage, Start,
};
use opendoor_record::{replay, Record, Replay};
use std::sync::OnceLock;

fn world() -> &'static (Record, Replay) {
    static W: OnceLock<(Record, Replay)> = OnceLock::new();
    W.get_or_init(|| {
        let record = Record::embedded().expect("the embedded record loads");
        let r = replay(record.engine(), &record.facts);
        (record, r)
    })
}

fn code(c: &str) -> StateCode {
    StateCode::parse(c).unwrap()
}

fn date(d: &str) -> Date {
    d.parse().unwrap()
}

fn opts(from: &str, trials: u64, seed: u64) -> Options {
    Options {
        from: Some(date(from)),
        trials,
        seed,
        ..Options::default()
    }
}

fn run(candidate: &str, o: &Options) -> Result<Forecast, ForecastError> {
    let (record, replay) = world();
    forecast(record, replay, code(candidate), o, &|_, _| {})
}

fn json(f: &Forecast) -> String {
    serde_json::to_string(f).unwrap()
}

fn assert_invariants(f: &Forecast) {
    let q = f.quantiles;
    if let (Some(a), Some(b)) = (q.p10, q.p50) {
        assert!(a <= b, "p10 {a} > p50 {b}");
    }
    if let (Some(b), Some(c)) = (q.p50, q.p90) {
        assert!(b <= c, "p50 {b} > p90 {c}");
    }
    if let Some(a) = q.p10 {
        assert!(a >= f.from, "p10 {a} before the start {}", f.from);
    }
    // A quantile can be missing only above a present one.
    assert!(!(q.p10.is_none() && q.p50.is_some()));
    assert!(!(q.p50.is_none() && q.p90.is_some()));
    if !f.last_ally.is_empty() {
        let s: f64 = f.last_ally.values().sum();
        assert!((s - 1.0).abs() < 1e-9, "last_ally sums to {s}");
    }
    assert!(f.last_ally.values().all(|p| (0.0..=1.0).contains(p)));
    let mut prev = 0.0;
    for (d, p) in &f.p_by {
        assert!(*p >= prev && *p <= 1.0, "p_by not monotone at {d}");
        prev = *p;
    }
    let mut prev = 0.0;
    for p in &f.cdf {
        assert!(p.p >= prev - 1e-12 && p.p <= 1.0);
        prev = p.p;
    }
    assert_eq!(
        f.histogram.iter().sum::<u64>() + (f.p_never * f.trials as f64).round() as u64,
        f.trials
    );
}

#[test]
fn same_seed_same_bytes_whatever_the_threads() {
    let mut o = opts("2026-01-01", 200_000, 7);
    o.threads = 1;
    let a = run("UA", &o).unwrap();
    o.threads = 2;
    let b = run("UA", &o).unwrap();
    o.threads = 5;
    let c = run("UA", &o).unwrap();
    assert_eq!(json(&a), json(&b));
    assert_eq!(json(&a), json(&c));
    assert_eq!(svg(&a), svg(&c));
    o.seed = 8;
    let d = run("UA", &o).unwrap();
    assert_ne!(
        json(&a),
        json(&d),
        "a different seed gives a different sample"
    );
}

#[test]
fn the_json_has_the_documented_fields() {
    let f = run("UA", &opts("2026-01-01", 50_000, 1)).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json(&f)).unwrap();
    for q in ["p10", "p50", "p90"] {
        let s = v["quantiles"][q].as_str().expect("a date string");
        assert!(date(s) >= date("2026-01-01"));
    }
    let p_by = v["p_by"].as_object().unwrap();
    assert!(p_by.len() >= 3);
    for k in p_by.keys() {
        date(k);
    }
    let last = v["last_ally"].as_object().unwrap();
    assert_eq!(last.len(), 32, "every Ally of 2026 is drawn");
    let s: f64 = last.values().map(|p| p.as_f64().unwrap()).sum();
    assert!((s - 1.0).abs() < 1e-9);
    assert_eq!(v["start"]["kind"], "hypothetical_signature");
}

#[test]
fn quantiles_are_ordered_and_shares_sum_to_one_in_every_kind_of_start() {
    let cases: Vec<(&str, Options)> = vec![
        ("UA", opts("2026-01-01", 60_000, 3)),
        ("GE", opts("2030-06-30", 60_000, 3)),
        ("BA", opts("2026-01-01", 60_000, 3)),
        (
            "UA",
            Options {
                stage: Stage::Invitation,
                ..opts("2026-01-01", 60_000, 3)
            },
        ),
        // Protocols under way, from the record's state on the day.
        ("SE", opts("2023-06-01", 60_000, 3)),
        ("FI", opts("2022-09-01", 60_000, 3)),
        ("MK", opts("2019-10-01", 60_000, 3)),
        // Invited, protocol not yet signed.
        ("FI", opts("2022-07-01", 60_000, 3)),
    ];
    for (c, o) in cases {
        let f = run(c, &o).unwrap_or_else(|e| panic!("{c} {:?}: {e}", o.from));
        assert_invariants(&f);
    }
}

#[test]
fn a_protocol_under_way_starts_from_the_record_on_that_day() {
    let f = run("SE", &opts("2023-06-01", 60_000, 3)).unwrap();
    let Start::ProtocolSigned {
        signed,
        deposited,
        parliament_approved,
        pending,
    } = f.start
    else {
        panic!("{:?}", f.start)
    };
    assert_eq!(signed, date("2022-07-05"));
    assert!(deposited >= 3 && parliament_approved >= 20 && pending >= 1);
    // Hungary and Türkiye had not approved Sweden's protocol by then.
    for c in ["HU", "TR"] {
        let a = f.allies.iter().find(|a| a.ally == code(c)).unwrap();
        assert_eq!(a.status, AllyStatus::Pending, "{c}");
        assert!(f.last_ally[&code(c)] > 0.0);
    }
    // Canada had deposited on the day of signature: not drawn, cannot be last.
    let ca = f.allies.iter().find(|a| a.ally == code("CA")).unwrap();
    assert_eq!(ca.status, AllyStatus::Deposited);
    assert!(!f.last_ally.contains_key(&code("CA")));
    // Finland had joined on 2023-04-04: it is one of the Allies ratifying Sweden's protocol.
    assert!(f.allies.iter().any(|a| a.ally == code("FI")));
}

#[test]
fn a_hold_out_pushes_the_distribution_later() {
    let base = run("UA", &opts("2026-01-01", 100_000, 11)).unwrap();
    let mut o = opts("2026-01-01", 100_000, 11);
    o.overrides = vec![Override::HoldOutUntil {
        ally: code("HU"),
        date: date("2029-06-01"),
    }];
    let held = run("UA", &o).unwrap();
    assert!(held.quantiles.p10.unwrap() >= date("2029-06-01"));
    assert!(held.quantiles.p50.unwrap() > base.quantiles.p50.unwrap());
    assert!(held.last_ally[&code("HU")] > base.last_ally[&code("HU")]);
    assert!(held.p_on_or_before(date("2029-05-31")) == 0.0);
    assert_invariants(&held);

    o.overrides = vec![Override::Delay {
        ally: code("TR"),
        days: 400,
    }];
    let delayed = run("UA", &o).unwrap();
    assert!(delayed.quantiles.p50.unwrap() > base.quantiles.p50.unwrap());
    assert!(delayed.last_ally[&code("TR")] > base.last_ally[&code("TR")]);

    o.overrides = vec![Override::Refuse {
        ally: code("TR"),
        probability: 0.25,
    }];
    let refusing = run("UA", &o).unwrap();
    assert!(
        (refusing.p_never - 0.25).abs() < 0.01,
        "{}",
        refusing.p_never
    );
    assert!(refusing.last_ally[&code("TR")] >= 0.25 - 0.01);
    // Never is never: P(done by any date) at most 1 - p_never.
    for p in refusing.p_by.values() {
        assert!(*p <= 1.0 - refusing.p_never + 1e-12);
    }
    assert_invariants(&refusing);
}

#[test]
fn the_invitation_stage_comes_before_the_signature() {
    let sig = run("UA", &opts("2026-01-01", 100_000, 5)).unwrap();
    let inv = run(
        "UA",
        &Options {
            stage: Stage::Invitation,
            ..opts("2026-01-01", 100_000, 5)
        },
    )
    .unwrap();
    assert_eq!(inv.start, Start::HypotheticalInvitation);
    assert!(inv.quantiles.p50.unwrap() > sig.quantiles.p50.unwrap());
}

#[test]
fn typed_errors_not_panics() {
    let o = opts("2026-01-01", 1000, 1);
    assert!(matches!(
        run("HU", &o),
        Err(ForecastError::AlreadyParty { .. })
    ));
    assert!(matches!(
        run("US", &o),
        Err(ForecastError::AlreadyParty { .. })
    ));
    assert!(matches!(
        run("ZZ", &o),
        Err(ForecastError::UnknownState { .. })
    ));
    assert!(matches!(
        run("MA", &o),
        Err(ForecastError::NotEuropean { .. })
    ));
    assert!(matches!(
        run("UA", &opts("1940-01-01", 1000, 1)),
        Err(ForecastError::NoAllies { .. })
    ));
    assert!(matches!(
        run("UA", &opts("9999-01-01", 1000, 1)),
        Err(ForecastError::DateOutOfRange { .. })
    ));
    assert!(matches!(
        run("UA", &opts("2026-01-01", 0, 1)),
        Err(ForecastError::NoTrials)
    ));
    let with = |o: Override, c: &str, from: &str| {
        let mut x = opts(from, 1000, 1);
        x.overrides = vec![o];
        run(c, &x)
    };
    assert!(matches!(
        with(parse_override("RU=2027-01-01").unwrap(), "UA", "2026-01-01"),
        Err(ForecastError::UnknownAlly { .. })
    ));
    assert!(matches!(
        with(parse_override("UA+3").unwrap(), "UA", "2026-01-01"),
        Err(ForecastError::UnknownAlly { .. })
    ));
    // Canada deposited Sweden's protocol on 2022-07-05: it cannot hold out in 2023.
    assert!(matches!(
        with(parse_override("CA+10").unwrap(), "SE", "2023-06-01"),
        Err(ForecastError::AlreadyDeposited { .. })
    ));
    // Every error explains itself.
    for e in [
        run("HU", &o).unwrap_err(),
        run("ZZ", &o).unwrap_err(),
        run("MA", &o).unwrap_err(),
    ] {
        assert!(e.to_string().len() > 20);
    }
}

#[test]
fn no_panic_on_odd_dates_codes_and_overrides() {
    let candidates = [
        "UA", "GE", "MD", "RS", "AT", "CH", "IE", "RU", "FI", "SE", "MK", "ME", "HR", "AL",
    ];
    let dates = [
        "1949-08-24",
        "1952-02-17",
        "1982-05-29",
        "1999-03-11",
        "2003-03-26",
        "2004-03-28",
        "2009-03-31",
        "2017-06-04",
        "2022-07-05",
        "2024-03-06",
        "2100-01-01",
    ];
    let overrides = [
        vec![],
        vec![parse_override("TR@1").unwrap()],
        vec![
            parse_override("HU=1950-01-01").unwrap(),
            parse_override("US+0").unwrap(),
        ],
        vec![parse_override("GB=2200-01-01").unwrap()],
    ];
    for c in candidates {
        for d in dates {
            for ov in &overrides {
                let mut o = opts(d, 2_000, 1);
                o.overrides = ov.clone();
                if let Ok(f) = run(c, &o) {
                    assert_invariants(&f);
                    let _ = f.to_string();
                    let _ = svg(&f);
                }
            }
        }
    }
}

#[test]
fn refusal_with_certainty_means_never() {
    let mut o = opts("2026-01-01", 20_000, 2);
    o.overrides = vec![parse_override("PL@1").unwrap()];
    let f = run("UA", &o).unwrap();
    assert_eq!(f.p_never, 1.0);
    assert_eq!(f.quantiles.p10, None);
    assert_eq!(f.last_ally[&code("PL")], 1.0);
    assert!(f.to_string().contains("never"));
}

#[test]
fn parse_override_forms_and_errors() {
    assert_eq!(
        parse_override("HU=2027-06-01").unwrap(),
        Override::HoldOutUntil {
            ally: code("HU"),
            date: date("2027-06-01")
        }
    );
    assert_eq!(
        parse_override(" hu+120 ").unwrap(),
        Override::Delay {
            ally: code("HU"),
            days: 120
        }
    );
    assert_eq!(
        parse_override("TR@0.2").unwrap(),
        Override::Refuse {
            ally: code("TR"),
            probability: 0.2
        }
    );
    for bad in [
        "",
        "HU",
        "HU=",
        "HU=2027-13-01",
        "HU=tomorrow",
        "HU+-5",
        "HU+1.5",
        "HU+99999999",
        "HU@1.5",
        "HU@-0.1",
        "HU@nan",
        "H=2027-01-01",
        "HUNGARY+3",
        "+3",
        "@0.5",
        "é+1",
    ] {
        let e = parse_override(bad).expect_err(bad);
        let msg = e.to_string();
        assert!(
            msg.contains("HU=2027-06-01"),
            "the message shows the forms: {msg}"
        );
    }
    // Round trip through Display.
    for s in ["HU=2027-06-01", "HU+120", "TR@0.2"] {
        assert_eq!(parse_override(s).unwrap().to_string(), s);
    }
}

/// The training set only holds what was dated before its cutoff.
#[test]
fn the_training_set_holds_nothing_from_the_cutoff_on() {
    let (record, replay) = world();
    for cutoff in [
        "1997-12-16",
        "2003-03-26",
        "2008-07-09",
        "2016-05-19",
        "2019-02-06",
        "2022-07-05",
        "2023-06-02",
    ] {
        let c = date(cutoff);
        let t = training_set(record, replay, c);
        assert!(t.latest_fact().is_none_or(|d| d < c), "{cutoff}");
        assert!(t.parliament.iter().all(|o| o.known_on < c && o.round < c));
        assert!(t
            .deposit_delay
            .iter()
            .all(|o| o.known_on < c && o.round < c));
        assert!(t.accession_delay.iter().all(|o| o.known_on < c));
        assert!(t.invitation_to_signature.iter().all(|o| o.known_on < c));
    }
    // And the record's own 2022 lags appear once their dates have passed.
    let before = training_set(record, replay, date("2022-07-05"));
    let after = training_set(record, replay, date("2024-06-01"));
    assert!(after.exact_lags() > before.exact_lags() + 20);
}

/// A record with everything from the cutoff on deleted (dates blanked, later facts removed,
/// replayed again).
fn truncated(record: &Record, cutoff: Date) -> (Record, Replay) {
    let mut r = record.clone();
    let keep = |t: &mut Option<String>| {
        if t.as_deref()
            .and_then(|s| opendoor_record::raw::parse_date(s).ok())
            .is_none_or(|d| d >= cutoff)
        {
            *t = None;
        }
    };
    for acc in &mut r.accessions {
        let d = &mut acc.data;
        keep(&mut d.signed.date);
        if let Some(i) = d.invited.as_mut() {
            keep(&mut i.date);
        }
        if let Some(i) = d.in_force.as_mut() {
            keep(&mut i.date);
        }
        d.accession
            .retain(|a| opendoor_record::raw::parse_date(&a.date).is_ok_and(|x| x < cutoff));
        for row in &mut d.ratification {
            keep(&mut row.parliament_approved);
            keep(&mut row.deposited);
        }
    }
    r.facts.retain(|f| f.date < cutoff);
    let rp = replay(r.engine(), &r.facts);
    (r, rp)
}

/// The backtest uses no information from the future, by construction: with the future deleted
/// from the record, the training sets and the forecasts are identical, byte for byte.
#[test]
fn the_backtest_is_blind_to_the_future() {
    let (record, replay) = world();
    for (cand, signed) in [
        ("HR", "2008-07-09"),
        ("ME", "2016-05-19"),
        ("MK", "2019-02-06"),
        ("SE", "2022-07-05"),
    ] {
        let cutoff = date(signed);
        let (short, short_replay) = truncated(record, cutoff);
        // The control: the truncation removed something, and a cutoff in the future would see
        // the difference (so the equality below has the power to fail).
        assert!(short.facts.len() < record.facts.len());
        let later = date("2025-01-01");
        assert_ne!(
            training_set(record, replay, later),
            training_set(&short, &short_replay, later)
        );
        assert_eq!(
            training_set(record, replay, cutoff),
            training_set(&short, &short_replay, cutoff),
            "{cand}"
        );
        let o = Options {
            trials: 30_000,
            seed: 4,
            ..Options::default()
        };
        let full = backtest_forecast(record, replay, code(cand), cutoff, &o).unwrap();
        let blind = backtest_forecast(&short, &short_replay, code(cand), cutoff, &o).unwrap();
        assert_eq!(json(&full), json(&blind), "{cand}");
        assert!(full.model.latest_fact_used.is_none_or(|d| d < cutoff));
    }
}

#[test]
fn backtest_covers_the_protocols_with_per_ally_data_and_is_honest() {
    let (record, replay) = world();
    let o = Options {
        trials: 40_000,
        seed: 1,
        ..Options::default()
    };
    let b = backtest_with(record, replay, &o);
    let signed: Vec<String> = b.entries.iter().map(|e| e.signed.to_string()).collect();
    for s in ["2008-07-09", "2016-05-19", "2019-02-06", "2022-07-05"] {
        assert!(signed.contains(&s.to_string()), "{s} missing: {signed:?}");
    }
    // Finland and Sweden: same signature, different outcomes, two entries.
    assert_eq!(signed.iter().filter(|s| *s == "2022-07-05").count(), 2);
    for e in &b.entries {
        assert!(e.latest_fact_used.is_none_or(|d| d < e.signed));
        assert!(e.cutoff == e.signed);
        assert!((0.0..=1.0).contains(&e.pit));
        assert!(e.crps_days >= 0.0);
        assert_eq!(
            e.in_80,
            e.quantiles.p10.is_some_and(|a| a <= e.actual)
                && e.quantiles.p90.is_some_and(|c| e.actual <= c)
        );
    }
    assert!((0.0..=1.0).contains(&b.summary.coverage_80));
    let text = b.to_string();
    assert!(text.contains("PIT") && text.contains("CRPS"));
    assert!(serde_json::to_string(&b).is_ok());
}

#[test]
fn the_chart_is_a_standalone_svg() {
    let mut o = opts("2026-01-01", 20_000, 1);
    o.overrides = vec![parse_override("HU+30").unwrap()];
    let f = run("UA", &o).unwrap();
    let s = svg(&f);
    assert!(s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(s.trim_end().ends_with("</svg>"));
    assert!(s.contains("<polyline"));
    assert!(s.contains("p50 "));
    assert!(s.contains("Ukraine (UA)"));
    assert!(!s.contains("NaN") && !s.contains("inf"));
    // Every point inside the plot.
    let pts = s
        .split("points=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    for p in pts.split_whitespace() {
        let (x, y) = p.split_once(',').unwrap();
        let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
        assert!((0.0..=800.0).contains(&x) && (0.0..=420.0).contains(&y));
    }
}

#[test]
fn progress_reaches_the_total() {
    let (record, replay) = world();
    let o = opts("2026-01-01", 300_001, 1);
    let seen = std::sync::atomic::AtomicU64::new(0);
    let calls = std::sync::atomic::AtomicU64::new(0);
    let f = forecast(record, replay, code("UA"), &o, &|d, t| {
        assert_eq!(t, 300_001);
        seen.fetch_max(d, std::sync::atomic::Ordering::Relaxed);
        calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    })
    .unwrap();
    assert_eq!(f.trials, 300_001);
    assert_eq!(seen.into_inner(), 300_001);
    assert!(calls.into_inner() > 1);
}

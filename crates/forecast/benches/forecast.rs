//! Forecast benchmarks (issue 5): 1,000,000 trials x 32 Allies (Ukraine, hypothetical
//! signature on 2026-01-01, the 32 Allies of the record), on every core.
//!
//! - `forecast/full_1m_x32`: fit + tables + trials (`forecast()`), the record already loaded;
//! - `forecast/prepare`: the Gibbs fit and the tables only;
//! - `forecast/trials_1m_x32`: the trials only, on a prepared forecast;
//! - `forecast/trials_1m_x32_1thread`: the same on one thread.
//!
//! The whole process (loading the record included) is timed by `bench/forecast.sh`.

use criterion::{criterion_group, criterion_main, Criterion};
use opendoor_core::StateCode;
use opendoor_forecast::{forecast, prepare, Options};
use std::hint::black_box;
use std::time::Duration;

fn benches(c: &mut Criterion) {
    let record = opendoor_record::Record::embedded().expect("record");
    let replay = opendoor_record::replay(record.engine(), &record.facts);
    let ua = StateCode::parse("UA").expect("code");
    let opts = Options {
        from: Some("2026-01-01".parse().expect("date")),
        trials: 1_000_000,
        seed: 1949,
        ..Options::default()
    };
    let mut g = c.benchmark_group("forecast");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("full_1m_x32", |b| {
        b.iter(|| {
            let f = forecast(&record, &replay, ua, &opts, &|_, _| {}).expect("forecast");
            assert_eq!(f.allies.len(), 32);
            black_box(f.quantiles)
        })
    });
    g.bench_function("prepare", |b| {
        b.iter(|| black_box(prepare(&record, &replay, ua, &opts).expect("prepare")))
    });
    let prepared = prepare(&record, &replay, ua, &opts).expect("prepare");
    g.bench_function("trials_1m_x32", |b| {
        b.iter(|| black_box(prepared.run(&|_, _| {}).quantiles))
    });
    let one = prepare(
        &record,
        &replay,
        ua,
        &Options {
            threads: 1,
            ..opts.clone()
        },
    )
    .expect("prepare");
    g.bench_function("trials_1m_x32_1thread", |b| {
        b.iter(|| black_box(one.run(&|_, _| {}).quantiles))
    });
    g.finish();
}

criterion_group!(forecast_benches, benches);
criterion_main!(forecast_benches);

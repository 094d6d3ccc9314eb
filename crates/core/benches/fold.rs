//! Benchmarks of the fold: applying synthetic histories, and state-on-a-date lookups.
//! Run: `cargo bench -p opendoor-core --bench fold`. Numbers and machine in BENCHMARKS.md.

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use opendoor_core::{synthetic, Engine, StateCode};

const STATES: usize = 1_000;
const EVENTS: usize = 1_000_000;

fn apply(c: &mut Criterion) {
    let (gaz, events) = synthetic::history(STATES, EVENTS, 7);
    let treaty = synthetic::treaty();
    let mut group = c.benchmark_group("fold");
    group.sample_size(10);
    group.throughput(Throughput::Elements(events.len() as u64));
    group.bench_function("apply_1m_events_1000_states", |b| {
        b.iter_batched(
            || Engine::new(treaty.clone(), gaz.clone()),
            |mut engine| {
                for e in &events {
                    // Every synthetic event is legal; a refusal would be a bug the tests catch.
                    let _ = black_box(engine.apply(e));
                }
                engine
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn lookup(c: &mut Criterion) {
    let (gaz, events) = synthetic::history(STATES, EVENTS, 7);
    let mut engine = Engine::new(synthetic::treaty(), gaz);
    for e in &events {
        let _ = engine.apply(e);
    }
    let last = events
        .last()
        .map(|e| e.date)
        .unwrap_or(opendoor_core::Date::MIN);
    let mid = events[events.len() / 2].date;
    let code = synthetic::code(500);
    let mut group = c.benchmark_group("lookup");
    group.bench_function("members_on_mid_history", |b| {
        b.iter(|| black_box(engine.chronicle().members_on(black_box(mid))))
    });
    group.bench_function("count_members_on_last_date", |b| {
        b.iter(|| black_box(engine.chronicle().count_members_on(black_box(last))))
    });
    group.bench_function("position_of_one_state", |b| {
        b.iter(|| {
            black_box(
                engine
                    .chronicle()
                    .position(black_box(code as StateCode), black_box(mid)),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, apply, lookup);
criterion_main!(benches);

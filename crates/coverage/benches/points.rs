//! Point queries per second once the data is loaded, and the cost of loading it.
//!
//! `CARGO_TARGET_DIR=/work/target-coverage cargo bench -p opendoor-coverage --bench points`

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use opendoor_coverage::{Coverage, Date, Membership, Query, StateCode};

struct Real;
const FOUNDED: Date = Date::constant(1949, 8, 24);
impl Membership for Real {
    fn treaty_in_force(&self) -> Option<Date> {
        Some(FOUNDED)
    }
    fn party_since(&self, state: StateCode, on: Date) -> Option<Date> {
        let since = match state.as_str() {
            "BE" | "CA" | "DK" | "FR" | "IS" | "IT" | "LU" | "NL" | "NO" | "PT" | "GB" | "US" => {
                FOUNDED
            }
            "GR" | "TR" => Date::constant(1952, 2, 18),
            "DE" => Date::constant(1955, 5, 6),
            "ES" => Date::constant(1982, 5, 30),
            "CZ" | "HU" | "PL" => Date::constant(1999, 3, 12),
            "BG" | "EE" | "LV" | "LT" | "RO" | "SK" | "SI" => Date::constant(2004, 3, 29),
            "AL" | "HR" => Date::constant(2009, 4, 1),
            "ME" => Date::constant(2017, 6, 5),
            "MK" => Date::constant(2020, 3, 27),
            "FI" => Date::constant(2023, 4, 4),
            "SE" => Date::constant(2024, 3, 7),
            _ => return None,
        };
        (since <= on).then_some(since)
    }
    fn article6_amended(&self) -> Option<Date> {
        Some(Date::constant(1952, 2, 18))
    }
    fn algerian_independence(&self) -> Option<Date> {
        Some(Date::constant(1962, 7, 3))
    }
    fn german_reunification(&self) -> Option<Date> {
        Some(Date::constant(1990, 10, 3))
    }
}

/// Deterministic pseudo-random points: uniform on the lon/lat rectangle of the treaty area's
/// surroundings (20°N-80°N, 130°W-60°E), where every layer is exercised.
fn points(n: usize, forces: bool) -> Vec<Query> {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|i| Query {
            lat: 20.0 + 60.0 * next(),
            lon: -130.0 + 190.0 * next(),
            on: if i % 2 == 0 {
                Date::constant(2024, 1, 1)
            } else {
                Date::constant(1985, 6, 1)
            },
            forces,
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let coverage = Coverage::load().expect("embedded data");
    let mut g = c.benchmark_group("covered");
    for (name, forces) in [("territory_10k_points", false), ("forces_10k_points", true)] {
        let qs = points(10_000, forces);
        g.throughput(Throughput::Elements(qs.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut covered = 0usize;
                for q in &qs {
                    if coverage
                        .covered(q, &Real)
                        .map(|a| a.covered)
                        .unwrap_or(false)
                    {
                        covered += 1;
                    }
                }
                covered
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    g.bench_function("Coverage::load", |b| {
        b.iter_batched(
            || (),
            |_| Coverage::load().expect("data"),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("coverage_on (map shading, first call included)", |b| {
        b.iter_batched(
            || Coverage::load().expect("data"),
            |c| c.coverage_on(Date::constant(2024, 1, 1), &Real).len(),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

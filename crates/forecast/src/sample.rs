//! The Monte Carlo engine.
//!
//! Trials are stratified over the posterior scenarios (each of the `K` scenarios gets
//! `trials / K` trials, the first `trials % K` one more). A work item is one scenario: the
//! worker builds that scenario's tables (32 Allies x 2 KB: they stay in L2) into buffers it
//! reuses, then runs the scenario's trials in blocks, each block with its own xoshiro256++
//! stream seeded from (seed, scenario, block), so the result does not depend on how many
//! threads run or in which order they take the items. Tallies are integer histograms of days,
//! added at the end. Nothing is allocated per trial; memory does not grow with the number of
//! trials (nor with the number of scenarios: tables are built where they are used).

use crate::ally_table::{self, ally_of, days_of, draw, ABody, ATail, AllyDist, AllyGrid, LOG_AN};
use crate::table::{lookup, Body, LogNormalDays, Tail, ZGrid};
use rand::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::sync::atomic::{AtomicU64, Ordering};

/// Trials per block (the unit of seeding and progress reports).
pub(crate) const BLOCK: u64 = 4096;
/// Trials processed together (the Allies are the outer loop within a batch).
const BATCH: usize = 512;
/// Allies drawn from one 64-bit word (8 bits each).
const PER_WORD: usize = 8;

/// One posterior scenario, as the trials need it.
#[derive(Debug, Clone)]
pub(crate) struct Scenario {
    /// The lag model's act-level `sigma` (for [`AllyDist::Fresh`]).
    pub sigma: f64,
    /// Each drawn Ally's days to the end of its procedure.
    pub allies: Vec<AllyDist>,
    /// Deposit delay after the last parliamentary approval (None: zero).
    pub deposit: Option<LogNormalDays>,
    /// The candidate's own delay after the entry into force.
    pub candidate: LogNormalDays,
    /// Days before the signature (None: zero).
    pub stage: Option<LogNormalDays>,
}

/// Everything a trial reads.
///
/// A trial of scenario `k`: the days before signature (`stage`); every drawn Ally's days to
/// the end of its procedure (keyed tables, delay overrides included); the latest of them, at
/// least the hold-out floor; then the deposit delay after the last parliamentary approval and
/// the candidate's own instrument.
#[derive(Debug, Clone)]
pub(crate) struct Sampler {
    pub allies: usize,
    pub scenarios: Vec<Scenario>,
    /// Delay override per drawn Ally (days added).
    pub offset: Vec<f64>,
    /// Latest hold-out date over the drawn Allies (days from the start; `-inf` if none) and
    /// the Ally holding out.
    pub floor: f32,
    pub floor_owner: usize,
    /// (Ally index, threshold): the Ally refuses when a random word is `<=` the threshold.
    pub refuse: Vec<(usize, u64)>,
    /// Histogram bins: days `0..horizon`, then one bin for later.
    pub horizon: usize,
}

/// One scenario's tables, built by a worker into buffers it reuses.
struct Tables {
    a_body: Vec<ABody>,
    a_tail: Vec<ATail>,
    d: (Body, Tail),
    c: (Body, Tail),
    s: (Body, Tail),
}

/// The larger of a running maximum and a key read as a float: `maxss`, no branch.
#[inline(always)]
fn fmax(x: f32, key: u32) -> f32 {
    let v = f32::from_bits(key);
    if v > x {
        v
    } else {
        x
    }
}

fn zero() -> (Body, Tail) {
    ([0.0; crate::table::N], [0.0; crate::table::N + 1])
}

fn delay(grid: &ZGrid, d: Option<LogNormalDays>, out: &mut (Body, Tail)) {
    match d {
        Some(d) => d.fill(grid, &mut out.0, &mut out.1),
        None => *out = zero(),
    }
}

/// What the trials produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Trials completing `d` days after the start (`hist[horizon]`: later than the horizon).
    pub hist: Vec<u64>,
    /// Trials in which some Ally refused (the accession never completes).
    pub never: u64,
    /// Trials in which each drawn Ally was the last (or the one that refused).
    pub last: Vec<u64>,
    pub trials: u64,
}

impl Tally {
    fn new(horizon: usize, allies: usize) -> Tally {
        Tally {
            hist: vec![0; horizon + 1],
            never: 0,
            last: vec![0; allies],
            trials: 0,
        }
    }

    fn add(&mut self, other: &Tally) {
        for (a, b) in self.hist.iter_mut().zip(&other.hist) {
            *a += b;
        }
        for (a, b) in self.last.iter_mut().zip(&other.last) {
            *a += b;
        }
        self.never += other.never;
        self.trials += other.trials;
    }
}

impl Sampler {
    fn build(&self, k: usize, t: &mut Tables, grid: &AllyGrid, zgrid: &ZGrid) {
        let sc = &self.scenarios[k];
        let fresh = sc
            .allies
            .iter()
            .any(|d| matches!(d, AllyDist::Fresh { .. }));
        let scaled = if fresh {
            grid.scaled(sc.sigma)
        } else {
            (Vec::new(), Vec::new())
        };
        for (j, ((dist, body), tail)) in sc
            .allies
            .iter()
            .zip(t.a_body.iter_mut())
            .zip(t.a_tail.iter_mut())
            .enumerate()
        {
            let off = self.offset.get(j).copied().unwrap_or(0.0);
            ally_table::fill(dist, &scaled, grid, off, j, body, tail);
        }
        delay(zgrid, sc.deposit, &mut t.d);
        delay(zgrid, Some(sc.candidate), &mut t.c);
        delay(zgrid, sc.stage, &mut t.s);
    }

    /// Runs `trials` trials on up to `threads` threads (at least one), calling `progress(done,
    /// total)` after each block.
    pub(crate) fn run(
        &self,
        trials: u64,
        seed: u64,
        threads: usize,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Tally {
        let k_n = self.scenarios.len() as u64;
        if k_n == 0 {
            return Tally::new(self.horizon, self.allies);
        }
        let per = trials / k_n;
        let extra = trials % k_n;
        let threads = threads.clamp(1, k_n.clamp(1, 1024) as usize);
        let next = AtomicU64::new(0);
        let done = AtomicU64::new(0);
        let grid = AllyGrid::new();
        let zgrid = ZGrid::new();
        let work = || {
            let mut tally = Tally::new(self.horizon, self.allies);
            let mut tables = Tables {
                a_body: vec![[0; ally_table::AN]; self.allies],
                a_tail: vec![[0; ally_table::AT]; self.allies],
                d: zero(),
                c: zero(),
                s: zero(),
            };
            loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                if k >= k_n {
                    break;
                }
                let n_k = per + u64::from(k < extra);
                if n_k == 0 {
                    continue;
                }
                self.build(k as usize, &mut tables, &grid, &zgrid);
                let mut b = 0;
                while b * BLOCK < n_k {
                    let n = (n_k - b * BLOCK).min(BLOCK);
                    let stream = crate::mix(crate::mix(seed, 0x5EED_0000 + k), b);
                    self.block(&mut tally, &tables, n as usize, stream);
                    let d = done.fetch_add(n, Ordering::Relaxed) + n;
                    progress(d, trials);
                    b += 1;
                }
            }
            tally
        };
        let mut total = Tally::new(self.horizon, self.allies);
        if threads == 1 {
            total.add(&work());
            return total;
        }
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
            for h in handles {
                match h.join() {
                    Ok(t) => total.add(&t),
                    Err(e) => std::panic::resume_unwind(e),
                }
            }
        });
        total
    }

    /// `n` trials of one scenario, from its tables.
    fn block(&self, t: &mut Tally, tables: &Tables, n: usize, stream: u64) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(stream);
        let na = self.allies;
        let ab = &tables.a_body[..na];
        let at = &tables.a_tail[..na];
        let (sb, st) = (&tables.s.0, &tables.s.1);
        let (cb, ct) = (&tables.c.0, &tables.c.1);
        let (db, dt) = (&tables.d.0, &tables.d.1);
        let horizon = self.horizon;
        let mut best = [0.0f32; BATCH];
        let mut todo = n;
        while todo > 0 {
            let m = todo.min(BATCH);
            todo -= m;
            let best = &mut best[..m];
            // Below every key read as a float (they are positive normal floats).
            best.iter_mut().for_each(|b| *b = 0.0);
            // The Allies, eight per random word, in the outer loop: each table stays in cache
            // while the batch reads it.
            let mut a = 0;
            while a + PER_WORD <= na {
                let (b8, t8) = (&ab[a..a + PER_WORD], &at[a..a + PER_WORD]);
                for bst in best.iter_mut() {
                    let r = rng.next_u64();
                    let mut x = *bst;
                    for (g, b) in b8.iter().enumerate() {
                        x = fmax(x, b[((r >> (LOG_AN as usize * g)) & 0xFF) as usize]);
                    }
                    // A byte 0xFF is a draw in the top bin: resolve it in the tail. (SWAR: a
                    // zero byte of !r; probability 1 - (255/256)^8, about 3%.)
                    let nr = !r;
                    if nr.wrapping_sub(0x0101_0101_0101_0101) & !nr & 0x8080_8080_8080_8080 != 0 {
                        for (g, t) in t8.iter().enumerate() {
                            if (r >> (LOG_AN as usize * g)) & 0xFF == 0xFF {
                                x = fmax(x, t[(rng.next_u64() >> 56) as usize % ally_table::AT]);
                            }
                        }
                    }
                    *bst = x;
                }
                a += PER_WORD;
            }
            if a < na {
                let (br, tr) = (&ab[a..], &at[a..]);
                for bst in best.iter_mut() {
                    let r = rng.next_u64();
                    let mut x = *bst;
                    for (g, (b, tl)) in br.iter().zip(tr).enumerate() {
                        let bits = r >> (LOG_AN as usize * g);
                        x = fmax(x, draw(b, tl, bits, || rng.next_u64()));
                    }
                    *bst = x;
                }
            }
            for &b in best.iter() {
                let b = b.to_bits();
                let r0 = rng.next_u64();
                let stage = lookup(sb, st, (r0 >> 32) as u32);
                let cand = lookup(cb, ct, r0 as u32);
                let r1 = rng.next_u64();
                let dep = lookup(db, dt, (r1 >> 32) as u32);
                let mut refused = usize::MAX;
                for &(a, threshold) in &self.refuse {
                    if rng.next_u64() <= threshold && refused == usize::MAX {
                        refused = a;
                    }
                }
                if refused != usize::MAX {
                    t.never += 1;
                    if let Some(l) = t.last.get_mut(refused) {
                        *l += 1;
                    }
                    continue;
                }
                let total = if na == 0 {
                    stage + cand
                } else {
                    let v = stage + days_of(b);
                    let (v, who) = if v >= self.floor {
                        (v, ally_of(b))
                    } else {
                        (self.floor, self.floor_owner)
                    };
                    if let Some(l) = t.last.get_mut(who) {
                        *l += 1;
                    }
                    v + dep + cand
                };
                // `as` saturates (negative and NaN give 0): no panic on any value.
                let day = (total as usize).min(horizon);
                if let Some(h) = t.hist.get_mut(day) {
                    *h += 1;
                }
            }
        }
        t.trials += n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::norm_cdf;

    fn no_delay() -> LogNormalDays {
        // exp(-40) - 1 < 0: always zero days.
        LogNormalDays {
            mu: -40.0,
            sigma: 1e-9,
            elapsed: 0.0,
        }
    }

    /// One scenario, three log-normal Allies, no delays: the histogram must match the exact
    /// distribution of the maximum, `P(max <= x) = prod_a Phi((ln(1 + x) - mu_a) / sigma)`, and
    /// the shares of "last" must follow the Allies' speeds.
    #[test]
    fn engine_matches_the_exact_distribution_of_the_maximum() {
        let mus = [4.0, 4.5, 3.0];
        let sigma = 0.8;
        let sampler = Sampler {
            allies: 3,
            scenarios: vec![Scenario {
                sigma,
                allies: mus.iter().map(|mu| AllyDist::Fresh { mu: *mu }).collect(),
                deposit: None,
                candidate: no_delay(),
                stage: None,
            }],
            offset: vec![0.0; 3],
            floor: f32::NEG_INFINITY,
            floor_owner: 0,
            refuse: Vec::new(),
            horizon: 5000,
        };
        let trials = 400_000;
        let tally = sampler.run(trials, 42, 2, &|_, _| {});
        assert_eq!(tally.trials, trials);
        assert_eq!(tally.hist.iter().sum::<u64>(), trials);
        let exact = |x: f64| {
            mus.iter()
                .map(|mu| norm_cdf(((1.0 + x).ln() - mu) / sigma))
                .product::<f64>()
        };
        let mut cum = 0u64;
        for (d, h) in tally.hist.iter().enumerate().take(2000) {
            cum += h;
            // Day d holds maxima in [d, d + 1).
            let got = cum as f64 / trials as f64;
            let want = exact(d as f64 + 1.0);
            assert!((got - want).abs() < 0.01, "day {d}: {got} vs {want}");
        }
        // The slowest Ally (mu 4.5) is last most often; shares sum to the trials.
        assert_eq!(tally.last.iter().sum::<u64>(), trials);
        assert!(tally.last[1] > tally.last[0] && tally.last[0] > tally.last[2]);
    }

    #[test]
    fn result_does_not_depend_on_threads_and_progress_reaches_the_total() {
        let one_day = LogNormalDays {
            mu: 2f64.ln(),
            sigma: 1e-9,
            elapsed: 0.0,
        };
        let scenarios = (0..4)
            .map(|k| Scenario {
                sigma: 1.0,
                allies: (0..9)
                    .map(|a| AllyDist::Fresh {
                        mu: 3.0 + 0.1 * (k + a) as f64,
                    })
                    .collect(),
                deposit: Some(one_day),
                candidate: one_day,
                stage: None,
            })
            .collect();
        let sampler = Sampler {
            allies: 9,
            scenarios,
            offset: vec![0.0; 9],
            floor: 20.0,
            floor_owner: 3,
            refuse: vec![(5, u64::MAX / 10)],
            horizon: 3000,
        };
        let seen = AtomicU64::new(0);
        let progress = |d: u64, total: u64| {
            assert!(d <= total);
            seen.fetch_max(d, Ordering::Relaxed);
        };
        let one = sampler.run(50_001, 9, 1, &progress);
        assert_eq!(seen.load(Ordering::Relaxed), 50_001);
        let two = sampler.run(50_001, 9, 2, &|_, _| {});
        let many = sampler.run(50_001, 9, 7, &|_, _| {});
        assert_eq!(one, two);
        assert_eq!(one, many);
        assert_ne!(one, sampler.run(50_001, 10, 2, &|_, _| {}));
        // About a tenth refuse; the rest are never earlier than the floor (20) + 2 days.
        let p = one.never as f64 / 50_001.0;
        assert!((p - 0.1).abs() < 0.01, "refusals {p}");
        assert!(one.hist[..22].iter().all(|h| *h == 0));
        assert_eq!(one.last.iter().sum::<u64>(), 50_001);
    }
}

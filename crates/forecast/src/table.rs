//! Inverse-CDF lookup tables: one per (scenario, Ally), built once, read by every trial.
//!
//! A table maps a 32-bit uniform to a number of days. The body covers `u` in `[0, (N-1)/N)`
//! with `N` knots and linear interpolation; the top bin `[(N-1)/N, 1)` is resolved by a second
//! table of `N + 1` knots (so the upper tail, which decides who is last, is exact to `1/N^2`),
//! whose last knot is the quantile at `1 - 1/(4 N^2)` instead of infinity. The index comes from
//! the top bits of the word, the interpolation fraction from the rest.

use crate::stats;

pub(crate) const LOG_N: u32 = 7;
/// Knots in a table's body.
pub const N: usize = 1 << LOG_N;
const TWO_M32: f32 = 1.0 / 4_294_967_296.0;

/// Days are capped here (about 270 years); the histogram's horizon is far below.
pub(crate) const CAP_DAYS: f32 = 100_000.0;

pub(crate) type Body = [f32; N];
pub(crate) type Tail = [f32; N + 1];

/// Reads a table at the uniform `x / 2^32`.
#[inline(always)]
pub(crate) fn lookup(body: &Body, tail: &Tail, x: u32) -> f32 {
    let i = (x >> (32 - LOG_N)) as usize;
    if i < N - 1 {
        let f = ((x << LOG_N) as f32) * TWO_M32;
        let lo = body[i];
        lo + f * (body[i + 1] - lo)
    } else {
        let j = ((x >> (32 - 2 * LOG_N)) as usize) & (N - 1);
        let f = ((x << (2 * LOG_N)) as f32) * TWO_M32;
        let lo = tail[j];
        lo + f * (tail[j + 1] - lo)
    }
}

/// The knots' upper-tail probabilities and standard normal quantiles, computed once.
#[derive(Debug, Clone)]
pub(crate) struct ZGrid {
    q_body: [f64; N],
    q_tail: [f64; N + 1],
    z_body: [f64; N],
    z_tail: [f64; N + 1],
}

impl ZGrid {
    pub(crate) fn new() -> ZGrid {
        let n = N as f64;
        let mut g = ZGrid {
            q_body: [0.0; N],
            q_tail: [0.0; N + 1],
            z_body: [0.0; N],
            z_tail: [0.0; N + 1],
        };
        for i in 0..N {
            g.q_body[i] = 1.0 - i as f64 / n;
            g.z_body[i] = stats::norm_isf(g.q_body[i]);
        }
        for j in 0..=N {
            g.q_tail[j] = if j == N {
                0.25 / (n * n)
            } else {
                (n - j as f64) / (n * n)
            };
            g.z_tail[j] = stats::norm_isf(g.q_tail[j]);
        }
        g
    }
}

/// A log-normal delay `X = max(exp(Y) - 1, 0)`, `Y ~ N(mu, sigma^2)`, in days, optionally
/// conditioned on `X > elapsed` (a step still pending after `elapsed` days) and then measured
/// from now (`X - elapsed`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct LogNormalDays {
    pub mu: f64,
    pub sigma: f64,
    /// Days already elapsed without the step happening (`0` or less: unconditioned).
    pub elapsed: f64,
}

impl LogNormalDays {
    /// Upper-tail probability `q` (the quantile at `1 - q`), in days from now.
    fn at_upper(&self, q: f64) -> f32 {
        let sigma = if self.sigma.is_finite() && self.sigma > 0.0 {
            self.sigma
        } else {
            1e-9
        };
        let (z, minus) = if self.elapsed > 0.0 {
            let z0 = ((1.0 + self.elapsed).ln() - self.mu) / sigma;
            let s0 = stats::norm_sf(z0);
            if s0.is_nan() || s0 <= 0.0 {
                // Beyond any mass the model has: it happens at once.
                return 0.0;
            }
            (stats::norm_isf(q * s0).max(z0), self.elapsed)
        } else {
            (stats::norm_isf(q), 0.0)
        };
        let days = (self.mu + sigma * z).exp() - 1.0 - minus;
        if days.is_nan() {
            0.0
        } else {
            (days.max(0.0) as f32).min(CAP_DAYS)
        }
    }

    pub(crate) fn fill(&self, grid: &ZGrid, body: &mut Body, tail: &mut Tail) {
        if self.elapsed > 0.0 {
            for (v, q) in body.iter_mut().zip(&grid.q_body) {
                *v = self.at_upper(*q);
            }
            for (v, q) in tail.iter_mut().zip(&grid.q_tail) {
                *v = self.at_upper(*q);
            }
        } else {
            // Unconditioned: the normal quantiles are shared by every table.
            let sigma = if self.sigma.is_finite() && self.sigma > 0.0 {
                self.sigma
            } else {
                1e-9
            };
            let days = |z: f64| {
                let d = (self.mu + sigma * z).exp() - 1.0;
                if d.is_nan() {
                    0.0
                } else {
                    (d.max(0.0) as f32).min(CAP_DAYS)
                }
            };
            for (v, z) in body.iter_mut().zip(&grid.z_body) {
                *v = days(*z);
            }
            for (v, z) in tail.iter_mut().zip(&grid.z_tail) {
                *v = days(*z);
            }
        }
        // Monotone by construction up to rounding; make it exact.
        let mut prev = 0.0f32;
        for v in body.iter_mut().chain(tail.iter_mut()) {
            if *v < prev {
                *v = prev;
            }
            prev = *v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(d: LogNormalDays) -> (Body, Tail) {
        let mut b = [0.0; N];
        let mut t = [0.0; N + 1];
        d.fill(&ZGrid::new(), &mut b, &mut t);
        (b, t)
    }

    #[test]
    fn table_quantiles_match_the_distribution() {
        let d = LogNormalDays {
            mu: 4.0,
            sigma: 0.8,
            elapsed: 0.0,
        };
        let (b, t) = table(d);
        // Median: exp(4) - 1 days.
        let med = lookup(&b, &t, 1 << 31);
        assert!((med - (4.0f32.exp() - 1.0)).abs() < 0.5, "median {med}");
        // 99.9th percentile sits in the tail table: exp(4 + 0.8 * 3.0902) - 1.
        let x = (0.999 * 4_294_967_296.0) as u32;
        let want = (4.0 + 0.8 * 3.090_232) as f32;
        assert!((lookup(&b, &t, x) - (want.exp() - 1.0)).abs() < 2.0);
        // Monotone in u.
        let mut prev = -1.0;
        for k in 0..=4096u64 {
            let x = ((k << 32) / 4096).min(u32::MAX as u64) as u32;
            let v = lookup(&b, &t, x);
            assert!(v >= prev, "not monotone at {k}");
            prev = v;
        }
    }

    #[test]
    fn conditioning_on_elapsed_time_shifts_and_never_goes_negative() {
        let fresh = LogNormalDays {
            mu: 4.0,
            sigma: 1.0,
            elapsed: 0.0,
        };
        let late = LogNormalDays {
            elapsed: 200.0,
            ..fresh
        };
        let (b0, t0) = table(fresh);
        let (b1, t1) = table(late);
        for x in [0u32, 1 << 20, 1 << 31, u32::MAX - 5, u32::MAX] {
            assert!(lookup(&b1, &t1, x) >= 0.0);
        }
        // Given 200 days without approval, the remaining time's median is positive, and the
        // total (elapsed + remaining) exceeds the unconditional median.
        let rem = lookup(&b1, &t1, 1 << 31);
        assert!(rem > 0.0 && rem + 200.0 > lookup(&b0, &t0, 1 << 31));
        // Absurd elapsed time: still finite, non-negative.
        let absurd = LogNormalDays {
            elapsed: 1e12,
            ..fresh
        };
        let (b2, t2) = table(absurd);
        assert!(b2
            .iter()
            .chain(t2.iter())
            .all(|v| v.is_finite() && *v >= 0.0));
        // Degenerate sigma.
        let (b3, t3) = table(LogNormalDays {
            mu: f64::NAN,
            sigma: f64::NAN,
            elapsed: 3.0,
        });
        assert!(b3
            .iter()
            .chain(t3.iter())
            .all(|v| v.is_finite() && *v >= 0.0));
    }
}

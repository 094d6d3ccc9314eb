//! The Allies' inverse-CDF tables, in the form the hot loop wants.
//!
//! A table has [`AN`] knots at the midpoints of equal-probability bins (no interpolation: one
//! load per draw, 8 random bits per Ally, eight Allies per 64-bit word), and the top bin is
//! resolved by a second table of [`AT`] knots (so the upper tail, which decides who is last, is
//! resolved to `1 / (AN * AT)`). Entries are **keys**: the days in fixed point (1/32 day) shifted
//! left by [`ALLY_BITS`], or'ed with the Ally's index, so the integer maximum over the Allies
//! gives both the latest time and who it was, with no branches. A delay override is added into
//! the table when it is built (adding a constant keeps it a quantile table).

use crate::stats;

pub(crate) const LOG_AN: u32 = 8;
/// Knots in an Ally table's body.
pub const AN: usize = 1 << LOG_AN;
/// Knots resolving the top bin.
pub const AT: usize = 256;
pub(crate) const ALLY_BITS: u32 = 7;
/// The most Allies one forecast can draw.
pub const MAX_ALLIES: usize = 1 << ALLY_BITS;
const FIX: f64 = 32.0;
/// Keys are offset by the smallest normal `f32` bit pattern and stay below infinity's, so read
/// as `f32` they are positive normal floats ordered exactly as the integers: the hot loop takes
/// the maximum with `maxss` (branch-free) instead of integer compares the compiler may turn
/// into unpredictable branches.
pub(crate) const BIAS: u32 = 0x0080_0000;
/// Largest representable number of days in fixed point: about 520,000 days.
const MAX_FIXED: u32 = (0x7F00_0000 - BIAS) >> ALLY_BITS;

pub(crate) type ABody = [u32; AN];
pub(crate) type ATail = [u32; AT];

#[inline(always)]
pub(crate) fn key(days: f64, ally: usize) -> u32 {
    let fixed = if days.is_nan() || days <= 0.0 {
        0
    } else {
        // Non-negative here: adding 0.5 and truncating rounds (no libm call in the table loop).
        (days * FIX + 0.5).min(f64::from(MAX_FIXED)) as u32
    };
    ((fixed << ALLY_BITS) | (ally as u32 & (MAX_ALLIES as u32 - 1))) + BIAS
}

#[inline(always)]
pub(crate) fn days_of(key: u32) -> f32 {
    (key.saturating_sub(BIAS) >> ALLY_BITS) as f32 * (1.0 / FIX as f32)
}

#[inline(always)]
pub(crate) fn ally_of(key: u32) -> usize {
    (key.saturating_sub(BIAS) & (MAX_ALLIES as u32 - 1)) as usize
}

/// Upper-tail probabilities of the knots and their standard normal quantiles.
#[derive(Debug, Clone)]
pub(crate) struct AllyGrid {
    pub q_body: Vec<f64>,
    pub q_tail: Vec<f64>,
    pub z_body: Vec<f64>,
    pub z_tail: Vec<f64>,
}

impl AllyGrid {
    pub(crate) fn new() -> AllyGrid {
        let n = AN as f64;
        let t = AT as f64;
        // Body knot i: the midpoint of [i/AN, (i+1)/AN); tail knot j: the midpoint of the j-th
        // sub-bin of the top bin.
        let q_body: Vec<f64> = (0..AN).map(|i| 1.0 - (i as f64 + 0.5) / n).collect();
        let q_tail: Vec<f64> = (0..AT).map(|j| (1.0 - (j as f64 + 0.5) / t) / n).collect();
        AllyGrid {
            z_body: q_body.iter().map(|q| stats::norm_isf(*q)).collect(),
            z_tail: q_tail.iter().map(|q| stats::norm_isf(*q)).collect(),
            q_body,
            q_tail,
        }
    }

    /// `exp(sigma * z)` at every knot, for one scenario's `sigma`.
    pub(crate) fn scaled(&self, sigma: f64) -> (Vec<f32>, Vec<f32>) {
        let s = if sigma.is_finite() && sigma > 0.0 {
            sigma
        } else {
            1e-9
        };
        let e = |z: &f64| ((s * z).exp() as f32).min(f32::MAX);
        (
            self.z_body.iter().map(e).collect(),
            self.z_tail.iter().map(e).collect(),
        )
    }
}

/// `max(exp(mu + sigma z) - 1, 0) + offset` at every knot, from the scenario's `exp(sigma z)`,
/// in single precision and branch-free so the compiler vectorises it.
pub(crate) fn fill_fresh(
    scaled: &(Vec<f32>, Vec<f32>),
    mu: f64,
    offset: f64,
    ally: usize,
    body: &mut ABody,
    tail: &mut ATail,
) {
    let emu = (mu.exp() as f32).min(f32::MAX);
    let off = offset as f32;
    let a = ally as u32 & (MAX_ALLIES as u32 - 1);
    let max_fixed = MAX_FIXED as f32;
    let k = |e: f32| -> u32 {
        // `max`/`min` drop NaN; the clamp keeps the cast in range.
        let d = (emu * e - 1.0).max(0.0) + off;
        let f = (d * FIX as f32 + 0.5).max(0.0).min(max_fixed);
        (((f as i32 as u32) << ALLY_BITS) | a) + BIAS
    };
    for (o, e) in body.iter_mut().zip(&scaled.0) {
        *o = k(*e);
    }
    for (o, e) in tail.iter_mut().zip(&scaled.1) {
        *o = k(*e);
    }
}

/// A log-normal number of days `X = max(exp(Y) - 1, 0)`, `Y ~ N(mu, sigma^2)`, conditioned on
/// `X > elapsed` when `elapsed > 0` and then measured from now (`X - elapsed`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Conditioned {
    pub mu: f64,
    pub sigma: f64,
    pub elapsed: f64,
}

impl Conditioned {
    fn sigma(&self) -> f64 {
        if self.sigma.is_finite() && self.sigma > 0.0 {
            self.sigma
        } else {
            1e-9
        }
    }

    /// The truncation point on the normal scale and the mass beyond it.
    fn start(&self) -> (f64, f64) {
        if self.elapsed > 0.0 {
            let z0 = ((1.0 + self.elapsed).ln() - self.mu) / self.sigma();
            (z0, stats::norm_sf(z0))
        } else {
            (f64::NEG_INFINITY, 1.0)
        }
    }

    /// Days from now at upper-tail probability `q`, given `start()`.
    fn at(&self, (z0, s0): (f64, f64), q: f64) -> f64 {
        if s0.is_nan() || s0 <= 0.0 {
            // Beyond any mass the model has: it happens at once.
            return 0.0;
        }
        let z = stats::norm_isf(q * s0).max(z0);
        let d = (self.mu + self.sigma() * z).exp() - 1.0 - self.elapsed.max(0.0);
        if d.is_nan() {
            0.0
        } else {
            d.max(0.0)
        }
    }
}

/// How one drawn Ally's days are distributed in one scenario.
#[derive(Debug, Clone, Copy)]
pub(crate) enum AllyDist {
    /// The scenario's log-normal lag with this `mu` (and the scenario's `sigma`), from now.
    Fresh {
        mu: f64,
    },
    Conditioned(Conditioned),
    /// Nothing left (an Ally whose parliament approved, drawn for an override).
    Zero,
}

impl AllyDist {
    /// Days at upper-tail probability `q` (the exact value the tables approximate).
    pub(crate) fn at_upper(&self, q: f64, sigma: f64) -> f64 {
        match *self {
            AllyDist::Fresh { mu } => Conditioned {
                mu,
                sigma,
                elapsed: 0.0,
            }
            .at((f64::NEG_INFINITY, 1.0), q),
            AllyDist::Conditioned(c) => c.at(c.start(), q),
            AllyDist::Zero => 0.0,
        }
    }
}

/// A table for [`Conditioned`]: the exact quantile is computed at every 8th knot and
/// interpolated between (the quantile function is smooth; this keeps building a conditioned
/// table cheap).
pub(crate) fn fill_conditioned(
    grid: &AllyGrid,
    c: Conditioned,
    offset: f64,
    ally: usize,
    body: &mut ABody,
    tail: &mut ATail,
) {
    let start = c.start();
    let fill = |qs: &[f64], out: &mut [u32]| {
        const STRIDE: usize = 8;
        let n = qs.len();
        let mut exact: Vec<(usize, f64)> = (0..n)
            .step_by(STRIDE)
            .map(|i| (i, c.at(start, qs[i])))
            .collect();
        if exact.last().is_some_and(|(i, _)| *i != n - 1) {
            exact.push((n - 1, c.at(start, qs[n - 1])));
        }
        for w in exact.windows(2) {
            let ((i0, v0), (i1, v1)) = (w[0], w[1]);
            for (i, o) in out.iter_mut().enumerate().take(i1 + 1).skip(i0) {
                let f = (i - i0) as f64 / (i1 - i0) as f64;
                *o = key(v0 + f * (v1 - v0) + offset, ally);
            }
        }
        if exact.len() == 1 {
            out.iter_mut()
                .for_each(|o| *o = key(exact[0].1 + offset, ally));
        }
    };
    fill(&grid.q_body, body);
    fill(&grid.q_tail, tail);
}

/// Fills one table for `dist` (`scaled`: the scenario's `exp(sigma z)`, for fresh lags).
///
/// The body's top knot is never a draw (that bin is resolved by the tail); it is set to the
/// tail's smallest value, a lower bound of any draw from the top bin, so the sampler can take
/// the maximum over the body first and look at the tail only when a top bin came up.
pub(crate) fn fill(
    dist: &AllyDist,
    scaled: &(Vec<f32>, Vec<f32>),
    grid: &AllyGrid,
    offset: f64,
    ally: usize,
    body: &mut ABody,
    tail: &mut ATail,
) {
    match *dist {
        AllyDist::Fresh { mu } => fill_fresh(scaled, mu, offset, ally, body, tail),
        AllyDist::Conditioned(c) => fill_conditioned(grid, c, offset, ally, body, tail),
        AllyDist::Zero => fill_zero(offset, ally, body, tail),
    }
    body[AN - 1] = tail[0];
}

/// Zero days plus the offset (an Ally whose parliament has approved, drawn only because an
/// override names it).
pub(crate) fn fill_zero(offset: f64, ally: usize, body: &mut ABody, tail: &mut ATail) {
    let k = key(offset, ally);
    body.iter_mut().for_each(|v| *v = k);
    tail.iter_mut().for_each(|v| *v = k);
}

/// Reads a table: `bits` gives the body index (low [`LOG_AN`] bits); the tail, reached with
/// probability `1/AN`, takes its index from `more()`.
#[inline(always)]
pub(crate) fn draw(body: &ABody, tail: &ATail, bits: u64, more: impl FnOnce() -> u64) -> u32 {
    let i = (bits as usize) & (AN - 1);
    if i == AN - 1 {
        tail[(more() >> 56) as usize % AT]
    } else {
        body[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_as_floats_order_like_integers() {
        let keys = [
            key(0.0, 0),
            key(0.0, 127),
            key(0.03, 0),
            key(1.0, 5),
            key(365.0, 2),
            key(1e5, 9),
            key(1e12, 127),
        ];
        for w in keys.windows(2) {
            assert!(w[0] < w[1]);
            let (a, b) = (f32::from_bits(w[0]), f32::from_bits(w[1]));
            assert!(a.is_normal() && b.is_normal() && a < b, "{a} {b}");
        }
        assert!(f32::from_bits(key(1e12, 127)).is_finite());
    }

    #[test]
    fn keys_order_by_days_then_ally_and_round_trip() {
        assert!(key(10.0, 3) > key(9.9, 100));
        assert!(key(10.0, 4) > key(10.0, 3));
        assert_eq!(ally_of(key(123.4, 31)), 31);
        assert!((days_of(key(123.4, 31)) - 123.4).abs() < 1.0 / 32.0);
        assert_eq!(days_of(key(f64::NAN, 0)), 0.0);
        assert_eq!(days_of(key(-5.0, 0)), 0.0);
        // Saturates far beyond the horizon (about 520,000 days).
        assert!(days_of(key(1e12, 0)) > 5e5);
        assert!(days_of(key(1e12, 0)) > crate::table::CAP_DAYS);
    }

    #[test]
    fn fresh_and_conditioned_tables_agree_when_nothing_has_elapsed() {
        let g = AllyGrid::new();
        let (mu, sigma) = (4.0, 0.9);
        let mut b0 = [0; AN];
        let mut t0 = [0; AT];
        fill_fresh(&g.scaled(sigma), mu, 0.0, 5, &mut b0, &mut t0);
        let mut b1 = [0; AN];
        let mut t1 = [0; AT];
        let c = Conditioned {
            mu,
            sigma,
            elapsed: 0.0,
        };
        fill_conditioned(&g, c, 0.0, 5, &mut b1, &mut t1);
        for i in (0..AN).step_by(37) {
            let (a, b) = (days_of(b0[i]), days_of(b1[i]));
            assert!((a - b).abs() <= 0.02 * a.max(1.0), "knot {i}: {a} vs {b}");
        }
        // Median knot: exp(4) - 1.
        assert!((days_of(b0[AN / 2]) - 53.6).abs() < 0.5);
        // Monotone, tail beyond body.
        assert!(b0.windows(2).all(|w| w[0] <= w[1]));
        assert!(t0.windows(2).all(|w| w[0] <= w[1]));
        assert!(t0[0] >= b0[AN - 2]);
        assert!(t1.windows(2).all(|w| w[0] <= w[1]));
        // Conditioned on 100 days without approval: the remaining time's median is positive
        // and the total exceeds the unconditional median.
        let late = Conditioned {
            mu,
            sigma,
            elapsed: 100.0,
        };
        fill_conditioned(&g, late, 0.0, 5, &mut b1, &mut t1);
        let rem = days_of(b1[AN / 2]);
        assert!(rem > 0.0 && rem + 100.0 > days_of(b0[AN / 2]));
        // Absurd inputs: finite, non-negative, no panic.
        for c in [
            Conditioned {
                mu,
                sigma,
                elapsed: 1e12,
            },
            Conditioned {
                mu: f64::NAN,
                sigma: f64::NAN,
                elapsed: 3.0,
            },
            Conditioned {
                mu: 1e6,
                sigma: 0.0,
                elapsed: 0.0,
            },
        ] {
            fill_conditioned(&g, c, 0.0, 1, &mut b1, &mut t1);
            assert!(b1.iter().chain(t1.iter()).all(|k| days_of(*k).is_finite()));
        }
    }

    #[test]
    fn draw_uses_the_tail_only_for_the_top_bin() {
        let mut b = [0; AN];
        let t = [key(99.0, 0); AT];
        b[5] = key(1.0, 0);
        assert_eq!(draw(&b, &t, 5, || 0), key(1.0, 0));
        assert_eq!(draw(&b, &t, (AN - 1) as u64, || u64::MAX), key(99.0, 0));
    }
}

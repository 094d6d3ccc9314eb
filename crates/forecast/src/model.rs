//! The statistical model, fitted to a [`TrainingSet`].
//!
//! **Parliamentary lags** (days from signature to the end of an Ally's parliamentary
//! procedure, `L`, negative for advance consent) are modelled on the log scale,
//! `y = ln(1 + max(L, 0))`, with crossed random effects for the Ally and the round (the
//! protocols signed on one day):
//!
//! ```text
//! y = m + alpha[ally] + beta[round] + e,   alpha ~ N(0, tau^2), beta ~ N(0, omega^2), e ~ N(0, sigma^2)
//! ```
//!
//! The Ally effect is what pools an Ally's own history with everyone's: with `n` observations
//! its estimate is shrunk toward zero by `tau^2 / (tau^2 + sigma^2 / n)` (an Ally seen once is
//! not taken at its word; an Ally never seen is a draw from the population). The round effect is
//! what makes Allies move together (2022 was fast for almost everyone): a forecast draws one
//! round effect per trial, shared by every Ally, so the spread of the accession date reflects
//! how much whole rounds have differed, not only individual Allies.
//!
//! Bounds are used as bounds (censored observations, by data augmentation): an Ally known only
//! to have deposited by some date, or a protocol known to be in force by a date, says the lag
//! was at most that; an Ally still pending says it is more than the days elapsed. The fit is a
//! Gibbs sampler with conjugate updates and the weakly informative priors of [`Priors`],
//! deterministic under its seed.
//!
//! **Delays** (parliament → deposit, pooled over Allies; entry into force → the candidate's
//! instrument of accession; invitation → signature) are log-normal on `ln(1 + days)` with a
//! conjugate normal–inverse-gamma prior, pooled because the record has too few of them (about
//! a dozen deposit delays) to say anything Ally by Ally.
//!
//! Parameter uncertainty is carried by using [`SCENARIOS`] posterior draws as scenarios: the
//! trials are spread evenly over them, and each trial draws every Ally's lag from its own.

use crate::data::{Lag, LagObservation, TrainingSet};
use crate::stats;
use opendoor_core::{Date, StateCode};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::Serialize;
use std::collections::BTreeMap;

/// Number of posterior draws used as scenarios; the trials are spread evenly over them.
pub const SCENARIOS: usize = 256;

/// The priors, stated (chosen before looking at any backtest, and not tuned to it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Priors {
    /// Prior median parliamentary lag (days): `m ~ N(ln(1 + this), lag_log_sd^2)`.
    pub lag_median_days: f64,
    pub lag_log_sd: f64,
    /// Inverse-gamma(shape, scale) prior for each variance (Ally, round, residual) of the lag
    /// model on the log scale; shape 2 and scale 0.5 put the prior mean at 0.5, i.e. Allies,
    /// rounds and acts plausibly differing by a factor of about 2.
    pub variance_shape: f64,
    pub variance_scale: f64,
    /// Prior medians (days) of the pooled delays.
    pub deposit_delay_median_days: f64,
    pub accession_delay_median_days: f64,
    pub invitation_to_signature_median_days: f64,
    /// Weight of each delay prior, in observations (`kappa0`), and its variance prior.
    pub delay_prior_weight: f64,
    pub delay_variance_shape: f64,
    pub delay_variance_scale: f64,
}

impl Default for Priors {
    fn default() -> Self {
        Priors {
            lag_median_days: 120.0,
            lag_log_sd: 1.5,
            variance_shape: 2.0,
            variance_scale: 0.5,
            deposit_delay_median_days: 14.0,
            accession_delay_median_days: 7.0,
            invitation_to_signature_median_days: 90.0,
            delay_prior_weight: 1.0,
            delay_variance_shape: 2.0,
            delay_variance_scale: 1.0,
        }
    }
}

/// Gibbs sampler settings: two chains (run in parallel), each discarding `BURN_IN` sweeps and
/// then keeping every `THIN`-th sweep until it has `SCENARIOS / CHAINS` draws.
pub(crate) const CHAINS: usize = 2;
pub(crate) const BURN_IN: usize = 400;
pub(crate) const THIN: usize = 4;

/// One posterior draw of the lag model, for the forecast's round.
#[derive(Debug, Clone)]
pub(crate) struct LagDraw {
    pub m: f64,
    pub sigma: f64,
    /// The forecast round's effect (a fresh round: a draw from `N(0, omega^2)`; a round under
    /// way: conditioned on what its Allies have done so far).
    pub beta_target: f64,
    /// Per Ally (indexing [`LagPosterior::allies`]).
    pub alpha: Vec<f64>,
    /// The between-round standard deviation of this draw.
    pub omega: f64,
}

/// The fitted lag model.
#[derive(Debug, Clone)]
pub(crate) struct LagPosterior {
    pub allies: Vec<StateCode>,
    pub draws: Vec<LagDraw>,
    pub mean_m: f64,
    pub mean_tau: f64,
    pub mean_omega: f64,
    pub mean_sigma: f64,
    /// Posterior mean Ally effect and exact observations, per Ally.
    pub mean_alpha: Vec<f64>,
    pub exact: Vec<usize>,
}

impl LagPosterior {
    pub fn index(&self, ally: StateCode) -> Option<usize> {
        self.allies.binary_search(&ally).ok()
    }
}

fn y_of(days: i32) -> f64 {
    (1.0 + f64::from(days.max(0))).ln()
}

#[derive(Clone, Copy)]
enum Kind {
    Exact,
    AtMost,
    MoreThan,
}

/// Fits the lag model; `target_allies` are the Allies whose lags the forecast needs (they get
/// an effect even without observations), `target_round` the forecast round's signature date.
pub(crate) fn fit_lags(
    obs: &[LagObservation],
    target_allies: &[StateCode],
    target_round: Option<Date>,
    priors: &Priors,
    seed: u64,
) -> LagPosterior {
    let mut allies: Vec<StateCode> = obs
        .iter()
        .map(|o| o.ally)
        .chain(target_allies.iter().copied())
        .collect();
    allies.sort();
    allies.dedup();
    let mut rounds: Vec<Date> = obs.iter().map(|o| o.round).chain(target_round).collect();
    rounds.sort();
    rounds.dedup();
    let ai: Vec<usize> = obs
        .iter()
        .map(|o| allies.binary_search(&o.ally).unwrap_or(0))
        .collect();
    let ri: Vec<usize> = obs
        .iter()
        .map(|o| rounds.binary_search(&o.round).unwrap_or(0))
        .collect();
    // A round under way is one of the observed rounds; a fresh round gets its own effect,
    // which with no observations is a draw from N(0, omega^2) at every iteration.
    let target = match target_round {
        Some(d) => rounds.binary_search(&d).unwrap_or(0),
        None => rounds.len(),
    };
    let (kind, bound): (Vec<Kind>, Vec<f64>) = obs
        .iter()
        .map(|o| match o.lag {
            Lag::Exact(d) => (Kind::Exact, y_of(d)),
            Lag::AtMost(d) => (Kind::AtMost, y_of(d)),
            Lag::MoreThan(d) => (Kind::MoreThan, y_of(d)),
        })
        .unzip();
    let na = allies.len();
    let nr = rounds.len() + usize::from(target_round.is_none());
    let mut exact = vec![0usize; na];
    for (i, k) in kind.iter().enumerate() {
        if matches!(k, Kind::Exact) {
            exact[ai[i]] += 1;
        }
    }

    let data = Data {
        ai: &ai,
        ri: &ri,
        kind: &kind,
        bound: &bound,
        na,
        nr,
        target,
    };
    let chain = |c: usize| run_chain(&data, priors, crate::mix(seed, 0xF17 + c as u64));
    let chain = &chain;
    let chains: Vec<Chain> = if CHAINS > 1 {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..CHAINS).map(|c| s.spawn(move || chain(c))).collect();
            handles
                .into_iter()
                .map(|h| match h.join() {
                    Ok(c) => c,
                    Err(e) => std::panic::resume_unwind(e),
                })
                .collect()
        })
    } else {
        vec![chain(0)]
    };
    let mut draws = Vec::with_capacity(SCENARIOS);
    let (mut sum_m, mut sum_t, mut sum_w, mut sum_s) = (0.0, 0.0, 0.0, 0.0);
    let mut sum_alpha = vec![0.0; na];
    for c in chains {
        sum_m += c.sum_m;
        sum_t += c.sum_t;
        sum_w += c.sum_w;
        sum_s += c.sum_s;
        for (acc, a) in sum_alpha.iter_mut().zip(&c.sum_alpha) {
            *acc += a;
        }
        draws.extend(c.draws);
    }
    if target_round.is_none() {
        stratify_fresh_round(&mut draws, seed);
    }
    let k = draws.len().max(1) as f64;
    LagPosterior {
        allies,
        draws,
        mean_m: sum_m / k,
        mean_tau: sum_t / k,
        mean_omega: sum_w / k,
        mean_sigma: sum_s / k,
        mean_alpha: sum_alpha.into_iter().map(|s| s / k).collect(),
        exact,
    }
}

struct Data<'a> {
    ai: &'a [usize],
    ri: &'a [usize],
    kind: &'a [Kind],
    bound: &'a [f64],
    na: usize,
    nr: usize,
    target: usize,
}

struct Chain {
    draws: Vec<LagDraw>,
    sum_m: f64,
    sum_t: f64,
    sum_w: f64,
    sum_s: f64,
    sum_alpha: Vec<f64>,
}

/// One Gibbs step for a set of random effects (Allies or rounds): each effect drawn from its
/// normal full conditional, given its group's sum of residuals and count, the residual variance
/// `s2` and the effects' prior variance `prior_var`.
fn draw_effects(
    effects: &mut [f64],
    sums: &[f64],
    counts: &[usize],
    s2: f64,
    prior_var: f64,
    rng: &mut Xoshiro256PlusPlus,
) {
    for ((e, &sum), &count) in effects.iter_mut().zip(sums).zip(counts) {
        let prec = count as f64 / s2 + 1.0 / prior_var;
        *e = sum / s2 / prec + stats::normal(rng) / prec.sqrt();
    }
}

/// One Gibbs chain; keeps `SCENARIOS / CHAINS` draws.
fn run_chain(data: &Data, priors: &Priors, seed: u64) -> Chain {
    let Data {
        ai,
        ri,
        kind,
        bound,
        na,
        nr,
        target,
    } = *data;
    let n = ai.len();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let prior_m = (1.0 + priors.lag_median_days.max(0.0)).ln();
    let prior_m_prec = 1.0 / priors.lag_log_sd.max(1e-6).powi(2);
    let (va, vb) = (
        priors.variance_shape.max(1e-3),
        priors.variance_scale.max(1e-9),
    );
    let mut y: Vec<f64> = bound.to_vec();
    let mut m = prior_m;
    let mut alpha = vec![0.0; na];
    let mut beta = vec![0.0; nr];
    let (mut s2, mut t2, mut w2) = (vb, vb, vb);
    let keep = SCENARIOS / CHAINS;
    let mut draws = Vec::with_capacity(keep);
    let (mut sum_m, mut sum_t, mut sum_w, mut sum_s) = (0.0, 0.0, 0.0, 0.0);
    let mut sum_alpha = vec![0.0; na];
    let mut sa = vec![0.0; na];
    let mut sr = vec![0.0; nr];
    let mut ca = vec![0usize; na];
    let mut cr = vec![0usize; nr];
    for i in 0..n {
        ca[ai[i]] += 1;
        cr[ri[i]] += 1;
    }
    let iterations = BURN_IN + keep * THIN;
    for it in 0..iterations {
        let s = s2.sqrt();
        // 1. Censored observations: draw the unknown y given the rest.
        for i in 0..n {
            let mean = m + alpha[ai[i]] + beta[ri[i]];
            y[i] = match kind[i] {
                Kind::Exact => bound[i],
                Kind::AtMost => {
                    mean + s * stats::truncated_normal(&mut rng, (bound[i] - mean) / s, false)
                }
                Kind::MoreThan => {
                    mean + s * stats::truncated_normal(&mut rng, (bound[i] - mean) / s, true)
                }
            };
        }
        // 2. Ally effects.
        sa.iter_mut().for_each(|v| *v = 0.0);
        for i in 0..n {
            sa[ai[i]] += y[i] - m - beta[ri[i]];
        }
        draw_effects(&mut alpha, &sa, &ca, s2, t2, &mut rng);
        // 3. Round effects (the target round included: with no observations, a prior draw).
        sr.iter_mut().for_each(|v| *v = 0.0);
        for i in 0..n {
            sr[ri[i]] += y[i] - m - alpha[ai[i]];
        }
        draw_effects(&mut beta, &sr, &cr, s2, w2, &mut rng);
        // 4. Grand mean.
        let resid: f64 = (0..n).map(|i| y[i] - alpha[ai[i]] - beta[ri[i]]).sum();
        let prec = n as f64 / s2 + prior_m_prec;
        m = (resid / s2 + prior_m * prior_m_prec) / prec + stats::normal(&mut rng) / prec.sqrt();
        // 5. Variances.
        let ssr: f64 = (0..n)
            .map(|i| (y[i] - m - alpha[ai[i]] - beta[ri[i]]).powi(2))
            .sum();
        s2 = stats::inv_gamma(&mut rng, va + n as f64 / 2.0, vb + ssr / 2.0);
        let ssa: f64 = alpha.iter().map(|a| a * a).sum();
        t2 = stats::inv_gamma(&mut rng, va + na as f64 / 2.0, vb + ssa / 2.0);
        let ssb: f64 = beta.iter().map(|b| b * b).sum();
        w2 = stats::inv_gamma(&mut rng, va + nr as f64 / 2.0, vb + ssb / 2.0);
        // Guard against degenerate values (never expected with proper priors).
        for v in [&mut s2, &mut t2, &mut w2] {
            if !v.is_finite() || *v < 1e-8 {
                *v = 1e-8_f64.max(if v.is_finite() { *v } else { vb });
            }
        }
        if !m.is_finite() {
            m = prior_m;
        }

        if it >= BURN_IN && (it - BURN_IN) % THIN == THIN - 1 {
            draws.push(LagDraw {
                m,
                sigma: s2.sqrt(),
                beta_target: beta[target],
                alpha: alpha.clone(),
                omega: w2.sqrt(),
            });
            sum_m += m;
            sum_t += t2.sqrt();
            sum_w += w2.sqrt();
            sum_s += s2.sqrt();
            for (acc, a) in sum_alpha.iter_mut().zip(&alpha) {
                *acc += a;
            }
        }
    }
    Chain {
        draws,
        sum_m,
        sum_t,
        sum_w,
        sum_s,
        sum_alpha,
    }
}

/// A fresh round's effect has, given everything else, the distribution `N(0, omega^2)` and no
/// data: redrawing it is a valid Gibbs step. Redrawing it *stratified* (draw `k` gets the
/// normal quantile of a shuffled `(j + 1/2) / K`) removes most of the Monte Carlo noise of the
/// component that dominates the spread of the forecast.
fn stratify_fresh_round(draws: &mut [LagDraw], seed: u64) {
    let k = draws.len();
    let mut order: Vec<usize> = (0..k).collect();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(crate::mix(seed, 0x57A7));
    // Fisher-Yates with the crate's own uniform (no dependence on rand's algorithms).
    for i in (1..k).rev() {
        let j = ((stats::uniform(&mut rng) * (i + 1) as f64) as usize).min(i);
        order.swap(i, j);
    }
    for (d, j) in draws.iter_mut().zip(order) {
        let z = stats::norm_ppf((j as f64 + 0.5) / k as f64);
        d.beta_target = d.omega * z;
    }
}

/// Posterior draws of a pooled log-normal delay (conjugate normal–inverse-gamma).
#[derive(Debug, Clone)]
pub(crate) struct DelayPosterior {
    /// (mu, sigma) on `ln(1 + days)`.
    pub draws: Vec<(f64, f64)>,
    /// Posterior mean of `mu`, as a median in days.
    pub median_days: f64,
}

pub(crate) fn fit_delay(
    days: &[i32],
    prior_median_days: f64,
    priors: &Priors,
    seed: u64,
    stream: u64,
) -> DelayPosterior {
    let ys: Vec<f64> = days.iter().map(|d| y_of(*d)).collect();
    let n = ys.len() as f64;
    let mu0 = (1.0 + prior_median_days.max(0.0)).ln();
    let k0 = priors.delay_prior_weight.max(1e-6);
    let a0 = priors.delay_variance_shape.max(1e-3);
    let b0 = priors.delay_variance_scale.max(1e-9);
    let mean = if ys.is_empty() {
        mu0
    } else {
        ys.iter().sum::<f64>() / n
    };
    let ss: f64 = ys.iter().map(|y| (y - mean).powi(2)).sum();
    let kn = k0 + n;
    let mun = (k0 * mu0 + n * mean) / kn;
    let an = a0 + n / 2.0;
    let bn = b0 + ss / 2.0 + k0 * n * (mean - mu0).powi(2) / (2.0 * kn);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(crate::mix(seed, stream));
    let draws = (0..SCENARIOS)
        .map(|_| {
            let s2 = stats::inv_gamma(&mut rng, an, bn);
            let mu = mun + (s2 / kn).sqrt() * stats::normal(&mut rng);
            (mu, s2.sqrt())
        })
        .collect();
    DelayPosterior {
        draws,
        median_days: mun.exp() - 1.0,
    }
}

/// Everything fitted for one forecast.
#[derive(Debug, Clone)]
pub(crate) struct Fitted {
    pub lags: LagPosterior,
    pub deposit: DelayPosterior,
    pub accession: DelayPosterior,
    pub invitation: DelayPosterior,
}

pub(crate) fn fit(
    training: &TrainingSet,
    target_allies: &[StateCode],
    target_round: Option<Date>,
    priors: &Priors,
    seed: u64,
) -> Fitted {
    let d = |v: &[crate::data::DelayObservation]| v.iter().map(|o| o.days).collect::<Vec<_>>();
    Fitted {
        lags: fit_lags(
            &training.parliament,
            target_allies,
            target_round,
            priors,
            seed,
        ),
        deposit: fit_delay(
            &d(&training.deposit_delay),
            priors.deposit_delay_median_days,
            priors,
            seed,
            0xDE9,
        ),
        accession: fit_delay(
            &d(&training.accession_delay),
            priors.accession_delay_median_days,
            priors,
            seed,
            0xACC,
        ),
        invitation: fit_delay(
            &d(&training.invitation_to_signature),
            priors.invitation_to_signature_median_days,
            priors,
            seed,
            0x1A7,
        ),
    }
}

/// Per-round summary for reports: rounds and how many observations each had.
pub(crate) fn rounds(training: &TrainingSet) -> BTreeMap<Date, usize> {
    let mut out = BTreeMap::new();
    for o in &training.parliament {
        *out.entry(o.round).or_insert(0) += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(ally: &str, round: &str, lag: Lag) -> LagObservation {
        LagObservation {
            ally: StateCode::parse(ally).unwrap(),
            round: round.parse().unwrap(),
            protocol: "test".into(),
            lag,
            known_on: round.parse().unwrap(),
        }
    }

    /// An Ally seen once far from everyone else is shrunk toward the others; an Ally seen
    /// often is believed more. Acts vary (log-scale sd 0.8, as in the record), which is what
    /// makes a single observation weak evidence.
    #[test]
    fn one_observation_is_not_taken_at_its_word() {
        let z: [f64; 12] = [
            -1.2, -0.5, 0.0, 0.4, 0.9, 1.5, -0.8, 0.2, -0.3, 1.1, -1.6, 0.6,
        ];
        let days = |base: f64, i: usize| (base * (0.8 * z[i % z.len()]).exp()) as i32;
        let mut v = Vec::new();
        let rounds = ["2000-01-01", "2005-01-01", "2010-01-01", "2015-01-01"];
        for (i, r) in rounds.iter().enumerate() {
            for (j, a) in ["AA", "BB", "CC", "DD", "EE", "FF"].iter().enumerate() {
                v.push(obs(a, r, Lag::Exact(days(70.0, 5 * i + j))));
            }
            // SL is always slow: four observations around 600 days.
            v.push(obs("SL", r, Lag::Exact(days(600.0, 3 * i + 1))));
        }
        // ON is seen once, at 600 days.
        v.push(obs("ON", rounds[0], Lag::Exact(600)));
        let target: Vec<StateCode> = ["SL", "ON", "NW"]
            .iter()
            .map(|c| StateCode::parse(c).unwrap())
            .collect();
        let post = fit_lags(&v, &target, None, &Priors::default(), 1);
        let eff = |c: &str| post.mean_alpha[post.index(StateCode::parse(c).unwrap()).unwrap()];
        // Effects relative to the typical Ally (the grand mean absorbs part of any deviation).
        let base = ["AA", "BB", "CC", "DD", "EE", "FF"]
            .iter()
            .map(|c| eff(c))
            .sum::<f64>()
            / 6.0;
        let (sl, on, nw) = (eff("SL") - base, eff("ON") - base, eff("NW") - base);
        // Raw deviations from the others: SL ln(600/70) + its own noise (0.34) = 2.49; ON 2.15.
        // The fraction kept is the shrinkage factor tau^2 / (tau^2 + sigma^2 / n).
        let (keep_sl, keep_on) = (sl / 2.49, on / 2.15);
        assert!(
            keep_sl > 0.35 && keep_sl < 1.0,
            "four observations: kept {keep_sl}"
        );
        assert!(
            keep_on > 0.15,
            "one observation is not ignored: kept {keep_on}"
        );
        assert!(
            keep_on < keep_sl - 0.08,
            "one observation is shrunk more than four: {keep_on} vs {keep_sl}"
        );
        assert!(nw.abs() < 0.5, "never-seen Ally is average: {nw}");
        assert_eq!(post.draws.len(), SCENARIOS);
    }

    #[test]
    fn censored_observations_move_the_estimate_the_right_way() {
        let base: Vec<LagObservation> = (0..10)
            .map(|i| obs("AA", &format!("20{:02}-01-01", i), Lag::Exact(100)))
            .collect();
        let target = [StateCode::parse("BB").unwrap()];
        let round: Option<Date> = None;
        let fit_with = |extra: Lag| {
            let mut v = base.clone();
            for i in 0..10 {
                v.push(obs("BB", &format!("20{:02}-01-01", i), extra));
            }
            let p = fit_lags(&v, &target, round, &Priors::default(), 3);
            p.mean_alpha[p.index(target[0]).unwrap()]
        };
        let slow = fit_with(Lag::MoreThan(400));
        let fast = fit_with(Lag::AtMost(20));
        assert!(slow > 0.5 && fast < -0.5, "slow {slow} fast {fast}");
    }

    #[test]
    fn delay_posterior_follows_the_data_and_the_prior() {
        let p = Priors::default();
        let none = fit_delay(&[], 14.0, &p, 1, 1);
        assert!((none.median_days - 14.0).abs() < 1e-9);
        let many = fit_delay(&[100; 50], 14.0, &p, 1, 1);
        assert!(many.median_days > 80.0 && many.median_days < 101.0);
        assert_eq!(many.draws.len(), SCENARIOS);
    }
}

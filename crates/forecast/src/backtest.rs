//! Backtest: every past protocol with per-Ally data, forecast from what the record knew before
//! its signature, against what happened.
//!
//! For each protocol (protocols signed the same day with the same outcome are one entry), the
//! forecast is made as if the protocol were signed on its real date with nothing known about
//! it: the training set is [`training_set`](crate::training_set) with the signature date as
//! cutoff (facts dated strictly before), and the Allies are the Parties the day before. The
//! actual is the candidate's instrument of accession. Reported: the predicted quantiles, where
//! the actual fell in the predicted distribution (PIT, mid-point for the day's mass), whether
//! it fell in the 80% interval, the CRPS in days (a proper score: lower is better), and, as a
//! yardstick, the CRPS of a naive forecast that takes the earlier rounds' signature-to-accession
//! durations as the distribution.

use crate::data::days_between;
use crate::{prepare_at, Forced, Options, Quantiles};
use opendoor_core::{Date, StateCode};
use opendoor_record::raw::parse_date;
use opendoor_record::{Record, Replay};
use serde::Serialize;
use std::collections::BTreeMap;

/// One backtested protocol (or protocols signed the same day with the same accession date).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestEntry {
    pub candidates: Vec<StateCode>,
    pub protocols: Vec<String>,
    pub signed: Date,
    /// The candidates' instrument of accession (what is forecast).
    pub actual: Date,
    pub actual_days: i32,
    /// Allies that had to ratify (Parties the day before signature).
    pub allies: usize,
    /// The training set: cutoff (exclusive), exact parliamentary lags, bounds, deposit delays,
    /// and the latest fact used.
    pub cutoff: Date,
    pub training_exact_lags: usize,
    pub training_bounds: usize,
    pub training_deposit_delays: usize,
    pub latest_fact_used: Option<Date>,
    pub quantiles: Quantiles,
    /// Predicted probability of completion on or before the actual date (mid-point of the
    /// actual day's mass): uniform on (0, 1) over many protocols if the model is calibrated.
    pub pit: f64,
    pub in_80: bool,
    pub crps_days: f64,
    /// CRPS of the naive forecast (earlier rounds' durations), when there were earlier rounds.
    pub baseline_crps_days: Option<f64>,
    /// Allies whose deposit is recorded on the day the protocol entered into force (the last
    /// ones), when the record knows it.
    pub actual_last: Vec<StateCode>,
    /// The predicted probability of those Allies being last.
    pub p_actual_last: Option<f64>,
    /// The three Allies the forecast thought most likely to be last.
    pub predicted_last: Vec<(StateCode, f64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestSummary {
    pub entries: usize,
    /// Share of actuals inside the 80% interval (0.8 if calibrated).
    pub coverage_80: f64,
    pub mean_pit: f64,
    pub mean_crps_days: f64,
    /// Over the entries that have a baseline: the model's and the baseline's mean CRPS.
    pub mean_crps_days_with_baseline: Option<f64>,
    pub mean_baseline_crps_days: Option<f64>,
    pub later_than_p90: Vec<String>,
    pub earlier_than_p10: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    pub trials: u64,
    pub seed: u64,
    pub entries: Vec<BacktestEntry>,
    pub summary: BacktestSummary,
    pub notes: Vec<String>,
}

/// Backtests every protocol signed from 1997 on (the first with any per-Ally date).
pub fn backtest(record: &Record, replay: &Replay, trials: u64, seed: u64) -> Backtest {
    backtest_with(
        record,
        replay,
        &Options {
            trials: trials.max(1),
            seed,
            ..Options::default()
        },
    )
}

fn pd(t: &Option<String>) -> Option<Date> {
    t.as_deref().and_then(|s| parse_date(s).ok())
}

/// Empirical CRPS of a sample against `y`: `E|X - y| - E|X - X'| / 2`.
fn crps_sample(xs: &[f64], y: f64) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    let n = xs.len() as f64;
    let a = xs.iter().map(|x| (x - y).abs()).sum::<f64>() / n;
    let b = xs
        .iter()
        .flat_map(|x| xs.iter().map(move |z| (x - z).abs()))
        .sum::<f64>()
        / (n * n);
    Some(a - b / 2.0)
}

/// The backtest's forecast for one protocol: `candidate` as if its protocol were signed on
/// `signed` with nothing known about it, from the facts dated before `signed` (the Allies are
/// the Parties the day before). `opts.from`, `overrides` and `stage` are ignored.
pub fn backtest_forecast(
    record: &Record,
    replay: &Replay,
    candidate: StateCode,
    signed: Date,
    opts: &Options,
) -> Result<crate::Forecast, crate::ForecastError> {
    let opts = Options {
        from: Some(signed),
        overrides: Vec::new(),
        stage: crate::Stage::Signature,
        ..opts.clone()
    };
    let prepared = prepare_at(
        record,
        replay,
        candidate,
        &opts,
        signed,
        signed,
        Forced::HypotheticalSignature,
    )?;
    Ok(prepared.run(&|_, _| {}))
}

/// As [`backtest`], with every option (trials, seed, threads, priors; `from`, `overrides`
/// and `stage` are ignored).
pub fn backtest_with(record: &Record, replay: &Replay, opts: &Options) -> Backtest {
    // Protocols with any per-Ally date, grouped by (signature, first candidate's accession).
    let mut groups: BTreeMap<(Date, Date), (Vec<StateCode>, Vec<String>)> = BTreeMap::new();
    // Every protocol's duration, for the naive baseline.
    let mut durations: Vec<(Date, Date, i32)> = Vec::new();
    for acc in &record.accessions {
        let d = &acc.data;
        let Some(signed) = pd(&d.signed.date) else {
            continue;
        };
        let Some(first) = d.candidates.first() else {
            continue;
        };
        let Some(actual) = d
            .accession
            .iter()
            .find(|a| a.state == *first)
            .and_then(|a| parse_date(&a.date).ok())
        else {
            continue;
        };
        if let Some(days) = days_between(signed, actual) {
            durations.push((signed, actual, days));
        }
        let has_data = d
            .ratification
            .iter()
            .any(|r| r.parliament_approved.is_some() || r.deposited.is_some());
        if has_data {
            let g = groups.entry((signed, actual)).or_default();
            g.0.extend(d.candidates.iter().copied());
            g.1.push(acc.file.clone());
        }
    }
    durations.sort();
    durations.dedup();

    let mut entries = Vec::new();
    for ((signed, actual), (mut candidates, protocols)) in groups {
        candidates.sort();
        candidates.dedup();
        let Some(&candidate) = candidates.first() else {
            continue;
        };
        let Ok(f) = backtest_forecast(record, replay, candidate, signed, opts) else {
            continue;
        };
        let Some(y) = days_between(signed, actual) else {
            continue;
        };
        let t = &f.model;
        let trials = f.trials.max(1) as f64;
        let hist = &f.histogram;
        let horizon = hist.len().saturating_sub(1);
        let yd = (y.max(0) as usize).min(horizon);
        let below: u64 = hist[..yd].iter().sum();
        let at = hist.get(yd).copied().unwrap_or(0);
        let pit = (below as f64 + 0.5 * at as f64) / trials;
        let mut crps = 0.0;
        let mut cum = 0u64;
        for (d, h) in hist[..horizon].iter().enumerate() {
            cum += h;
            let fd = cum as f64 / trials;
            let ind = if d >= yd { 1.0 } else { 0.0 };
            crps += (fd - ind) * (fd - ind);
        }
        let in_80 = matches!((f.quantiles.p10, f.quantiles.p90), (Some(a), Some(b)) if a <= actual && actual <= b);
        let earlier: Vec<f64> = durations
            .iter()
            .filter(|(s, a, _)| *a < signed && *s < signed)
            .map(|(_, _, d)| f64::from(*d))
            .collect();
        // Who was last: deposits recorded on the day the protocol entered into force.
        let mut actual_last: Vec<StateCode> = Vec::new();
        for p in &protocols {
            if let Some(acc) = record.accessions.iter().find(|a| &a.file == p) {
                if let Some(inf) = acc.data.in_force.as_ref().and_then(|i| pd(&i.date)) {
                    for r in &acc.data.ratification {
                        if pd(&r.deposited) == Some(inf) && !actual_last.contains(&r.ally) {
                            actual_last.push(r.ally);
                        }
                    }
                }
            }
        }
        actual_last.sort();
        let p_actual_last = (!actual_last.is_empty()).then(|| {
            actual_last
                .iter()
                .map(|c| f.last_ally.get(c).copied().unwrap_or(0.0))
                .sum::<f64>()
        });
        let mut ranked: Vec<(StateCode, f64)> = f.last_ally.iter().map(|(c, p)| (*c, *p)).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(3);
        entries.push(BacktestEntry {
            candidates,
            protocols,
            signed,
            actual,
            actual_days: y,
            allies: f.allies.len(),
            cutoff: t.cutoff,
            training_exact_lags: t.parliament_exact,
            training_bounds: t.parliament_at_most + t.parliament_more_than,
            training_deposit_delays: t.deposit_delays,
            latest_fact_used: t.latest_fact_used,
            quantiles: f.quantiles,
            pit,
            in_80,
            crps_days: crps,
            baseline_crps_days: crps_sample(&earlier, f64::from(y)),
            actual_last,
            p_actual_last,
            predicted_last: ranked,
        });
    }

    let n = entries.len().max(1) as f64;
    let with_base: Vec<&BacktestEntry> = entries
        .iter()
        .filter(|e| e.baseline_crps_days.is_some())
        .collect();
    let label = |e: &BacktestEntry| {
        let c: Vec<String> = e.candidates.iter().map(|c| c.to_string()).collect();
        format!("{} {}", e.signed, c.join("+"))
    };
    let summary = BacktestSummary {
        entries: entries.len(),
        coverage_80: entries.iter().filter(|e| e.in_80).count() as f64 / n,
        mean_pit: entries.iter().map(|e| e.pit).sum::<f64>() / n,
        mean_crps_days: entries.iter().map(|e| e.crps_days).sum::<f64>() / n,
        mean_crps_days_with_baseline: (!with_base.is_empty())
            .then(|| with_base.iter().map(|e| e.crps_days).sum::<f64>() / with_base.len() as f64),
        mean_baseline_crps_days: (!with_base.is_empty()).then(|| {
            with_base
                .iter()
                .filter_map(|e| e.baseline_crps_days)
                .sum::<f64>()
                / with_base.len() as f64
        }),
        later_than_p90: entries
            .iter()
            .filter(|e| e.quantiles.p90.is_some_and(|p| e.actual > p))
            .map(label)
            .collect(),
        earlier_than_p10: entries
            .iter()
            .filter(|e| e.quantiles.p10.is_some_and(|p| e.actual < p))
            .map(label)
            .collect(),
    };
    let mut notes = vec![
        "Each forecast uses only facts dated before the protocol's signature (the training set's cutoff); `latest_fact_used` shows the latest date actually used.".to_string(),
        "Early protocols are forecast from very little: before 2008 the record has almost no per-Ally dates, so those forecasts mostly reflect the priors and the bounds given by earlier entries into force.".to_string(),
        "2022-2024 was political: Türkiye and Hungary held Finland's protocol for about nine months and Sweden's for twenty, for reasons no ratification-lag model sees; a forecast that misses them is expected to fail there, and the scenario overrides (hold-out, delay, refusal) are the tool for such cases.".to_string(),
    ];
    if summary.entries > 0 {
        notes.push(format!(
            "{} of {} actual accession dates fell inside the 80% interval; {} later than the 90th percentile, {} earlier than the 10th.",
            entries.iter().filter(|e| e.in_80).count(),
            summary.entries,
            summary.later_than_p90.len(),
            summary.earlier_than_p10.len()
        ));
    }
    Backtest {
        trials: opts.trials,
        seed: opts.seed,
        entries,
        summary,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crps_of_a_point_mass_is_the_absolute_error() {
        assert_eq!(crps_sample(&[10.0], 4.0), Some(6.0));
        assert_eq!(crps_sample(&[], 4.0), None);
        // Two points straddling y: E|X-y| = 5, E|X-X'| = 5, so 5 - 2.5.
        assert_eq!(crps_sample(&[0.0, 10.0], 5.0), Some(2.5));
    }
}

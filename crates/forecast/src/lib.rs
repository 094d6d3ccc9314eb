//! # opendoor-forecast
//!
//! When would an aspirant's accession complete, and which Ally would be last? A Monte Carlo
//! forecast from the record's own ratification lags (issue 5).
//!
//! ## Model, in brief
//! - **Parliamentary lags** (signature → end of an Ally's parliamentary procedure) are the main
//!   signal: log-normal on `ln(1 + days)` with an Ally effect (shrinkage: an Ally seen once is
//!   pulled toward everyone) and a round effect (Allies move together: 2022 was fast for
//!   almost all), fitted by Gibbs sampling with the record's bounds used as censored
//!   observations (an Ally known only to have deposited by a date; a protocol in force by a
//!   date; an Ally still pending). Priors are stated in [`Priors`].
//! - **Deposit delay** (parliament → deposit) is pooled over Allies, from the rows with both
//!   dates (about a dozen). It is applied **once, after the last parliamentary approval**: in
//!   every round the record can measure, the protocol entered into force within days of the
//!   last approval (2019: +2, 2022: +5 and +10), while early approvers deposited at leisure
//!   but before the end (Germany +82 days in 2016, the US +295 in 2003). Drawing an
//!   independent delay for each of 32 Allies would add the maximum of 32 heavy-tailed delays,
//!   which the record contradicts (and the backtest punished).
//! - **The candidate's instrument** follows the entry into force after a pooled delay; for a
//!   candidate not yet at the signature, **invitation → signature** is drawn from the record's
//!   intervals ([`Stage::Invitation`], or automatically when the candidate is invited).
//! - **Scenarios.** `SCENARIOS` posterior draws (parameters and the round effect, stratified
//!   for a fresh round); the trials are spread evenly over them, each trial drawing every
//!   pending Ally from inverse-CDF tables of its scenario.
//! - **Start.** A candidate with a protocol signed starts from the record's state on the start
//!   date (approved or deposited by then; pending Allies conditioned on the time already
//!   elapsed); a candidate without one from a hypothetical signature on that date.
//! - **Overrides**: an Ally holds out until a date (its procedure ends no earlier; the deposit
//!   delay follows if it is last), adds days, or refuses with a probability (the accession
//!   never completes in that trial, and it counts as the last Ally).
//!
//! ## Use
//! ```no_run
//! use opendoor_forecast::{forecast, Options};
//! let record = opendoor_record::Record::embedded().unwrap();
//! let replay = opendoor_record::replay(record.engine(), &record.facts);
//! let opts = Options { from: Some("2026-01-01".parse().unwrap()), ..Options::default() };
//! let ua = opendoor_core::StateCode::parse("UA").unwrap();
//! let f = forecast(&record, &replay, ua, &opts, &|_done, _total| {}).unwrap();
//! println!("{f}");
//! ```

mod ally_table;
pub mod backtest;
pub mod data;
mod model;
mod render;
mod sample;
mod stats;
mod table;

pub use ally_table::{AN as TABLE_KNOTS, AT as TAIL_KNOTS, MAX_ALLIES};
pub use backtest::{
    backtest, backtest_forecast, backtest_with, Backtest, BacktestEntry, BacktestSummary,
};
pub use data::{training_set, DelayObservation, Lag, LagObservation, TrainingSet};
pub use model::{Priors, SCENARIOS};
pub use render::svg;

use ally_table::{AllyDist, Conditioned};
use data::{add_days, days_between};
use model::Fitted;
use opendoor_core::{Date, StateCode};
use opendoor_record::raw::parse_date;
use opendoor_record::{Record, Replay};
use sample::{Sampler, Scenario};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use table::LogNormalDays;

/// Days covered by the histogram (50 years); later completions are counted as "beyond".
pub const HORIZON_DAYS: usize = 18_263;

/// SplitMix64 finaliser of (seed, stream): independent seeds for chunks and model streams.
pub(crate) fn mix(seed: u64, stream: u64) -> u64 {
    let mut z = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17);
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A scenario override for one Ally.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Override {
    /// The Ally deposits no earlier than `date` (`HU=2027-06-01`).
    HoldOutUntil { ally: StateCode, date: Date },
    /// The Ally's deposit comes `days` later than the model says (`HU+120`).
    Delay { ally: StateCode, days: u32 },
    /// With this probability the Ally never ratifies (`HU@0.2`).
    Refuse { ally: StateCode, probability: f64 },
}

impl Override {
    pub fn ally(&self) -> StateCode {
        match self {
            Override::HoldOutUntil { ally, .. }
            | Override::Delay { ally, .. }
            | Override::Refuse { ally, .. } => *ally,
        }
    }
}

impl fmt::Display for Override {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Override::HoldOutUntil { ally, date } => write!(f, "{ally}={date}"),
            Override::Delay { ally, days } => write!(f, "{ally}+{days}"),
            Override::Refuse { ally, probability } => write!(f, "{ally}@{probability}"),
        }
    }
}

/// Why a `--hold-out` value could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideParseError {
    pub input: String,
    pub message: String,
}

impl fmt::Display for OverrideParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}`: {} (write ALLY=YYYY-MM-DD to hold out until a date, ALLY+DAYS to add a delay, ALLY@P to refuse with probability P; e.g. HU=2027-06-01, HU+120, HU@0.2)",
            self.input.escape_debug(),
            self.message
        )
    }
}
impl std::error::Error for OverrideParseError {}

/// The longest delay an override may add (100 years).
pub const MAX_DELAY_DAYS: u32 = 36_525;

/// Parses `HU=2027-06-01` (hold out until a date), `HU+120` (add days) or `HU@0.2` (refuse
/// with a probability).
pub fn parse_override(text: &str) -> Result<Override, OverrideParseError> {
    let bad = |message: String| OverrideParseError {
        input: text.to_string(),
        message,
    };
    let t = text.trim();
    let Some(at) = t.find(['=', '+', '@']) else {
        return Err(bad("no `=`, `+` or `@` after the Ally's code".into()));
    };
    let (code, rest) = t.split_at(at);
    let ally = StateCode::parse(code).map_err(|e| bad(e.to_string()))?;
    let value = rest[1..].trim();
    match &rest[..1] {
        "=" => parse_date(value)
            .map(|date| Override::HoldOutUntil { ally, date })
            .map_err(bad),
        "+" => match value.parse::<u32>() {
            Ok(days) if days <= MAX_DELAY_DAYS => Ok(Override::Delay { ally, days }),
            Ok(_) => Err(bad(format!("a delay of at most {MAX_DELAY_DAYS} days"))),
            Err(_) => Err(bad(format!(
                "`{}` is not a whole number of days (0 or more)",
                value.escape_debug()
            ))),
        },
        _ => match value.parse::<f64>() {
            Ok(p) if (0.0..=1.0).contains(&p) => Ok(Override::Refuse {
                ally,
                probability: p,
            }),
            _ => Err(bad(format!(
                "`{}` is not a probability between 0 and 1",
                value.escape_debug()
            ))),
        },
    }
}

impl std::str::FromStr for Override {
    type Err = OverrideParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_override(s)
    }
}

/// Where the forecast starts for a candidate without a protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// A hypothetical protocol signature on the start date (the default).
    #[default]
    Signature,
    /// A hypothetical invitation on the start date; the signature follows after a delay drawn
    /// from the record's invitation → signature intervals.
    Invitation,
}

/// Forecast options.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The start date. `None`: the date of the record's latest fact (the library has no
    /// clock; a shell that wants "today" passes it).
    pub from: Option<Date>,
    pub trials: u64,
    pub seed: u64,
    pub overrides: Vec<Override>,
    pub stage: Stage,
    /// Worker threads; 0 = one per available core. The result does not depend on it.
    pub threads: usize,
    pub priors: Priors,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            from: None,
            trials: 1_000_000,
            seed: 1949,
            overrides: Vec::new(),
            stage: Stage::Signature,
            threads: 0,
            priors: Priors::default(),
        }
    }
}

/// Why no forecast could be made.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum ForecastError {
    /// The code is not a state the record knows.
    UnknownState { code: StateCode },
    /// Article 10 admits European states only.
    NotEuropean { candidate: StateCode },
    /// The candidate is already a Party on the start date.
    AlreadyParty {
        candidate: StateCode,
        since: Date,
        on: Date,
    },
    /// No Parties on the start date (before the treaty entered into force).
    NoAllies { on: Date },
    /// An override names a state that is not an Ally on the start date.
    UnknownAlly { ally: StateCode, on: Date },
    /// An override names an Ally that had already deposited by the start date.
    AlreadyDeposited {
        ally: StateCode,
        deposited: Date,
        on: Date,
    },
    /// `trials` must be at least 1.
    NoTrials,
    /// The start date is too close to the end of the calendar for the forecast's horizon.
    DateOutOfRange { date: Date },
    /// More Allies to draw than the tables can index ([`MAX_ALLIES`]).
    TooManyAllies { count: usize },
}

impl fmt::Display for ForecastError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ForecastError::UnknownState { code } => write!(
                f,
                "`{code}` is not a state the record knows (see `opendoor states`)"
            ),
            ForecastError::NotEuropean { candidate } => write!(
                f,
                "{candidate} is not a European state: Article 10 allows the Allies to invite European states only"
            ),
            ForecastError::AlreadyParty {
                candidate,
                since,
                on,
            } => write!(
                f,
                "{candidate} is already a Party on {on} (since {since}): nothing to forecast"
            ),
            ForecastError::NoAllies { on } => write!(
                f,
                "there are no Parties on {on} (the treaty entered into force on 1949-08-24)"
            ),
            ForecastError::UnknownAlly { ally, on } => write!(
                f,
                "{ally} is not an Ally on {on}: only Parties ratify an accession protocol"
            ),
            ForecastError::AlreadyDeposited {
                ally,
                deposited,
                on,
            } => write!(
                f,
                "{ally} had already deposited its ratification on {deposited} (before {on}): it cannot hold out"
            ),
            ForecastError::NoTrials => write!(f, "the number of trials must be at least 1"),
            ForecastError::DateOutOfRange { date } => {
                write!(f, "{date} is too late for a forecast of 50 years")
            }
            ForecastError::TooManyAllies { count } => write!(
                f,
                "{count} Allies to draw: a forecast handles at most {MAX_ALLIES}"
            ),
        }
    }
}
impl std::error::Error for ForecastError {}

/// How the forecast starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Start {
    /// The candidate's protocol was signed on `signed`; the record's state on the start date.
    ProtocolSigned {
        signed: Date,
        deposited: usize,
        parliament_approved: usize,
        pending: usize,
    },
    /// Every Ally has deposited; only the candidate's own instrument is left.
    ProtocolInForce { in_force: Date },
    /// Invited on `invited`, protocol not yet signed.
    Invited { invited: Date },
    /// No protocol: a hypothetical signature on the start date.
    HypotheticalSignature,
    /// No invitation: a hypothetical invitation on the start date.
    HypotheticalInvitation,
}

/// One Ally's part in the forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AllyStatus {
    Deposited,
    ParliamentApproved,
    /// Nothing in the record by the start date (for past protocols this includes Allies whose
    /// dates the record lacks: it cannot tell "unknown" from "not yet").
    Pending,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AllyForecast {
    pub ally: StateCode,
    pub name: String,
    pub status: AllyStatus,
    /// Date of the deposit or the parliamentary approval, when known.
    pub since: Option<Date>,
    /// Exact parliamentary lags of this Ally in the training set.
    pub own_observations: usize,
    /// Posterior mean Ally effect as a factor on `1 + lag` (1 = a typical Ally; 2 = twice as
    /// slow), after shrinkage toward everyone.
    pub effect: f64,
    /// Median days from the start date to the end of this Ally's procedure: its
    /// parliamentary approval (its deposit once every parliament has approved). None when it
    /// is not drawn (deposited; or approved while others' parliaments are pending).
    pub median_days: Option<f64>,
    /// Probability of being the last to deposit (or the one refusing).
    pub p_last: f64,
}

/// `p10`, `p50`, `p90` of the accession date; `null` when the quantile lies beyond the
/// horizon or in the mass of trials that never complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Quantiles {
    pub p10: Option<Date>,
    pub p50: Option<Date>,
    pub p90: Option<Date>,
}

/// A point of the cumulative distribution.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CdfPoint {
    pub date: Date,
    pub p: f64,
}

/// What the model learnt from, and its posterior in brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelSummary {
    /// Exclusive: the training set uses facts dated before this.
    pub cutoff: Date,
    /// The latest date of any fact the training set actually used.
    pub latest_fact_used: Option<Date>,
    pub parliament_exact: usize,
    pub parliament_at_most: usize,
    pub parliament_more_than: usize,
    pub deposit_delays: usize,
    pub accession_delays: usize,
    pub invitation_delays: usize,
    /// Rounds (signature dates) and their observations.
    pub rounds: BTreeMap<Date, usize>,
    /// Posterior means: median lag of a typical Ally in a typical round (days), and the
    /// standard deviations (log scale) between Allies, between rounds, and of single acts.
    pub typical_lag_days: f64,
    pub ally_sd: f64,
    pub round_sd: f64,
    pub act_sd: f64,
    pub deposit_delay_median_days: f64,
    pub accession_delay_median_days: f64,
    pub invitation_to_signature_median_days: f64,
    pub scenarios: usize,
    pub table_knots: usize,
    pub priors: Priors,
}

/// The forecast (Serialize: the JSON field names are stable).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub candidate: StateCode,
    pub candidate_name: String,
    pub from: Date,
    pub start: Start,
    pub trials: u64,
    pub seed: u64,
    pub quantiles: Quantiles,
    /// Probability that the accession is complete on or before each date.
    pub p_by: BTreeMap<String, f64>,
    /// Probability that each pending Ally is the last to deposit (or the one that refuses);
    /// sums to 1.
    pub last_ally: BTreeMap<StateCode, f64>,
    /// Probability that some Ally refuses (only with refusal overrides).
    pub p_never: f64,
    /// Probability of completing after `horizon` (and not never).
    pub p_beyond_horizon: f64,
    pub horizon: Date,
    pub allies: Vec<AllyForecast>,
    pub overrides: Vec<Override>,
    /// The cumulative distribution at regular dates (for charts).
    pub cdf: Vec<CdfPoint>,
    pub model: ModelSummary,
    pub notes: Vec<String>,
    /// Trials completing on each day after `from` (last bin: beyond the horizon).
    #[serde(skip)]
    pub histogram: Vec<u64>,
}

impl Forecast {
    /// Probability that the accession is complete on or before `date`.
    pub fn p_on_or_before(&self, date: Date) -> f64 {
        let Some(d) = days_between(self.from, date) else {
            return 0.0;
        };
        if d < 0 || self.trials == 0 {
            return 0.0;
        }
        let d = (d as usize).min(self.histogram.len().saturating_sub(2));
        let c: u64 = self.histogram[..=d].iter().sum();
        c as f64 / self.trials as f64
    }

    /// Days after `from` of the `q` quantile (None beyond the horizon or never).
    pub fn quantile_days(&self, q: f64) -> Option<usize> {
        quantile_days(&self.histogram, self.trials, q)
    }
}

fn quantile_days(hist: &[u64], trials: u64, q: f64) -> Option<usize> {
    if trials == 0 || hist.is_empty() || q.is_nan() {
        return None;
    }
    let need = (q.clamp(0.0, 1.0) * trials as f64).ceil().max(1.0);
    let mut cum = 0u64;
    for (d, h) in hist[..hist.len() - 1].iter().enumerate() {
        cum += h;
        if cum as f64 >= need {
            return Some(d);
        }
    }
    None
}

/// An Ally's state on the start date, for a protocol under way.
#[derive(Debug, Clone, Copy, PartialEq)]
enum AllyState {
    Deposited(Date),
    Approved(Date),
    Pending,
}

/// A forecast ready to run: the model fitted and the tables built.
#[derive(Debug, Clone)]
pub struct Prepared {
    candidate: StateCode,
    candidate_name: String,
    origin: Date,
    start: Start,
    opts: Options,
    names: Vec<String>,
    allies: Vec<(StateCode, AllyState)>,
    /// Hold-out floors per Ally (days from the start), for the per-Ally medians.
    floors: Vec<f32>,
    /// Indices into `allies` of the Allies the trials draw (pending or approved).
    pending: Vec<usize>,
    sampler: Sampler,
    fitted: Fitted,
    training: TrainingSet,
    /// When every Ally has deposited: the last known depositor.
    known_last: Option<StateCode>,
    notes: Vec<String>,
}

/// A start the caller imposes (the backtest: a hypothetical signature on the real date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Forced {
    No,
    HypotheticalSignature,
}

/// Fits the model and builds the tables for `candidate` (see [`forecast`]).
pub fn prepare(
    record: &Record,
    replay: &Replay,
    candidate: StateCode,
    opts: &Options,
) -> Result<Prepared, ForecastError> {
    let from = opts
        .from
        .or_else(|| record.facts.last().map(|f| f.date))
        .unwrap_or(Date::constant(2000, 1, 1));
    let cutoff = from
        .tomorrow()
        .map_err(|_| ForecastError::DateOutOfRange { date: from })?;
    prepare_at(record, replay, candidate, opts, from, cutoff, Forced::No)
}

/// The forecast: [`prepare`], then [`Prepared::run`].
pub fn forecast(
    record: &Record,
    replay: &Replay,
    candidate: StateCode,
    opts: &Options,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Forecast, ForecastError> {
    Ok(prepare(record, replay, candidate, opts)?.run(progress))
}

fn lag_draw_params(fitted: &Fitted, k: usize, ally: StateCode) -> (f64, f64) {
    let post = &fitted.lags;
    let Some(d) = post.draws.get(k) else {
        return (f64::NAN, f64::NAN);
    };
    let alpha = post
        .index(ally)
        .and_then(|i| d.alpha.get(i).copied())
        .unwrap_or(0.0);
    (d.m + alpha + d.beta_target, d.sigma)
}

pub(crate) fn prepare_at(
    record: &Record,
    replay: &Replay,
    candidate: StateCode,
    opts: &Options,
    origin: Date,
    cutoff: Date,
    forced: Forced,
) -> Result<Prepared, ForecastError> {
    let info = record
        .gazetteer
        .get(candidate)
        .ok_or(ForecastError::UnknownState { code: candidate })?;
    if opts.trials == 0 {
        return Err(ForecastError::NoTrials);
    }
    if add_days(origin, HORIZON_DAYS as i64 + 1).is_none() {
        return Err(ForecastError::DateOutOfRange { date: origin });
    }
    let known_day = cutoff.yesterday().unwrap_or(cutoff);
    let chronicle = replay.engine.chronicle();
    let position = chronicle.position(candidate, known_day);
    if let Some(since) = position.member_since {
        return Err(ForecastError::AlreadyParty {
            candidate,
            since,
            on: known_day,
        });
    }
    if !info.european {
        return Err(ForecastError::NotEuropean { candidate });
    }
    let members: Vec<StateCode> = chronicle
        .members_on(known_day)
        .into_iter()
        .map(|(c, _)| c)
        .filter(|c| *c != candidate)
        .collect();
    if members.is_empty() {
        return Err(ForecastError::NoAllies { on: known_day });
    }
    let known = |t: &Option<String>| {
        t.as_deref()
            .and_then(|s| parse_date(s).ok())
            .filter(|d| *d < cutoff)
    };

    // Where do we start?
    let acc = record.accession(candidate).map(|a| &a.data);
    let signed = acc.and_then(|a| Some((a, known(&a.signed.date)?)));
    let mut notes = Vec::new();
    let mut allies: Vec<(StateCode, AllyState)> =
        members.iter().map(|c| (*c, AllyState::Pending)).collect();
    let (start, target_round, lag_elapsed, stage_elapsed, cand_elapsed) = match (forced, signed) {
        (Forced::No, Some((acc, signed))) => {
            let in_force = acc.in_force.as_ref().and_then(|d| known(&d.date));
            for (ally, state) in allies.iter_mut() {
                let row = acc.ratification.iter().find(|r| r.ally == *ally);
                let dep = row.and_then(|r| known(&r.deposited));
                let parl = row.and_then(|r| known(&r.parliament_approved));
                *state = match (in_force, dep, parl) {
                    (_, Some(d), _) => AllyState::Deposited(d),
                    (Some(f), None, _) => AllyState::Deposited(f),
                    (None, None, Some(p)) => AllyState::Approved(p),
                    (None, None, None) => AllyState::Pending,
                };
            }
            if let Some(f) = in_force {
                let el = days_between(f, origin).unwrap_or(0).max(0);
                (
                    Start::ProtocolInForce { in_force: f },
                    Some(signed),
                    0,
                    0,
                    el,
                )
            } else {
                let count = |f: fn(&AllyState) -> bool| allies.iter().filter(|(_, s)| f(s)).count();
                let start = Start::ProtocolSigned {
                    signed,
                    deposited: count(|s| matches!(s, AllyState::Deposited(_))),
                    parliament_approved: count(|s| matches!(s, AllyState::Approved(_))),
                    pending: count(|s| matches!(s, AllyState::Pending)),
                };
                if allies.iter().any(|(_, s)| *s == AllyState::Pending) {
                    notes.push("Allies without a date in the record by the start date count as pending; for past protocols some of them had in fact ratified (the record lacks the date).".into());
                }
                let el = days_between(signed, origin).unwrap_or(0).max(0);
                (start, Some(signed), el, 0, 0)
            }
        }
        (Forced::HypotheticalSignature, _) => (Start::HypotheticalSignature, None, 0, 0, 0),
        (Forced::No, None) => match position.invited {
            Some(inv) => {
                let el = days_between(inv, origin).unwrap_or(0).max(0);
                (Start::Invited { invited: inv }, None, 0, el, 0)
            }
            None => match opts.stage {
                Stage::Signature => (Start::HypotheticalSignature, None, 0, 0, 0),
                Stage::Invitation => (Start::HypotheticalInvitation, None, 0, 0, 0),
            },
        },
    };
    let with_stage = matches!(start, Start::Invited { .. } | Start::HypotheticalInvitation);

    // Overrides: only Allies, only before their deposit.
    let mut offset = vec![0.0f32; allies.len()];
    let mut floor = vec![f32::NEG_INFINITY; allies.len()];
    let mut refuse_p = vec![0.0f64; allies.len()];
    for o in &opts.overrides {
        let ally = o.ally();
        let Some(i) = allies.iter().position(|(c, _)| *c == ally) else {
            return Err(ForecastError::UnknownAlly {
                ally,
                on: known_day,
            });
        };
        if let AllyState::Deposited(d) = allies[i].1 {
            return Err(ForecastError::AlreadyDeposited {
                ally,
                deposited: d,
                on: known_day,
            });
        }
        match o {
            Override::Delay { days, .. } => offset[i] += *days as f32,
            Override::HoldOutUntil { date, .. } => {
                let d = days_between(origin, *date).unwrap_or(i32::MAX);
                floor[i] = floor[i].max(d as f32);
            }
            Override::Refuse { probability, .. } => {
                let p = probability.clamp(0.0, 1.0);
                refuse_p[i] = 1.0 - (1.0 - refuse_p[i]) * (1.0 - p);
            }
        }
    }

    // Fit.
    let training = training_set(record, replay, cutoff);
    let target_allies: Vec<StateCode> = allies.iter().map(|(c, _)| *c).collect();
    let fitted = model::fit(
        &training,
        &target_allies,
        target_round,
        &opts.priors,
        opts.seed,
    );

    // Tables. The protocol enters into force once the last parliament has approved and that
    // Ally has deposited: Allies that approve early deposit at leisure but, as in every round
    // the record can measure, before the last one (see the crate docs). So the trials draw the
    // Allies whose parliament is pending, then one deposit delay; when every parliament has
    // approved, they draw the remaining deposits themselves. An Ally whose parliament has
    // approved but that is named in an override is drawn too (holding out at zero days,
    // unless the override says otherwise).
    let overridden: Vec<StateCode> = opts.overrides.iter().map(|o| o.ally()).collect();
    let parliament_pending = allies.iter().any(|(_, s)| *s == AllyState::Pending);
    let pending: Vec<usize> = allies
        .iter()
        .enumerate()
        .filter(|(_, (c, s))| match s {
            AllyState::Deposited(_) => false,
            AllyState::Pending => true,
            AllyState::Approved(_) => !parliament_pending || overridden.contains(c),
        })
        .map(|(i, _)| i)
        .collect();
    if pending.len() > MAX_ALLIES {
        return Err(ForecastError::TooManyAllies {
            count: pending.len(),
        });
    }
    let signed_day = match start {
        Start::ProtocolSigned { signed, .. } => Some(signed),
        _ => None,
    };
    // Hold-outs are applied after the maximum (exactly equivalent): the latest one counts.
    let (mut floor_days, mut floor_owner) = (f32::NEG_INFINITY, 0usize);
    for (j, &i) in pending.iter().enumerate() {
        if floor[i] > floor_days {
            floor_days = floor[i];
            floor_owner = j;
        }
    }
    let delay = |draws: &[(f64, f64)], k: usize, elapsed: i32| {
        let (mu, sigma) = draws.get(k).copied().unwrap_or((f64::NAN, f64::NAN));
        LogNormalDays {
            mu,
            sigma,
            elapsed: f64::from(elapsed),
        }
    };
    let scenarios = (0..SCENARIOS)
        .map(|k| Scenario {
            sigma: fitted.lags.draws.get(k).map_or(f64::NAN, |d| d.sigma),
            allies: pending
                .iter()
                .map(|&i| {
                    let (ally, state) = allies[i];
                    match state {
                        AllyState::Approved(_) if parliament_pending => AllyDist::Zero,
                        AllyState::Approved(p) => {
                            // Every parliament has approved: this Ally's deposit, conditioned
                            // on its delay so far.
                            let since = signed_day.map_or(p, |s| p.max(s));
                            let el = days_between(since, origin).unwrap_or(0).max(0);
                            let d = delay(&fitted.deposit.draws, k, el);
                            AllyDist::Conditioned(Conditioned {
                                mu: d.mu,
                                sigma: d.sigma,
                                elapsed: d.elapsed,
                            })
                        }
                        _ => {
                            let (mu, sigma) = lag_draw_params(&fitted, k, ally);
                            if lag_elapsed > 0 {
                                AllyDist::Conditioned(Conditioned {
                                    mu,
                                    sigma,
                                    elapsed: f64::from(lag_elapsed),
                                })
                            } else {
                                AllyDist::Fresh { mu }
                            }
                        }
                    }
                })
                .collect(),
            deposit: parliament_pending.then(|| delay(&fitted.deposit.draws, k, 0)),
            candidate: delay(&fitted.accession.draws, k, cand_elapsed),
            stage: with_stage.then(|| delay(&fitted.invitation.draws, k, stage_elapsed)),
        })
        .collect();
    let sampler = Sampler {
        allies: pending.len(),
        scenarios,
        offset: pending.iter().map(|&i| f64::from(offset[i])).collect(),
        floor: floor_days,
        floor_owner,
        refuse: pending
            .iter()
            .enumerate()
            .filter(|(_, &i)| refuse_p[i] > 0.0)
            .map(|(j, &i)| {
                let t = (refuse_p[i] * 18_446_744_073_709_551_616.0) as u64;
                (j, t.saturating_sub(1))
            })
            .collect(),
        horizon: HORIZON_DAYS,
    };
    let known_last = if pending.is_empty() {
        acc.and_then(|a| {
            a.ratification
                .iter()
                .filter_map(|r| Some((known(&r.deposited)?, r.ally)))
                .max()
                .map(|(_, c)| c)
        })
    } else {
        None
    };
    notes.push("The set of Allies is the Parties on the start date; a state joining while the protocol is pending is not added.".into());
    Ok(Prepared {
        candidate,
        candidate_name: info.name.clone(),
        origin,
        start,
        opts: opts.clone(),
        names: allies
            .iter()
            .map(|(c, _)| record.gazetteer.name(*c))
            .collect(),
        allies,
        floors: floor,
        pending,
        sampler,
        fitted,
        training,
        known_last,
        notes,
    })
}

fn resolve_threads(threads: usize) -> usize {
    if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    }
}

impl Prepared {
    /// The training set the model was fitted on.
    pub fn training(&self) -> &TrainingSet {
        &self.training
    }

    /// Runs the trials.
    pub fn run(&self, progress: &(dyn Fn(u64, u64) + Sync)) -> Forecast {
        let threads = resolve_threads(self.opts.threads);
        let tally = self
            .sampler
            .run(self.opts.trials, self.opts.seed, threads, progress);
        self.assemble(tally)
    }

    /// The per-scenario parameters of a fresh round (for the NumPy cross-check): per
    /// scenario `k`, per pending Ally, the log-normal `(mu, sigma)` of the parliamentary lag;
    /// the pooled deposit and accession delays.
    pub fn params(&self) -> ModelParams {
        let allies: Vec<StateCode> = self.pending.iter().map(|&i| self.allies[i].0).collect();
        let lag = (0..SCENARIOS)
            .map(|k| {
                allies
                    .iter()
                    .map(|a| lag_draw_params(&self.fitted, k, *a))
                    .collect()
            })
            .collect();
        ModelParams {
            candidate: self.candidate,
            from: self.origin,
            start: self.start.clone(),
            allies,
            lag,
            deposit: self.fitted.deposit.draws.clone(),
            accession: self.fitted.accession.draws.clone(),
            horizon_days: HORIZON_DAYS,
        }
    }

    /// Median days from the start to the end of a drawn Ally's procedure (its parliamentary
    /// approval; its deposit when every parliament has approved), by a small deterministic
    /// simulation of that Ally alone (mixture over scenarios).
    /// Median days from the start to the end of drawn Ally `j`'s procedure (its
    /// parliamentary approval; its deposit when every parliament has approved), signature
    /// stage excluded, hold-out included: the median of the mixture over the scenarios,
    /// from 16 quantiles of each.
    fn median_days(&self, j: usize) -> f64 {
        let s = &self.sampler;
        let floor = self
            .pending
            .get(j)
            .map_or(f64::NEG_INFINITY, |&i| f64::from(self.floors[i]));
        let off = s.offset.get(j).copied().unwrap_or(0.0);
        let z: Vec<f64> = (0..16)
            .map(|q| stats::norm_isf((q as f64 + 0.5) / 16.0))
            .collect();
        let mut v: Vec<f64> = Vec::with_capacity(16 * s.scenarios.len());
        for sc in &s.scenarios {
            let dist = sc.allies.get(j).copied().unwrap_or(AllyDist::Zero);
            for (q, z) in z.iter().enumerate() {
                let d = match dist {
                    // The common case, without a quantile function per point.
                    AllyDist::Fresh { mu } => {
                        let d = (mu + sc.sigma * z).exp() - 1.0;
                        if d.is_nan() {
                            0.0
                        } else {
                            d.max(0.0)
                        }
                    }
                    _ => dist.at_upper((q as f64 + 0.5) / 16.0, sc.sigma),
                };
                v.push((d + off).max(floor));
            }
        }
        if v.is_empty() {
            return 0.0;
        }
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    }

    fn assemble(&self, tally: sample::Tally) -> Forecast {
        let trials = tally.trials.max(1);
        let origin = self.origin;
        let date_at = |d: usize| add_days(origin, d as i64);
        let q = |p: f64| quantile_days(&tally.hist, trials, p).and_then(date_at);
        let quantiles = Quantiles {
            p10: q(0.1),
            p50: q(0.5),
            p90: q(0.9),
        };
        let cum: Vec<u64> = tally
            .hist
            .iter()
            .scan(0u64, |c, h| {
                *c += h;
                Some(*c)
            })
            .collect();
        let p_at = |d: i64| -> f64 {
            if d < 0 {
                return 0.0;
            }
            let d = (d as usize).min(HORIZON_DAYS - 1);
            cum[d] as f64 / trials as f64
        };
        let mut p_by = BTreeMap::new();
        for span in [
            jiff::Span::new().months(6),
            jiff::Span::new().years(1),
            jiff::Span::new().years(2),
            jiff::Span::new().years(3),
            jiff::Span::new().years(5),
            jiff::Span::new().years(10),
        ] {
            if let Ok(date) = origin.checked_add(span) {
                if let Some(d) = days_between(origin, date) {
                    p_by.insert(date.to_string(), p_at(i64::from(d)));
                }
            }
        }
        let mut last_ally = BTreeMap::new();
        for (j, &i) in self.pending.iter().enumerate() {
            last_ally.insert(self.allies[i].0, tally.last[j] as f64 / trials as f64);
        }
        if self.pending.is_empty() {
            if let Some(c) = self.known_last {
                last_ally.insert(c, 1.0);
            }
        }
        // The chart: about 500 points up to where the distribution is essentially complete.
        let end = quantile_days(&tally.hist, trials, 0.995).map_or(HORIZON_DAYS - 1, |d| {
            (d + d / 10 + 30).min(HORIZON_DAYS - 1)
        });
        let step = (end / 500).max(1);
        let mut cdf: Vec<CdfPoint> = (0..=end / step)
            .filter_map(|i| {
                let d = i * step;
                Some(CdfPoint {
                    date: date_at(d)?,
                    p: p_at(d as i64),
                })
            })
            .collect();
        let rest = end % step;
        if rest > 0 {
            if let Some(date) = date_at(end) {
                cdf.push(CdfPoint {
                    date,
                    p: p_at(end as i64),
                });
            }
        }
        let post = &self.fitted.lags;
        let allies = self
            .allies
            .iter()
            .enumerate()
            .map(|(i, (ally, state))| {
                let j = self.pending.iter().position(|&p| p == i);
                let idx = post.index(*ally);
                AllyForecast {
                    ally: *ally,
                    name: self.names.get(i).cloned().unwrap_or_default(),
                    status: match state {
                        AllyState::Deposited(_) => AllyStatus::Deposited,
                        AllyState::Approved(_) => AllyStatus::ParliamentApproved,
                        AllyState::Pending => AllyStatus::Pending,
                    },
                    since: match state {
                        AllyState::Deposited(d) | AllyState::Approved(d) => Some(*d),
                        AllyState::Pending => None,
                    },
                    own_observations: idx.map_or(0, |x| post.exact[x]),
                    effect: idx.map_or(1.0, |x| post.mean_alpha[x].exp()),
                    median_days: j.map(|j| self.median_days(j)),
                    p_last: last_ally.get(ally).copied().unwrap_or(0.0),
                }
            })
            .collect();
        let t = &self.training;
        let count = |f: fn(&Lag) -> bool| t.parliament.iter().filter(|o| f(&o.lag)).count();
        let model = ModelSummary {
            cutoff: t.cutoff,
            latest_fact_used: t.latest_fact(),
            parliament_exact: count(|l| matches!(l, Lag::Exact(_))),
            parliament_at_most: count(|l| matches!(l, Lag::AtMost(_))),
            parliament_more_than: count(|l| matches!(l, Lag::MoreThan(_))),
            deposit_delays: t.deposit_delay.len(),
            accession_delays: t.accession_delay.len(),
            invitation_delays: t.invitation_to_signature.len(),
            rounds: model::rounds(t),
            typical_lag_days: post.mean_m.exp() - 1.0,
            ally_sd: post.mean_tau,
            round_sd: post.mean_omega,
            act_sd: post.mean_sigma,
            deposit_delay_median_days: self.fitted.deposit.median_days,
            accession_delay_median_days: self.fitted.accession.median_days,
            invitation_to_signature_median_days: self.fitted.invitation.median_days,
            scenarios: SCENARIOS,
            table_knots: ally_table::AN,
            priors: self.opts.priors.clone(),
        };
        let hist_len = tally.hist.len();
        Forecast {
            candidate: self.candidate,
            candidate_name: self.candidate_name.clone(),
            from: origin,
            start: self.start.clone(),
            trials: tally.trials,
            seed: self.opts.seed,
            quantiles,
            p_by,
            last_ally,
            p_never: tally.never as f64 / trials as f64,
            p_beyond_horizon: tally.hist.get(hist_len - 1).copied().unwrap_or(0) as f64
                / trials as f64,
            horizon: add_days(origin, HORIZON_DAYS as i64).unwrap_or(origin),
            allies,
            overrides: self.opts.overrides.clone(),
            cdf,
            model,
            notes: self.notes.clone(),
            histogram: tally.hist,
        }
    }
}

/// Parameters of the model for one forecast (see [`Prepared::params`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelParams {
    pub candidate: StateCode,
    pub from: Date,
    pub start: Start,
    pub allies: Vec<StateCode>,
    /// `[scenario][ally] = (mu, sigma)` of `ln(1 + days)`.
    pub lag: Vec<Vec<(f64, f64)>>,
    /// `[scenario] = (mu, sigma)`.
    pub deposit: Vec<(f64, f64)>,
    pub accession: Vec<(f64, f64)>,
    pub horizon_days: usize,
}

//! What the record knew before a date: the training set of every forecast.
//!
//! [`training_set`] reads the accession files and keeps only facts dated strictly before the
//! cutoff, from protocols signed strictly before it. Every observation carries `known_on`, the
//! date of the latest fact it rests on, so a test can check that nothing from the cutoff on was
//! used (and the backtest forecasts from a record with the future deleted are identical).
//!
//! Four kinds of observation:
//! - parliamentary lags (the main signal): days from a protocol's signature to the end of an
//!   Ally's parliamentary procedure, exact where the record has the date; where it has only the
//!   deposit, or only the protocol's entry into force (or the accession, which bounds it), the
//!   lag is known to be *at most* that; for an Ally still pending at the cutoff, *more than* the
//!   days elapsed;
//! - parliament → deposit delays, from the rows that have both dates (pooled over Allies);
//! - the candidate's own delay, from the protocol's entry into force to its instrument of
//!   accession;
//! - invitation → signature, for candidates not yet at the signature stage.

use opendoor_core::{Date, StateCode};
use opendoor_record::raw::parse_date;
use opendoor_record::{Record, Replay};
use serde::Serialize;

/// How much is known of one parliamentary lag (days from signature; negative = advance consent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "days")]
pub enum Lag {
    Exact(i32),
    /// The Ally deposited, or the protocol entered into force, this many days after signature:
    /// its parliament had finished by then.
    AtMost(i32),
    /// Still pending when the record stops (the cutoff): more than this many days.
    MoreThan(i32),
}

/// One Ally's parliamentary procedure on one protocol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LagObservation {
    pub ally: StateCode,
    /// The protocol's signature date; protocols signed the same day form one round.
    pub round: Date,
    /// The accession file it comes from.
    pub protocol: String,
    pub lag: Lag,
    /// The date of the latest fact it rests on (always before the cutoff).
    pub known_on: Date,
}

/// A delay in days (deposit after parliament, accession after entry into force, signature
/// after invitation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DelayObservation {
    /// The Ally concerned (the candidate, for accession delays; none for invitation delays).
    pub state: Option<StateCode>,
    pub round: Date,
    pub protocol: String,
    pub days: i32,
    pub known_on: Date,
}

/// Everything the model learns from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrainingSet {
    /// Exclusive: every fact used is dated before this.
    pub cutoff: Date,
    pub parliament: Vec<LagObservation>,
    pub deposit_delay: Vec<DelayObservation>,
    pub accession_delay: Vec<DelayObservation>,
    pub invitation_to_signature: Vec<DelayObservation>,
}

impl TrainingSet {
    /// The latest `known_on` of any observation (None when empty).
    pub fn latest_fact(&self) -> Option<Date> {
        self.parliament
            .iter()
            .map(|o| o.known_on)
            .chain(self.deposit_delay.iter().map(|o| o.known_on))
            .chain(self.accession_delay.iter().map(|o| o.known_on))
            .chain(self.invitation_to_signature.iter().map(|o| o.known_on))
            .max()
    }

    /// Exact parliamentary lags.
    pub fn exact_lags(&self) -> usize {
        self.parliament
            .iter()
            .filter(|o| matches!(o.lag, Lag::Exact(_)))
            .count()
    }
}

pub(crate) fn days_between(from: Date, to: Date) -> Option<i32> {
    from.until(to).ok().map(|s| s.get_days())
}

pub(crate) fn add_days(date: Date, days: i64) -> Option<Date> {
    date.checked_add(jiff::Span::new().try_days(days).ok()?)
        .ok()
}

fn known(text: &Option<String>, cutoff: Date) -> Option<Date> {
    text.as_deref()
        .and_then(|t| parse_date(t).ok())
        .filter(|d| *d < cutoff)
}

/// The training set: what the record knew before `cutoff` (exclusive). Pending Allies (the
/// `MoreThan` observations) are those that were Parties the day before the cutoff.
pub fn training_set(record: &Record, replay: &Replay, cutoff: Date) -> TrainingSet {
    let last_day = cutoff.yesterday().unwrap_or(cutoff);
    let chronicle = replay.engine.chronicle();
    let mut parliament: Vec<LagObservation> = Vec::new();
    let mut deposit_delay: Vec<DelayObservation> = Vec::new();
    let mut accession_delay: Vec<DelayObservation> = Vec::new();
    let mut invitation_to_signature: Vec<DelayObservation> = Vec::new();

    for acc in &record.accessions {
        let data = &acc.data;
        let Some(signed) = known(&data.signed.date, cutoff) else {
            continue;
        };
        let file = acc.file.as_str();
        // The protocol was in force by its entry into force, or else by the first accession.
        let in_force = data.in_force.as_ref().and_then(|d| known(&d.date, cutoff));
        let accessions: Vec<(StateCode, Date)> = data
            .accession
            .iter()
            .filter_map(|a| Some((a.state, known(&Some(a.date.clone()), cutoff)?)))
            .collect();
        let bound = in_force.or_else(|| accessions.iter().map(|(_, d)| *d).min());

        for r in &data.ratification {
            let parl = known(&r.parliament_approved, cutoff);
            let dep = known(&r.deposited, cutoff);
            let obs = |lag: Lag, known_on: Date| LagObservation {
                ally: r.ally,
                round: signed,
                protocol: file.to_string(),
                lag,
                known_on,
            };
            let lag = match (parl, dep, bound) {
                (Some(p), _, _) => days_between(signed, p).map(|d| obs(Lag::Exact(d), p)),
                (None, Some(d), _) => days_between(signed, d).map(|n| obs(Lag::AtMost(n), d)),
                (None, None, Some(b)) => days_between(signed, b).map(|n| obs(Lag::AtMost(n), b)),
                (None, None, None) => {
                    if chronicle.position(r.ally, last_day).member_since.is_some() {
                        days_between(signed, last_day).map(|n| obs(Lag::MoreThan(n), last_day))
                    } else {
                        None
                    }
                }
            };
            parliament.extend(lag);
            if let (Some(p), Some(d)) = (parl, dep) {
                let start = p.max(signed);
                if let Some(days) = days_between(start, d).filter(|n| *n >= 0) {
                    deposit_delay.push(DelayObservation {
                        state: Some(r.ally),
                        round: signed,
                        protocol: file.to_string(),
                        days,
                        known_on: d.max(p),
                    });
                }
            }
        }
        if let Some(f) = data.in_force.as_ref().and_then(|d| known(&d.date, cutoff)) {
            for (state, d) in &accessions {
                if let Some(days) = days_between(f, *d).filter(|n| *n >= 0) {
                    accession_delay.push(DelayObservation {
                        state: Some(*state),
                        round: signed,
                        protocol: file.to_string(),
                        days,
                        known_on: *d,
                    });
                }
            }
        }
        if let Some(inv) = data.invited.as_ref().and_then(|d| known(&d.date, cutoff)) {
            if let Some(days) = days_between(inv, signed).filter(|n| *n >= 0) {
                invitation_to_signature.push(DelayObservation {
                    state: None,
                    round: signed,
                    protocol: file.to_string(),
                    days,
                    known_on: signed,
                });
            }
        }
    }

    TrainingSet {
        cutoff,
        parliament: merge_lags(parliament),
        deposit_delay: dedup_delays(deposit_delay, true),
        accession_delay: dedup_delays(accession_delay, false),
        invitation_to_signature: dedup_delays(invitation_to_signature, false),
    }
}

/// Protocols signed the same day were, as a rule, ratified together: one act, one observation.
/// Within a round and an Ally: identical observations count once; distinct exact lags are
/// distinct acts (Hungary and Türkiye on Finland and Sweden); an upper bound is dropped where
/// an exact lag exists, and only the tightest of several bounds is kept.
fn merge_lags(mut obs: Vec<LagObservation>) -> Vec<LagObservation> {
    obs.sort_by(|a, b| {
        (a.round, a.ally, a.protocol.as_str()).cmp(&(b.round, b.ally, b.protocol.as_str()))
    });
    let mut out: Vec<LagObservation> = Vec::with_capacity(obs.len());
    let mut i = 0;
    while i < obs.len() {
        let j = i + obs[i..]
            .iter()
            .take_while(|o| o.round == obs[i].round && o.ally == obs[i].ally)
            .count();
        let group = &obs[i..j];
        let has_exact = group.iter().any(|o| matches!(o.lag, Lag::Exact(_)));
        let mut tightest: Option<&LagObservation> = None;
        let start = out.len();
        for o in group {
            match o.lag {
                Lag::Exact(_) | Lag::MoreThan(_) => {
                    if !out[start..].iter().any(|p| p.lag == o.lag) {
                        out.push(o.clone());
                    }
                }
                Lag::AtMost(n) => {
                    if !has_exact
                        && tightest.is_none_or(|t| matches!(t.lag, Lag::AtMost(m) if n < m))
                    {
                        tightest = Some(o);
                    }
                }
            }
        }
        out.extend(tightest.cloned());
        i = j;
    }
    out
}

fn dedup_delays(mut obs: Vec<DelayObservation>, per_state: bool) -> Vec<DelayObservation> {
    obs.sort_by(|a, b| {
        (a.round, a.state, a.days, a.protocol.as_str()).cmp(&(
            b.round,
            b.state,
            b.days,
            b.protocol.as_str(),
        ))
    });
    obs.dedup_by(|b, a| {
        a.round == b.round && a.days == b.days && (!per_state || a.state == b.state)
    });
    obs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(ally: &str, lag: Lag, protocol: &str) -> LagObservation {
        LagObservation {
            ally: StateCode::parse(ally).unwrap(),
            round: "2022-07-05".parse().unwrap(),
            protocol: protocol.into(),
            lag,
            known_on: "2022-08-01".parse().unwrap(),
        }
    }

    #[test]
    fn merge_keeps_distinct_acts_and_the_tightest_bound() {
        let merged = merge_lags(vec![
            obs("HU", Lag::Exact(265), "fi"),
            obs("HU", Lag::Exact(601), "se"),
            obs("HU", Lag::AtMost(700), "se"),
            obs("DE", Lag::Exact(3), "fi"),
            obs("DE", Lag::Exact(3), "se"),
            obs("GB", Lag::AtMost(611), "se"),
            obs("GB", Lag::AtMost(273), "fi"),
            obs("PT", Lag::MoreThan(30), "fi"),
            obs("PT", Lag::MoreThan(30), "se"),
        ]);
        let got: Vec<(String, Lag)> = merged.iter().map(|o| (o.ally.to_string(), o.lag)).collect();
        assert_eq!(
            got,
            vec![
                ("DE".into(), Lag::Exact(3)),
                ("GB".into(), Lag::AtMost(273)),
                ("HU".into(), Lag::Exact(265)),
                ("HU".into(), Lag::Exact(601)),
                ("PT".into(), Lag::MoreThan(30)),
            ]
        );
    }
}

//! The questions users ask, answered from a replayed record. Every answer is a plain,
//! serialisable value with stable field names; the shells (CLI, server) only format them.

use crate::{Fact, Record, Replay};
use opendoor_core::path::{self, Step};
use opendoor_core::{Date, EventKind, Outcome, Position, StateCode, Status, Subject};
use serde::Serialize;

/// A Party on a date.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Member {
    pub code: StateCode,
    pub name: String,
    pub member_since: Date,
    /// Correlates of War state number.
    pub cow: Option<u16>,
}

/// `members --on DATE`: the Parties for which the treaty was in force on `on`.
pub fn members(record: &Record, replay: &Replay, on: Date) -> Vec<Member> {
    replay
        .engine
        .chronicle()
        .members_on(on)
        .into_iter()
        .map(|(code, since)| {
            let info = record.gazetteer.get(code);
            Member {
                code,
                name: record.gazetteer.name(code),
                member_since: since,
                cow: info.and_then(|i| i.cow),
            }
        })
        .collect()
}

/// `status CODE --on DATE`.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub code: StateCode,
    pub name: String,
    pub on: Date,
    pub status: Status,
    pub status_meaning: &'static str,
    pub member_since: Option<Date>,
    pub european: bool,
    #[serde(flatten)]
    pub position: Position,
}

pub fn status(record: &Record, replay: &Replay, code: StateCode, on: Date) -> StatusReport {
    let position = replay.engine.chronicle().position(code, on);
    StatusReport {
        code,
        name: record.gazetteer.name(code),
        on,
        status: position.status,
        status_meaning: position.status.describe(),
        member_since: position.member_since,
        european: record.gazetteer.get(code).is_some_and(|s| s.european),
        position,
    }
}

/// A step of a path with the record's source for it.
#[derive(Debug, Clone, Serialize)]
pub struct SourcedStep {
    #[serde(flatten)]
    pub step: Step,
    pub source: Option<String>,
}

/// `path CODE`.
#[derive(Debug, Clone, Serialize)]
pub struct PathReport {
    pub code: StateCode,
    pub name: String,
    pub on: Date,
    pub status: Status,
    pub steps: Vec<SourcedStep>,
}

fn step_kinds(step: &str) -> &'static [&'static str] {
    match step {
        "partnership" => &["partnership_joined", "intensified_dialogue"],
        "membership_action_plan" => &["map_joined"],
        "application" => &["application"],
        "invitation" => &["invitation"],
        "protocol_signed" => &["protocol_signed"],
        "ratifications" => &["ratification_deposited"],
        "protocol_in_force" => &["protocol_in_force"],
        "instrument_of_accession" => &["accession_deposited"],
        _ => &[],
    }
}

/// The record's source for what a step says happened to `code` on `date`.
fn source_for(record: &Record, code: StateCode, step: &str, date: Date) -> Option<String> {
    let kinds = step_kinds(step);
    record
        .facts
        .iter()
        .filter(|f| f.date == date && kinds.contains(&f.kind.as_str()))
        .find(|f| step == "ratifications" || f.states.contains(&code))
        .and_then(|f| f.source.clone())
}

pub fn path(record: &Record, replay: &Replay, code: StateCode, on: Date) -> PathReport {
    let p = path::path(&replay.engine, code, on);
    PathReport {
        code,
        name: record.gazetteer.name(code),
        on,
        status: p.status,
        steps: p
            .steps
            .into_iter()
            .map(|step| SourcedStep {
                source: step
                    .date
                    .and_then(|d| source_for(record, code, step.step, d)),
                step,
            })
            .collect(),
    }
}

/// One Ally's ratification of a protocol.
#[derive(Debug, Clone, Serialize)]
pub struct RatificationRow {
    pub ally: StateCode,
    pub ally_name: String,
    /// End of the national parliamentary procedure.
    pub parliament_approved: Option<Date>,
    /// False where the Ally's constitution needs no parliamentary vote (Canada, the United
    /// Kingdom): `parliament_approved` is then null by design, not for lack of data.
    pub parliament_vote_required: bool,
    /// Instrument deposited with the depositary.
    pub deposited: Option<Date>,
    /// Where the deposit day is unknown, the bounds a source gives (null if none).
    pub deposited_on_or_before: Option<Date>,
    pub deposited_on_or_after: Option<Date>,
    pub deposited_on_or_before_source: Option<String>,
    pub deposited_on_or_after_source: Option<String>,
    /// The source of the deposit date, else of the parliamentary date.
    pub source: Option<String>,
    pub parliament_source: Option<String>,
    pub deposit_source: Option<String>,
    /// Days from the protocol's signature to the parliamentary approval, and to the deposit.
    pub lag_parliament_days: Option<i32>,
    pub lag_deposit_days: Option<i32>,
    pub note: Option<String>,
}

/// `ratifications CANDIDATE`.
#[derive(Debug, Clone, Serialize)]
pub struct RatificationTable {
    pub candidate: StateCode,
    pub candidates: Vec<StateCode>,
    pub protocol: String,
    pub invited: Option<Date>,
    pub protocol_signed: Option<Date>,
    pub in_force: Option<Date>,
    pub acceded: Option<Date>,
    pub ratifications: Vec<RatificationRow>,
    /// Allies listed, and how many have a known parliamentary / deposit date.
    pub allies: usize,
    pub with_parliament_date: usize,
    /// Allies whose parliamentary stage is complete in the record: a date, or no vote required.
    pub parliament_stage_known: usize,
    pub with_deposit_date: usize,
    pub note: Option<String>,
}

fn days(from: Option<Date>, to: Option<Date>) -> Option<i32> {
    let (f, t) = (from?, to?);
    f.until(t).ok().map(|s| s.get_days())
}

fn pd(s: &Option<String>) -> Option<Date> {
    s.as_deref().and_then(|d| crate::raw::parse_date(d).ok())
}

pub fn ratifications(record: &Record, candidate: StateCode) -> Option<RatificationTable> {
    let acc = &record.accession(candidate)?.data;
    let signed = pd(&acc.signed.date);
    let rows: Vec<RatificationRow> = acc
        .ratification
        .iter()
        .map(|r| {
            let parliament_approved = pd(&r.parliament_approved);
            let deposited = pd(&r.deposited);
            RatificationRow {
                ally: r.ally,
                ally_name: record.gazetteer.name(r.ally),
                parliament_approved,
                parliament_vote_required: !r.no_parliament_vote,
                deposited,
                deposited_on_or_before: pd(&r.deposited_on_or_before),
                deposited_on_or_after: pd(&r.deposited_on_or_after),
                deposited_on_or_before_source: r.deposited_on_or_before_source.clone(),
                deposited_on_or_after_source: r.deposited_on_or_after_source.clone(),
                source: r.deposit_source.clone().or(r.parliament_source.clone()),
                parliament_source: r.parliament_source.clone(),
                deposit_source: r.deposit_source.clone(),
                lag_parliament_days: days(signed, parliament_approved),
                lag_deposit_days: days(signed, deposited),
                note: r.note.clone(),
            }
        })
        .collect();
    Some(RatificationTable {
        candidate,
        candidates: acc.candidates.clone(),
        protocol: acc.protocol.clone(),
        invited: acc.invited.as_ref().and_then(|i| pd(&i.date)),
        protocol_signed: signed,
        in_force: acc.in_force.as_ref().and_then(|i| pd(&i.date)),
        acceded: acc
            .accession
            .iter()
            .find(|a| a.state == candidate)
            .and_then(|a| crate::raw::parse_date(&a.date).ok()),
        allies: rows.len(),
        with_parliament_date: rows
            .iter()
            .filter(|r| r.parliament_approved.is_some())
            .count(),
        parliament_stage_known: rows
            .iter()
            .filter(|r| r.parliament_approved.is_some() || !r.parliament_vote_required)
            .count(),
        with_deposit_date: rows.iter().filter(|r| r.deposited.is_some()).count(),
        ratifications: rows,
        note: acc.note.clone(),
    })
}

/// One occasion of Article 4 consultations or an Article 5 determination.
#[derive(Debug, Clone, Serialize)]
pub struct Invocation {
    pub article: u16,
    pub date: Date,
    pub requested_by: Vec<StateCode>,
    pub summary: Option<String>,
    pub source: Option<String>,
    pub note: Option<String>,
}

pub fn invocations(record: &Record, article: Option<u16>) -> Vec<Invocation> {
    let t = &record.treaty;
    let a4 = t.articles.consultation;
    let a5 = t.articles.collective_defence;
    record
        .facts
        .iter()
        .filter_map(|f| {
            let crate::raw::Action::Event(e) = &f.action else {
                return None;
            };
            let (art, by) = match &e.kind {
                EventKind::Article4Request { requested_by } => (a4, requested_by.clone()),
                EventKind::Decision {
                    subject: Subject::Article5(attacked),
                    ..
                } => (a5, vec![*attacked]),
                _ => return None,
            };
            (article.is_none_or(|a| a == art)).then(|| Invocation {
                article: art,
                date: f.date,
                requested_by: by,
                summary: f.summary.clone().or(f.title.clone()),
                source: f.source.clone(),
                note: f.note.clone(),
            })
        })
        .collect()
}

/// One line of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineItem {
    pub date: Date,
    pub kind: String,
    pub states: Vec<StateCode>,
    pub title: Option<String>,
    pub summary: Option<String>,
    /// What the rules made of it ("adopted: invitation of FI", "FI becomes a Party"...).
    pub outcome: String,
    pub allowed: bool,
    /// When refused: the rule, article and explanation.
    pub violation: Option<opendoor_core::Violation>,
    pub source: Option<String>,
    pub source2: Option<String>,
    pub note: Option<String>,
    pub date_is_bound: bool,
    pub id: String,
}

/// Filters for the timeline.
#[derive(Debug, Clone, Default)]
pub struct TimelineFilter {
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub country: Option<StateCode>,
}

pub fn timeline(facts: &[Fact], replay: &Replay, filter: &TimelineFilter) -> Vec<TimelineItem> {
    let mut seen = std::collections::HashSet::new();
    replay
        .entries
        .iter()
        .filter(|e| {
            let f = &facts[e.fact];
            filter.from.is_none_or(|d| f.date >= d)
                && filter.to.is_none_or(|d| f.date <= d)
                && filter
                    .country
                    .is_none_or(|c| f.states.contains(&c) || e.event.kind.mentions(c))
        })
        // A fact that expanded into several events shows once.
        .filter(|e| seen.insert((facts[e.fact].id.clone(), e.outcome.is_ok())))
        .map(|e| {
            let f = &facts[e.fact];
            TimelineItem {
                date: f.date,
                kind: f.kind.clone(),
                states: f.states.clone(),
                title: f.title.clone(),
                summary: f.summary.clone(),
                outcome: match &e.outcome {
                    Ok(o) => o.describe(),
                    Err(v) => format!("refused: {v}"),
                },
                allowed: e.outcome.is_ok(),
                violation: e.outcome.as_ref().err().cloned(),
                source: f.source.clone(),
                source2: f.source2.clone(),
                note: f.note.clone(),
                date_is_bound: f.date_is_bound,
                id: f.id.clone(),
            }
        })
        .collect()
}

/// Whether an outcome made a state a Party (for summaries).
pub fn became_party(o: &Outcome) -> Option<StateCode> {
    match o {
        Outcome::BecameParty { state } => Some(*state),
        _ => None,
    }
}

/// A pending accession protocol in a summary.
#[derive(Debug, Clone, Serialize)]
pub struct PendingProtocol {
    pub candidates: Vec<StateCode>,
    pub signed: Date,
    pub deposited: usize,
    /// Parties that have not yet deposited their acceptance.
    pub remaining: Vec<StateCode>,
}

/// The alliance on a date, in brief (used by `apply` and the scenario endpoint).
#[derive(Debug, Clone, Serialize)]
pub struct StateSummary {
    pub on: Date,
    pub treaty_in_force: bool,
    pub parties: Vec<StateCode>,
    pub invited: Vec<StateCode>,
    pub pending_protocols: Vec<PendingProtocol>,
    pub applicants: Vec<StateCode>,
    pub pending_withdrawals: Vec<(StateCode, Date)>,
    pub open_silence_procedures: Vec<String>,
    pub outstanding_objections: Vec<(String, Vec<StateCode>)>,
}

pub fn summary(_record: &Record, replay: &Replay, on: Date) -> StateSummary {
    let a = replay.engine.alliance();
    let ch = replay.engine.chronicle();
    let parties: Vec<StateCode> = ch.members_on(on).into_iter().map(|(c, _)| c).collect();
    StateSummary {
        on,
        treaty_in_force: a.in_force.is_some_and(|d| d <= on),
        invited: a
            .invited
            .keys()
            .copied()
            .filter(|c| !parties.contains(c))
            .collect(),
        pending_protocols: a
            .protocols
            .iter()
            .filter(|p| p.is_open())
            .map(|p| PendingProtocol {
                candidates: p.candidates.clone(),
                signed: p.signed,
                deposited: p.deposited.len(),
                remaining: parties
                    .iter()
                    .copied()
                    .filter(|c| !p.deposited.contains_key(c))
                    .collect(),
            })
            .collect(),
        applicants: a
            .applicants
            .keys()
            .copied()
            .filter(|c| !parties.contains(c) && !a.invited.contains_key(c))
            .collect(),
        pending_withdrawals: {
            let mut v: Vec<(StateCode, Date)> = a
                .parties
                .iter()
                .filter_map(|(c, p)| p.withdrawal_effective.filter(|w| *w > on).map(|w| (*c, w)))
                .collect();
            v.sort_unstable();
            v
        },
        open_silence_procedures: a.silence.keys().map(|s| s.describe()).collect(),
        outstanding_objections: a
            .objections
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(s, v)| (s.describe(), v.iter().copied().collect()))
            .collect(),
        parties,
    }
}

/// What one accession protocol's ratification table still lacks.
#[derive(Debug, Clone, Serialize)]
pub struct ProtocolGaps {
    pub protocol: String,
    pub candidates: Vec<StateCode>,
    pub protocol_signed: Option<Date>,
    /// Null when the record has no date for the protocol's entry into force.
    pub in_force: Option<Date>,
    /// True when entry into force rests on the depositary's notice or on the accession itself,
    /// not on every Ally's deposit being dated.
    pub in_force_attested: bool,
    pub allies: usize,
    pub parliament_stage_known: usize,
    pub with_deposit_date: usize,
    /// Allies whose end of parliamentary procedure is unknown (a vote was needed).
    pub missing_parliament: Vec<StateCode>,
    /// Allies whose deposit date is unknown.
    pub missing_deposit: Vec<StateCode>,
    /// Of those, how many have a sourced bound on the deposit day.
    pub deposit_bounded: usize,
    /// True when every Ally's parliamentary stage and deposit are dated (or need no vote).
    pub complete: bool,
}

/// How complete the record is: per protocol, and for the founders' deposits.
#[derive(Debug, Clone, Serialize)]
pub struct Gaps {
    pub protocols: Vec<ProtocolGaps>,
    /// Founders whose deposit of the instrument of ratification (Article 11) is dated.
    pub founders_deposit_dated: Vec<StateCode>,
    /// Founders whose deposit date is unknown to the record.
    pub founders_deposit_missing: Vec<StateCode>,
    /// Facts the record holds without a date (each with its note).
    pub undated_facts: usize,
}

pub fn gaps(record: &Record) -> Gaps {
    let mut protocols: Vec<ProtocolGaps> = record
        .accessions
        .iter()
        .filter_map(|acc| {
            let t = ratifications(record, acc.data.candidates[0])?;
            let missing_parliament: Vec<StateCode> = t
                .ratifications
                .iter()
                .filter(|r| r.parliament_vote_required && r.parliament_approved.is_none())
                .map(|r| r.ally)
                .collect();
            let missing_deposit: Vec<StateCode> = t
                .ratifications
                .iter()
                .filter(|r| r.deposited.is_none())
                .map(|r| r.ally)
                .collect();
            let deposit_bounded = t
                .ratifications
                .iter()
                .filter(|r| {
                    r.deposited.is_none()
                        && (r.deposited_on_or_before.is_some() || r.deposited_on_or_after.is_some())
                })
                .count();
            let in_force_attested = acc
                .data
                .in_force
                .as_ref()
                .is_none_or(|i| i.attested || i.date.is_none());
            Some(ProtocolGaps {
                complete: missing_parliament.is_empty() && missing_deposit.is_empty(),
                protocol: t.protocol,
                candidates: t.candidates,
                protocol_signed: t.protocol_signed,
                in_force: t.in_force,
                in_force_attested,
                allies: t.allies,
                parliament_stage_known: t.parliament_stage_known,
                with_deposit_date: t.with_deposit_date,
                missing_parliament,
                missing_deposit,
                deposit_bounded,
            })
        })
        .collect();
    protocols.sort_by_key(|p| p.protocol_signed);
    let mut signatories: Vec<StateCode> = Vec::new();
    let mut dated: Vec<StateCode> = Vec::new();
    for f in &record.facts {
        if let crate::raw::Action::Event(e) = &f.action {
            match &e.kind {
                EventKind::TreatySigned { signatories: s } => signatories.extend(s.iter().copied()),
                EventKind::TreatyRatified { state } => dated.push(*state),
                _ => {}
            }
        }
    }
    signatories.sort();
    signatories.dedup();
    dated.sort();
    dated.dedup();
    Gaps {
        protocols,
        founders_deposit_missing: signatories
            .iter()
            .filter(|s| !dated.contains(s))
            .copied()
            .collect(),
        founders_deposit_dated: dated,
        undated_facts: record.undated.len(),
    }
}

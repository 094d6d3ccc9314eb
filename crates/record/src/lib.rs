//! # opendoor-record
//!
//! The verified record: every fact since 1949 with its source, embedded from `data/` at build
//! time, parsed into the engine's events and replayed through the rules. Also the scenario
//! format (the same `[[event]]` vocabulary) and the queries the shells answer.

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}
pub mod query;
pub mod raw;
pub mod replay;
pub mod scenario;

use opendoor_core::{Date, Gazetteer, StateCode, TreatyDefinition};
use raw::{AccessionFile, Action, EventsFile, RawEvent, StatesFile};
use serde::Serialize;

pub use replay::{replay, Entry, Replay};

/// What the record says of a fact besides its date and its effect on the engine: which fact it
/// is, what kind, whom it concerns and on whose word. Shared by the record's facts and the
/// ledger's stored form, so that both carry the same fields under the same names.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct FactMeta {
    /// Stable id: file and position, e.g. `accessions/2022-finland.toml#ratification.HU.deposited`.
    pub id: String,
    pub kind: String,
    /// The states the fact concerns.
    pub states: Vec<StateCode>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub source: Option<String>,
    pub source2: Option<String>,
    pub note: Option<String>,
    /// True when the record knows only that it happened on or before its date (e.g. a protocol's
    /// entry into force attested by the depositary without a date): the replay uses the bound.
    #[serde(default)]
    pub date_is_bound: bool,
}

/// One fact of the record (or one step of a scenario), with its source.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    #[serde(flatten)]
    pub meta: FactMeta,
    pub date: Date,
    #[serde(skip)]
    pub action: Action,
    /// True for a scenario's hypothetical events (not part of the record).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub scenario: bool,
}

impl std::ops::Deref for Fact {
    type Target = FactMeta;
    fn deref(&self) -> &FactMeta {
        &self.meta
    }
}

/// A fact the record holds without a date (unknown dates stay unknown).
#[derive(Debug, Clone, Serialize)]
pub struct UndatedFact {
    pub id: String,
    pub kind: String,
    pub states: Vec<StateCode>,
    pub source: Option<String>,
    pub note: Option<String>,
}

/// An accession protocol as the record has it (the ratification table).
#[derive(Debug, Clone)]
pub struct Accession {
    pub file: String,
    pub data: AccessionFile,
}

/// Why the record or a scenario could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file, and where in it.
    pub place: String,
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}
impl std::error::Error for LoadError {}

/// The whole record.
#[derive(Debug, Clone)]
pub struct Record {
    pub treaty: TreatyDefinition,
    pub gazetteer: Gazetteer,
    pub facts: Vec<Fact>,
    pub undated: Vec<UndatedFact>,
    pub accessions: Vec<Accession>,
}

fn err(place: impl Into<String>, message: impl Into<String>) -> LoadError {
    LoadError {
        place: place.into(),
        message: message.into(),
    }
}

fn toml_err(file: &str, e: toml::de::Error) -> LoadError {
    err(file, e.to_string().trim_end().to_string())
}

/// One data file as the loader reads it: its TOML text and, for the embedded record, the same
/// content converted to JSON by `build.rs` (serde_json parses it several times faster than the
/// TOML parser, which is what keeps a query's cold start low).
#[derive(Clone, Copy)]
struct DataText<'a> {
    toml: &'a str,
    json: Option<&'a str>,
}

/// Deserializes a data file, from its pre-built JSON when there is one. If that fails, the TOML
/// parser is asked too, because its message names the line to fix.
fn decode<T: serde::de::DeserializeOwned>(path: &str, t: DataText) -> Result<T, LoadError> {
    if let Some(json) = t.json {
        return serde_json::from_str(json).map_err(|je| match toml::from_str::<T>(t.toml) {
            Err(te) => toml_err(path, te),
            Ok(_) => err(path, je.to_string()),
        });
    }
    toml::from_str(t.toml).map_err(|e| toml_err(path, e))
}

fn raw_states(raw: &RawEvent) -> Vec<StateCode> {
    let mut states = Vec::new();
    for c in raw
        .state
        .iter()
        .chain(raw.states.iter().flatten())
        .chain(raw.requested_by.iter().flatten())
        .chain(raw.attacked.iter())
        .chain(raw.candidate.iter())
        .chain(raw.candidates.iter().flatten())
        .chain(raw.ally.iter())
        .chain(raw.by.iter())
        .chain(raw.target.iter())
        .chain(raw.concerning.iter().flatten())
        .chain(match &raw.allies {
            Some(raw::AlliesSpec::List(v)) => v.as_slice(),
            _ => &[],
        })
    {
        if !states.contains(c) {
            states.push(*c);
        }
    }
    states
}

/// Reads `[[event]]` entries (an events file or a scenario) into facts. With
/// `require_source` (the record), every entry needs a source and an entry without a date
/// becomes an [`UndatedFact`]; without it (a scenario), every entry needs a date.
pub fn facts_from_events_text(
    file: &str,
    text: &str,
    require_source: bool,
) -> Result<(Vec<Fact>, Vec<UndatedFact>), LoadError> {
    let parsed: EventsFile = toml::from_str(text).map_err(|e| toml_err(file, e))?;
    facts_from_events(file, &parsed, require_source)
}

fn facts_from_events(
    file: &str,
    parsed: &EventsFile,
    require_source: bool,
) -> Result<(Vec<Fact>, Vec<UndatedFact>), LoadError> {
    let mut facts = Vec::new();
    let mut undated = Vec::new();
    for (i, raw) in parsed.event.iter().enumerate() {
        let id = format!("{file}#event{}", i + 1);
        let place = match &raw.date {
            Some(d) => format!("{id} (kind {}, dated {})", raw.kind, d.escape_debug()),
            None => format!("{id} (kind {})", raw.kind),
        };
        if require_source && raw.source.as_deref().is_none_or(|s| s.trim().is_empty()) {
            return Err(err(
                place,
                "every fact needs a `source` (URL or full citation)",
            ));
        }
        let states = raw_states(raw);
        let Some(date_text) = &raw.date else {
            if !require_source {
                return Err(err(place, "every event needs a `date` (YYYY-MM-DD)"));
            }
            // Validate the kind even though it cannot be replayed without a date.
            raw::to_actions(raw, opendoor_core::Date::MIN).map_err(|m| err(&place, m))?;
            undated.push(UndatedFact {
                id,
                kind: raw.kind.clone(),
                states,
                source: raw.source.clone(),
                note: raw.note.clone(),
            });
            continue;
        };
        let date = raw::parse_date(date_text).map_err(|m| err(&place, m))?;
        for action in raw::to_actions(raw, date).map_err(|m| err(&place, m))? {
            facts.push(Fact {
                meta: FactMeta {
                    id: id.clone(),
                    kind: raw.kind.clone(),
                    states: states.clone(),
                    title: raw.title.clone(),
                    summary: raw.summary.clone(),
                    source: raw.source.clone(),
                    source2: raw.source2.clone(),
                    note: raw.note.clone(),
                    date_is_bound: raw.date_is_bound.unwrap_or(false),
                },
                date,
                action,
                scenario: !require_source,
            });
        }
    }
    Ok((facts, undated))
}

fn event_fact(
    id: String,
    date: Date,
    kind: opendoor_core::EventKind,
    source: &str,
    note: Option<&String>,
) -> Fact {
    let mut states = Vec::new();
    kind.for_each_state(|c| {
        if !states.contains(&c) {
            states.push(c)
        }
    });
    Fact {
        meta: FactMeta {
            id,
            kind: kind.name().to_string(),
            states,
            source: Some(source.to_string()),
            note: note.cloned(),
            ..FactMeta::default()
        },
        date,
        action: Action::Event(opendoor_core::Event { date, kind }),
        scenario: false,
    }
}

/// Turns one accession file into facts.
/// A deposit bound needs its source, and the bounds must agree with each other, with a known
/// deposit date and with the parliamentary approval (a deposit follows it).
fn check_deposit_bounds(
    file: &str,
    place: &str,
    r: &raw::RawRatification,
) -> Result<(), LoadError> {
    let here = || format!("{file}#{place}");
    let bound =
        |d: &Option<String>, s: &Option<String>, name: &str| -> Result<Option<Date>, LoadError> {
            match (d, s) {
                (None, None) => Ok(None),
                (Some(d), Some(_)) => raw::parse_date(d)
                    .map(Some)
                    .map_err(|e| err(here(), format!("`{name}`: {e}"))),
                (Some(_), None) => Err(err(here(), format!("`{name}` needs `{name}_source`"))),
                (None, Some(_)) => Err(err(here(), format!("`{name}_source` without `{name}`"))),
            }
        };
    let hi = bound(
        &r.deposited_on_or_before,
        &r.deposited_on_or_before_source,
        "deposited_on_or_before",
    )?;
    let lo = bound(
        &r.deposited_on_or_after,
        &r.deposited_on_or_after_source,
        "deposited_on_or_after",
    )?;
    let dep = r.deposited.as_deref().and_then(|d| raw::parse_date(d).ok());
    let parl = r
        .parliament_approved
        .as_deref()
        .and_then(|d| raw::parse_date(d).ok());
    if let (Some(lo), Some(hi)) = (lo, hi) {
        if lo > hi {
            return Err(err(
                here(),
                format!("deposit bounds contradict: on or after {lo} but on or before {hi}"),
            ));
        }
    }
    if let Some(dep) = dep {
        if hi.is_some_and(|hi| dep > hi) || lo.is_some_and(|lo| dep < lo) {
            return Err(err(
                here(),
                format!("deposit date {dep} lies outside its own bounds: check both sources"),
            ));
        }
    }
    if let (Some(p), Some(hi)) = (parl, hi) {
        if hi < p {
            return Err(err(
                here(),
                format!("deposited on or before {hi}, yet parliament approved only on {p}"),
            ));
        }
    }
    Ok(())
}

fn facts_from_accession(file: &str, acc: &AccessionFile) -> Result<Vec<Fact>, LoadError> {
    use opendoor_core::{EventKind, Subject};
    let mut out = Vec::new();
    let date =
        |place: &str, d: &str| raw::parse_date(d).map_err(|m| err(format!("{file}#{place}"), m));
    let lead = *acc
        .candidates
        .first()
        .ok_or_else(|| err(file, "`candidates` is empty"))?;
    if let Some(inv) = &acc.invited {
        if let Some(d) = &inv.date {
            let d = date("invited", d)?;
            for c in &acc.candidates {
                let mut f = event_fact(
                    format!("{file}#invited"),
                    d,
                    EventKind::Decision {
                        subject: Subject::Invitation(*c),
                        consenting: None,
                    },
                    &inv.source,
                    inv.note.as_ref(),
                );
                f.meta.kind = "invitation".into();
                f.meta.source2 = inv.source2.clone();
                out.push(f);
            }
        }
    }
    let signed = date(
        "signed",
        acc.signed
            .date
            .as_deref()
            .ok_or_else(|| err(format!("{file}#signed"), "the signature needs a date"))?,
    )?;
    let mut f = event_fact(
        format!("{file}#signed"),
        signed,
        EventKind::ProtocolSigned {
            candidates: acc.candidates.clone(),
        },
        &acc.signed.source,
        acc.signed.note.as_ref(),
    );
    f.meta.source2 = acc.signed.source2.clone();
    out.push(f);
    for r in &acc.ratification {
        let place = format!("ratification.{}", r.ally);
        if r.no_parliament_vote && r.parliament_approved.is_some() {
            return Err(err(
                format!("{file}#{place}"),
                "`no_parliament_vote = true` contradicts `parliament_approved`: keep one",
            ));
        }
        if r.no_parliament_vote && r.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            return Err(err(
                format!("{file}#{place}"),
                "`no_parliament_vote = true` needs a `note` saying what procedure applied",
            ));
        }
        check_deposit_bounds(file, &place, r)?;
        if let Some(d) = &r.parliament_approved {
            let src = r.parliament_source.as_deref().ok_or_else(|| {
                err(
                    format!("{file}#{place}"),
                    "`parliament_approved` needs `parliament_source`",
                )
            })?;
            out.push(event_fact(
                format!("{file}#{place}.parliament_approved"),
                date(&place, d)?,
                EventKind::ParliamentApproved {
                    ally: r.ally,
                    candidate: lead,
                },
                src,
                r.note.as_ref(),
            ));
        }
        if let Some(d) = &r.deposited {
            let src = r.deposit_source.as_deref().ok_or_else(|| {
                err(
                    format!("{file}#{place}"),
                    "`deposited` needs `deposit_source`",
                )
            })?;
            out.push(event_fact(
                format!("{file}#{place}.deposited"),
                date(&place, d)?,
                EventKind::RatificationDeposited {
                    ally: r.ally,
                    candidate: lead,
                },
                src,
                r.note.as_ref(),
            ));
        }
    }
    let first_accession = acc
        .accession
        .iter()
        .map(|a| date("accession", &a.date))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .min();
    if let Some(inf) = &acc.in_force {
        let (d, bound) = match (&inf.date, first_accession) {
            (Some(d), _) => (date("in_force", d)?, false),
            (None, Some(a)) => (a, true),
            (None, None) => {
                return Err(err(
                    format!("{file}#in_force"),
                    "no date and no accession to bound it",
                ))
            }
        };
        let mut f = event_fact(
            format!("{file}#in_force"),
            d,
            EventKind::ProtocolInForce {
                candidate: lead,
                attested: inf.attested || bound,
            },
            &inf.source,
            inf.note.as_ref(),
        );
        f.meta.date_is_bound = bound;
        f.meta.source2 = inf.source2.clone();
        out.push(f);
    } else if let Some(a) = first_accession {
        // The record holds the accession, hence the protocol was in force by then; the date of
        // entry into force itself is unknown.
        let mut f = event_fact(
            format!("{file}#in_force"),
            a,
            EventKind::ProtocolInForce {
                candidate: lead,
                attested: true,
            },
            &acc.accession[0].source,
            Some(&"Entry into force not dated in the record: it happened on or before the accession, which is the date used here.".to_string()),
        );
        f.meta.date_is_bound = true;
        out.push(f);
    }
    for (i, a) in acc.accession.iter().enumerate() {
        out.push(event_fact(
            format!("{file}#accession{}", i + 1),
            date("accession", &a.date)?,
            EventKind::AccessionDeposited { state: a.state },
            &a.source,
            a.note.as_ref(),
        ));
    }
    Ok(out)
}

impl Record {
    /// The record built into the binary.
    pub fn embedded() -> Result<Record, LoadError> {
        Record::from_texts(embedded::FILES.iter().map(|(path, toml, json)| {
            (
                *path,
                DataText {
                    toml,
                    json: Some(json),
                },
            )
        }))
    }

    /// A record from (path under data/, contents) pairs: `treaty.toml`, `states.toml`,
    /// `accessions/*.toml`, `events/*.toml`.
    pub fn from_files<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Record, LoadError> {
        Record::from_texts(
            files
                .into_iter()
                .map(|(path, toml)| (path, DataText { toml, json: None })),
        )
    }

    fn from_texts<'a>(
        files: impl IntoIterator<Item = (&'a str, DataText<'a>)>,
    ) -> Result<Record, LoadError> {
        let mut treaty = None;
        let mut gazetteer = None;
        let mut facts = Vec::new();
        let mut undated = Vec::new();
        let mut accessions = Vec::new();
        let mut event_files = Vec::new();
        for (path, text) in files {
            if path == "treaty.toml" {
                treaty = Some(TreatyDefinition::from_toml(text.toml).map_err(|e| err(path, e.0))?);
            } else if path == "states.toml" {
                let s: StatesFile = decode(path, text)?;
                gazetteer = Some(Gazetteer::new(s.state));
            } else if path.starts_with("accessions/") {
                let acc: AccessionFile = decode(path, text)?;
                facts.extend(facts_from_accession(path, &acc)?);
                accessions.push(Accession {
                    file: path.to_string(),
                    data: acc,
                });
            } else if path.starts_with("events/") {
                event_files.push((path, text));
            }
        }
        for (path, text) in event_files {
            let parsed: EventsFile = decode(path, text)?;
            let (f, u) = facts_from_events(path, &parsed, true)?;
            facts.extend(f);
            undated.extend(u);
        }
        // Stable: same-day facts keep file order; the replay resolves what order the rules need.
        facts.sort_by_key(|f| f.date);
        Ok(Record {
            treaty: treaty.ok_or_else(|| err("treaty.toml", "missing"))?,
            gazetteer: gazetteer.ok_or_else(|| err("states.toml", "missing"))?,
            facts,
            undated,
            accessions,
        })
    }

    /// The accession protocol naming `candidate`.
    pub fn accession(&self, candidate: StateCode) -> Option<&Accession> {
        self.accessions
            .iter()
            .find(|a| a.data.candidates.contains(&candidate))
    }

    /// A fresh engine for this record's treaty and states.
    pub fn engine(&self) -> opendoor_core::Engine {
        opendoor_core::Engine::new(self.treaty.clone(), self.gazetteer.clone())
    }
}

/// A fact as stored outside the binary (the ledger): the fact's metadata and the engine's event.
/// Serialized flat (`id`, `kind`, …, `date_is_bound`, `event`): the ledger hashes these bytes.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct StoredFact {
    #[serde(flatten)]
    pub meta: FactMeta,
    pub event: opendoor_core::Event,
}

impl StoredFact {
    /// `None` for scenario shorthands that only make sense at replay (`allies = "remaining"`).
    pub fn from_fact(f: &Fact) -> Option<StoredFact> {
        let Action::Event(event) = &f.action else {
            return None;
        };
        Some(StoredFact {
            meta: f.meta.clone(),
            event: event.clone(),
        })
    }

    pub fn into_fact(self) -> Fact {
        Fact {
            meta: self.meta,
            date: self.event.date,
            scenario: false,
            action: Action::Event(self.event),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prebuilt_json_and_toml_decode_to_the_same_record() {
        let toml_only =
            Record::from_files(embedded::FILES.iter().map(|(p, t, _)| (*p, *t))).unwrap();
        let prebuilt = Record::embedded().unwrap();
        assert_eq!(toml_only.facts.len(), prebuilt.facts.len());
        for (a, b) in toml_only.facts.iter().zip(&prebuilt.facts) {
            assert_eq!(a.meta, b.meta);
            assert_eq!(a.date, b.date);
        }
        assert_eq!(toml_only.accessions.len(), prebuilt.accessions.len());
        for acc in &prebuilt.accessions {
            let c = acc.data.candidates[0];
            let json = |r: &Record| serde_json::to_string(&query::ratifications(r, c)).unwrap();
            assert_eq!(json(&toml_only), json(&prebuilt), "{}", acc.file);
        }
    }

    #[test]
    fn a_bad_field_is_reported_with_the_toml_line() {
        let text = DataText {
            toml: "protocol = \"p\"\ncandidates = [\"MT\"]\nbogus = 1\n[signed]\ndate = \"2030-01-01\"\nsource = \"s\"\n",
            json: Some(r#"{"protocol":"p","candidates":["MT"],"bogus":1,"signed":{"date":"2030-01-01","source":"s"}}"#),
        };
        let e = decode::<AccessionFile>("accessions/x.toml", text).unwrap_err();
        assert!(e.message.contains("line 3"), "{}", e.message);
        assert!(e.message.contains("bogus"), "{}", e.message);
    }
}

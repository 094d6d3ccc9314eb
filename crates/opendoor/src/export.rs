//! Research exports: the record's events (with sources), membership spells (ISO and COW codes),
//! the ratification table with lags in days, and Article 4/5 occasions; as CSV files, one JSON
//! file, or a SQLite database with named views (opens in Datasette).

use opendoor_record::query::{self, TimelineFilter};
use opendoor_record::{Record, Replay};
use rusqlite::{params, Connection};
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    pub id: String,
    pub date: String,
    pub date_is_bound: bool,
    pub kind: String,
    pub states: String,
    pub title: String,
    pub summary: String,
    pub outcome: String,
    pub source: String,
    pub source2: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpellRow {
    pub code: String,
    pub cow: Option<u16>,
    pub name: String,
    pub from: String,
    /// Exclusive; empty while the spell lasts.
    pub to: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RatificationRow {
    pub protocol: String,
    pub candidates: String,
    pub protocol_signed: String,
    pub ally: String,
    pub ally_cow: Option<u16>,
    pub parliament_approved: String,
    pub parliament_vote_required: bool,
    pub deposited: String,
    pub deposited_on_or_after: String,
    pub deposited_on_or_before: String,
    pub lag_parliament_days: Option<i32>,
    pub lag_deposit_days: Option<i32>,
    pub parliament_source: String,
    pub deposit_source: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OccasionRow {
    pub article: u16,
    pub date: String,
    pub requested_by: String,
    pub summary: String,
    pub source: String,
}

/// Everything exported.
#[derive(Debug, Clone, Serialize)]
pub struct Dataset {
    pub events: Vec<EventRow>,
    pub membership_spells: Vec<SpellRow>,
    pub ratifications: Vec<RatificationRow>,
    pub occasions: Vec<OccasionRow>,
}

fn s(o: &Option<String>) -> String {
    o.clone().unwrap_or_default()
}
fn ds(o: Option<opendoor_core::Date>) -> String {
    o.map(|d| d.to_string()).unwrap_or_default()
}
fn codes(v: &[opendoor_core::StateCode]) -> String {
    v.iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn dataset(record: &Record, replay: &Replay) -> Dataset {
    let events = query::timeline(&record.facts, replay, &TimelineFilter::default())
        .into_iter()
        .map(|i| EventRow {
            id: i.id,
            date: i.date.to_string(),
            date_is_bound: i.date_is_bound,
            kind: i.kind,
            states: codes(&i.states),
            title: s(&i.title),
            summary: s(&i.summary),
            outcome: i.outcome,
            source: s(&i.source),
            source2: s(&i.source2),
            note: s(&i.note),
        })
        .collect();
    let membership_spells = replay
        .engine
        .chronicle()
        .spells()
        .iter()
        .map(|sp| SpellRow {
            code: sp.state.to_string(),
            cow: record.gazetteer.get(sp.state).and_then(|i| i.cow),
            name: record.gazetteer.name(sp.state),
            from: sp.from.to_string(),
            to: ds(sp.to),
        })
        .collect();
    let mut ratifications = Vec::new();
    for acc in &record.accessions {
        if let Some(t) = query::ratifications(record, acc.data.candidates[0]) {
            for r in t.ratifications {
                ratifications.push(RatificationRow {
                    protocol: t.protocol.clone(),
                    candidates: codes(&t.candidates),
                    protocol_signed: ds(t.protocol_signed),
                    ally: r.ally.to_string(),
                    ally_cow: record.gazetteer.get(r.ally).and_then(|i| i.cow),
                    parliament_approved: ds(r.parliament_approved),
                    parliament_vote_required: r.parliament_vote_required,
                    deposited: ds(r.deposited),
                    deposited_on_or_after: ds(r.deposited_on_or_after),
                    deposited_on_or_before: ds(r.deposited_on_or_before),
                    lag_parliament_days: r.lag_parliament_days,
                    lag_deposit_days: r.lag_deposit_days,
                    parliament_source: s(&r.parliament_source),
                    deposit_source: s(&r.deposit_source),
                    note: s(&r.note),
                });
            }
        }
    }
    let occasions = query::invocations(record, None)
        .into_iter()
        .map(|i| OccasionRow {
            article: i.article,
            date: i.date.to_string(),
            requested_by: codes(&i.requested_by),
            summary: s(&i.summary),
            source: s(&i.source),
        })
        .collect();
    Dataset {
        events,
        membership_spells,
        ratifications,
        occasions,
    }
}

fn write_csv<T: Serialize>(path: &Path, rows: &[T]) -> Result<(), String> {
    let mut w = csv::Writer::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    for r in rows {
        w.serialize(r)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    w.flush().map_err(|e| format!("{}: {e}", path.display()))
}

/// CSV: a directory with one file per table.
pub fn to_csv(d: &Dataset, dir: &Path) -> Result<Vec<String>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    write_csv(&dir.join("events.csv"), &d.events)?;
    write_csv(&dir.join("membership_spells.csv"), &d.membership_spells)?;
    write_csv(&dir.join("ratifications.csv"), &d.ratifications)?;
    write_csv(&dir.join("occasions.csv"), &d.occasions)?;
    Ok([
        "events.csv",
        "membership_spells.csv",
        "ratifications.csv",
        "occasions.csv",
    ]
    .iter()
    .map(|f| dir.join(f).display().to_string())
    .collect())
}

pub fn to_json(d: &Dataset, path: &Path) -> Result<(), String> {
    let text = serde_json::to_string_pretty(d).map_err(|e| e.to_string())?;
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

const SQL_SCHEMA: &str = "
CREATE TABLE events (id TEXT, date TEXT, date_is_bound INTEGER, kind TEXT, states TEXT, title TEXT,
    summary TEXT, outcome TEXT, source TEXT, source2 TEXT, note TEXT);
CREATE TABLE membership_spells (code TEXT, cow INTEGER, name TEXT, date_from TEXT, date_to TEXT);
CREATE TABLE ratifications (protocol TEXT, candidates TEXT, protocol_signed TEXT, ally TEXT, ally_cow INTEGER,
    parliament_approved TEXT, parliament_vote_required INTEGER, deposited TEXT,
    deposited_on_or_after TEXT, deposited_on_or_before TEXT, lag_parliament_days INTEGER, lag_deposit_days INTEGER,
    parliament_source TEXT, deposit_source TEXT, note TEXT);
CREATE TABLE occasions (article INTEGER, date TEXT, requested_by TEXT, summary TEXT, source TEXT);
-- Named views for Datasette.
CREATE VIEW parties_today AS
    SELECT code, cow, name, date_from AS member_since FROM membership_spells WHERE date_to = '' ORDER BY date_from, code;
CREATE VIEW enlargement_waves AS
    SELECT date_from AS date, COUNT(*) AS new_parties, GROUP_CONCAT(code, ' ') AS codes
    FROM membership_spells GROUP BY date_from ORDER BY date_from;
CREATE VIEW ratification_lags_by_protocol AS
    SELECT protocol, protocol_signed, COUNT(*) AS allies,
        COUNT(lag_parliament_days) AS with_parliament_date,
        SUM(parliament_approved <> '' OR parliament_vote_required = 0) AS parliament_stage_known, ROUND(AVG(lag_parliament_days), 1) AS mean_parliament_days,
        MAX(lag_parliament_days) AS max_parliament_days,
        COUNT(lag_deposit_days) AS with_deposit_date, ROUND(AVG(lag_deposit_days), 1) AS mean_deposit_days,
        MAX(lag_deposit_days) AS max_deposit_days
    FROM ratifications GROUP BY protocol, protocol_signed ORDER BY protocol_signed;
CREATE VIEW ratification_lags_by_ally AS
    SELECT ally, ally_cow, COUNT(lag_parliament_days) AS protocols_with_date,
        ROUND(AVG(lag_parliament_days), 1) AS mean_parliament_days, MAX(lag_parliament_days) AS max_parliament_days
    FROM ratifications GROUP BY ally ORDER BY mean_parliament_days DESC;
CREATE VIEW article4_occasions AS SELECT date, requested_by, summary, source FROM occasions WHERE article = 4 ORDER BY date;
CREATE VIEW article5_occasions AS SELECT date, requested_by, summary, source FROM occasions WHERE article = 5 ORDER BY date;
";

pub fn to_sqlite(d: &Dataset, path: &Path) -> Result<(), String> {
    if path.exists() {
        std::fs::remove_file(path).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let mut c = Connection::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    c.execute_batch(SQL_SCHEMA).map_err(|e| e.to_string())?;
    let tx = c.transaction().map_err(|e| e.to_string())?;
    {
        let mut st = tx
            .prepare("INSERT INTO events VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
            .map_err(|e| e.to_string())?;
        for e in &d.events {
            st.execute(params![
                e.id,
                e.date,
                e.date_is_bound,
                e.kind,
                e.states,
                e.title,
                e.summary,
                e.outcome,
                e.source,
                e.source2,
                e.note
            ])
            .map_err(|e| e.to_string())?;
        }
        let mut st = tx
            .prepare("INSERT INTO membership_spells VALUES (?1, ?2, ?3, ?4, ?5)")
            .map_err(|e| e.to_string())?;
        for r in &d.membership_spells {
            st.execute(params![r.code, r.cow, r.name, r.from, r.to])
                .map_err(|e| e.to_string())?;
        }
        let mut st = tx
            .prepare("INSERT INTO ratifications VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")
            .map_err(|e| e.to_string())?;
        for r in &d.ratifications {
            st.execute(params![
                r.protocol,
                r.candidates,
                r.protocol_signed,
                r.ally,
                r.ally_cow,
                r.parliament_approved,
                r.parliament_vote_required,
                r.deposited,
                r.deposited_on_or_after,
                r.deposited_on_or_before,
                r.lag_parliament_days,
                r.lag_deposit_days,
                r.parliament_source,
                r.deposit_source,
                r.note
            ])
            .map_err(|e| e.to_string())?;
        }
        let mut st = tx
            .prepare("INSERT INTO occasions VALUES (?1, ?2, ?3, ?4, ?5)")
            .map_err(|e| e.to_string())?;
        for o in &d.occasions {
            st.execute(params![
                o.article,
                o.date,
                o.requested_by,
                o.summary,
                o.source
            ])
            .map_err(|e| e.to_string())?;
        }
    }
    tx.commit().map_err(|e| e.to_string())
}

//! The ledger: the record stored in SQLite, append-only, each entry committing to the previous
//! one with SHA-256, so that an edit, a removal or a reordering is detected by `verify`.
//!
//! Durability: WAL journal with `synchronous = FULL`, one transaction per append; an append is
//! acknowledged only after its commit returns, so an acknowledged entry survives the process
//! being killed. Tail truncation is caught by the `head` row (updated in the same transaction)
//! and, against an attacker who edits that too, by `verify --expect-head HASH`.

use opendoor_record::{replay, Fact, Record, StoredFact};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

pub const DEFAULT_PATH: &str = "opendoor.sqlite";
const GENESIS: [u8; 32] = [0; 32];

/// What went wrong with the ledger.
#[derive(Debug)]
pub enum LedgerError {
    Sql(rusqlite::Error),
    /// An entry that does not check out: its sequence number and what is wrong.
    Bad {
        seq: i64,
        problem: String,
    },
    Other(String),
}

impl std::fmt::Display for LedgerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LedgerError::Sql(e) => write!(f, "database: {e}"),
            LedgerError::Bad { seq, problem } => write!(f, "entry {seq}: {problem}"),
            LedgerError::Other(m) => f.write_str(m),
        }
    }
}

impl From<rusqlite::Error> for LedgerError {
    fn from(e: rusqlite::Error) -> Self {
        LedgerError::Sql(e)
    }
}

/// The hash of an entry: SHA-256 over the previous hash, the sequence number and the body.
pub fn entry_hash(prev: &[u8], seq: i64, body: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(seq.to_be_bytes());
    h.update(body.as_bytes());
    h.finalize().into()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An open ledger.
pub struct Ledger {
    conn: Connection,
    pub path: PathBuf,
}

/// The ledger's head: how many entries, and the last hash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Head {
    pub entries: i64,
    pub hash: String,
}

/// What `verify` found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Verified {
    pub path: String,
    pub head: Head,
    pub events_applied: usize,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS ledger (
    seq       INTEGER PRIMARY KEY,
    body      TEXT NOT NULL,
    prev_hash BLOB NOT NULL,
    hash      BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS head (
    one     INTEGER PRIMARY KEY CHECK (one = 1),
    entries INTEGER NOT NULL,
    hash    BLOB NOT NULL
);
CREATE TRIGGER IF NOT EXISTS ledger_no_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS ledger_no_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
";

impl Ledger {
    /// Opens (creating if needed) the ledger at `path`.
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.execute_batch(SCHEMA)?;
        Ok(Ledger {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn is_empty(&self) -> Result<bool, LedgerError> {
        Ok(self.len()? == 0)
    }

    pub fn len(&self) -> Result<i64, LedgerError> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM ledger", [], |r| r.get(0))?)
    }

    fn last(conn: &Connection) -> Result<(i64, Vec<u8>), LedgerError> {
        Ok(conn
            .query_row(
                "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .unwrap_or((0, GENESIS.to_vec())))
    }

    /// Appends facts in one transaction; returns the last sequence number, once committed.
    pub fn append(&mut self, facts: &[StoredFact]) -> Result<i64, LedgerError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (mut seq, mut prev) = Self::last(&tx)?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO ledger (seq, body, prev_hash, hash) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for f in facts {
                seq += 1;
                let body = serde_json::to_string(f)
                    .map_err(|e| LedgerError::Other(format!("cannot encode a fact: {e}")))?;
                let hash = entry_hash(&prev, seq, &body);
                insert.execute(params![seq, body, prev, hash.to_vec()])?;
                prev = hash.to_vec();
            }
        }
        tx.execute(
            "INSERT INTO head (one, entries, hash) VALUES (1, ?1, ?2)
             ON CONFLICT(one) DO UPDATE SET entries = excluded.entries, hash = excluded.hash",
            params![seq, prev],
        )?;
        tx.commit()?;
        Ok(seq)
    }

    /// Opens the ledger and seeds it from the built-in record when it is new.
    pub fn open_seeded(path: &Path, record: &Record) -> Result<(Ledger, bool), LedgerError> {
        let mut l = Ledger::open(path)?;
        if !l.is_empty()? {
            return Ok((l, false));
        }
        let facts: Vec<StoredFact> = record
            .facts
            .iter()
            .filter_map(StoredFact::from_fact)
            .collect();
        l.append(&facts)?;
        Ok((l, true))
    }

    /// Reads every entry, checking the chain; returns the facts and the head.
    pub fn read_checked(&self) -> Result<(Vec<Fact>, Head), LedgerError> {
        let mut stmt = self
            .conn
            .prepare("SELECT seq, body, prev_hash, hash FROM ledger ORDER BY seq")?;
        let mut rows = stmt.query([])?;
        let mut expected_seq = 0i64;
        let mut prev = GENESIS.to_vec();
        let mut facts = Vec::new();
        while let Some(row) = rows.next()? {
            let seq: i64 = row.get(0)?;
            let body: String = row.get(1)?;
            let prev_hash: Vec<u8> = row.get(2)?;
            let hash: Vec<u8> = row.get(3)?;
            expected_seq += 1;
            if seq != expected_seq {
                return Err(LedgerError::Bad {
                    seq: expected_seq,
                    problem: format!("missing (the next entry present is {seq}): removed"),
                });
            }
            if prev_hash != prev {
                return Err(LedgerError::Bad {
                    seq,
                    problem:
                        "does not commit to the entry before it: entries were removed or reordered"
                            .into(),
                });
            }
            if entry_hash(&prev, seq, &body).as_slice() != hash.as_slice() {
                return Err(LedgerError::Bad {
                    seq,
                    problem: "its content does not match its hash: it was edited".into(),
                });
            }
            let fact: StoredFact = serde_json::from_str(&body).map_err(|e| LedgerError::Bad {
                seq,
                problem: format!("unreadable body: {e}"),
            })?;
            facts.push(fact.into_fact());
            prev = hash;
        }
        let head = Head {
            entries: expected_seq,
            hash: hex(&prev),
        };
        let stored: Option<(i64, Vec<u8>)> = self
            .conn
            .query_row("SELECT entries, hash FROM head WHERE one = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        match stored {
            Some((n, h)) if n == head.entries && hex(&h) == head.hash => {}
            Some((n, _)) if n > head.entries => {
                return Err(LedgerError::Bad {
                    seq: head.entries + 1,
                    problem: format!(
                        "missing: the head records {n} entries, {} remain (removed from the end)",
                        head.entries
                    ),
                })
            }
            Some(_) => {
                return Err(LedgerError::Bad {
                    seq: head.entries,
                    problem: "the head does not match the last entry".into(),
                })
            }
            None if head.entries == 0 => {}
            None => return Err(LedgerError::Other("the head row is missing".into())),
        }
        Ok((facts, head))
    }

    /// Checks the chain and replays the ledger through the rules.
    pub fn verify(
        &self,
        record: &Record,
        expect_head: Option<&str>,
    ) -> Result<Verified, LedgerError> {
        let (facts, head) = self.read_checked()?;
        if let Some(h) = expect_head {
            if !h.eq_ignore_ascii_case(&head.hash) {
                return Err(LedgerError::Other(format!(
                    "the head is {} ({} entries), not the expected {h}: entries were added or removed since",
                    head.hash, head.entries
                )));
            }
        }
        // Keep ledger order within a day (stable sort); remember each fact's position.
        let order: Vec<usize> = {
            let mut idx: Vec<usize> = (0..facts.len()).collect();
            idx.sort_by_key(|&i| facts[i].date);
            idx
        };
        let sorted: Vec<Fact> = order.iter().map(|&i| facts[i].clone()).collect();
        let r = replay(record.engine(), &sorted);
        if let Some((e, v)) = r.violations().next() {
            return Err(LedgerError::Bad {
                seq: order[e.fact] as i64 + 1,
                problem: format!("refused by the rules: {v}"),
            });
        }
        Ok(Verified {
            path: self.path.display().to_string(),
            head,
            events_applied: r.entries.len(),
        })
    }

    /// The ledger's facts in date order (for serving), after checking the chain.
    pub fn facts(&self) -> Result<(Vec<Fact>, Head), LedgerError> {
        let (mut facts, head) = self.read_checked()?;
        facts.sort_by_key(|f| f.date);
        Ok((facts, head))
    }

    /// Direct access to the database (tests tamper with it through this).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh() -> (tempdir::Dir, Ledger, Record) {
        let dir = tempdir::Dir::new();
        let record = Record::embedded().unwrap();
        let (l, created) = Ledger::open_seeded(&dir.path.join("l.sqlite"), &record).unwrap();
        assert!(created);
        (dir, l, record)
    }

    mod tempdir {
        pub struct Dir {
            pub path: std::path::PathBuf,
        }
        impl Dir {
            pub fn new() -> Dir {
                use std::sync::atomic::{AtomicU32, Ordering};
                static N: AtomicU32 = AtomicU32::new(0);
                let path = std::env::temp_dir().join(format!(
                    "opendoor-ledger-{}-{}",
                    std::process::id(),
                    N.fetch_add(1, Ordering::SeqCst)
                ));
                std::fs::create_dir_all(&path).unwrap();
                Dir { path }
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.path);
            }
        }
    }

    fn untrigger(l: &Ledger) {
        l.conn()
            .execute_batch("DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete;")
            .unwrap();
    }

    #[test]
    fn a_seeded_ledger_verifies_and_reopening_does_not_reseed() {
        let (dir, l, record) = fresh();
        let v = l.verify(&record, None).unwrap();
        assert_eq!(v.head.entries as usize, record.facts.len());
        drop(l);
        let (l2, created) = Ledger::open_seeded(&dir.path.join("l.sqlite"), &record).unwrap();
        assert!(!created);
        assert_eq!(l2.len().unwrap() as usize, record.facts.len());
    }

    #[test]
    fn updates_and_deletes_are_refused_by_the_database() {
        let (_d, l, _) = fresh();
        assert!(l
            .conn()
            .execute("UPDATE ledger SET body = 'x' WHERE seq = 3", [])
            .is_err());
        assert!(l
            .conn()
            .execute("DELETE FROM ledger WHERE seq = 3", [])
            .is_err());
    }

    #[test]
    fn an_edit_is_detected_and_named() {
        let (_d, l, record) = fresh();
        untrigger(&l);
        l.conn()
            .execute(
                "UPDATE ledger SET body = replace(body, '1949', '1948') WHERE seq = 2",
                [],
            )
            .unwrap();
        match l.verify(&record, None) {
            Err(LedgerError::Bad { seq: 2, problem }) => {
                assert!(problem.contains("edited"), "{problem}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_removal_is_detected_and_named() {
        let (_d, l, record) = fresh();
        untrigger(&l);
        l.conn()
            .execute("DELETE FROM ledger WHERE seq = 40", [])
            .unwrap();
        match l.verify(&record, None) {
            Err(LedgerError::Bad { seq: 40, problem }) => {
                assert!(problem.contains("removed"), "{problem}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_removal_at_the_end_is_detected() {
        let (_d, l, record) = fresh();
        let n = l.len().unwrap();
        untrigger(&l);
        l.conn()
            .execute("DELETE FROM ledger WHERE seq = ?1", [n])
            .unwrap();
        match l.verify(&record, None) {
            Err(LedgerError::Bad { seq, .. }) => assert_eq!(seq, n),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_reordering_is_detected() {
        let (_d, l, record) = fresh();
        untrigger(&l);
        // Swap the bodies (and hashes) of entries 10 and 11: each is intact, the chain is not.
        l.conn()
            .execute_batch(
                "UPDATE ledger SET seq = -10 WHERE seq = 10;
                 UPDATE ledger SET seq = 10 WHERE seq = 11;
                 UPDATE ledger SET seq = 11 WHERE seq = -10;",
            )
            .unwrap();
        match l.verify(&record, None) {
            Err(LedgerError::Bad { seq: 10, .. }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_consistent_rewrite_that_breaks_the_rules_is_caught_by_the_replay() {
        // Re-chain a ledger whose content was changed so that every hash matches: the rules
        // still refuse it (Finland's accession moved before its protocol's entry into force).
        let (_d, l, record) = fresh();
        untrigger(&l);
        let (facts, _) = l.read_checked().unwrap();
        let mut stored: Vec<StoredFact> = facts.iter().filter_map(StoredFact::from_fact).collect();
        let i = stored
            .iter()
            .position(|f| {
                f.meta.kind == "accession_deposited"
                    && f.meta.states == vec![opendoor_core::StateCode::iso2(b"FI")]
            })
            .unwrap();
        stored[i].event.date = "2022-08-01".parse().unwrap();
        l.conn()
            .execute_batch("DELETE FROM ledger; DELETE FROM head;")
            .unwrap();
        let mut l = l;
        l.append(&stored).unwrap();
        match l.verify(&record, None) {
            Err(LedgerError::Bad { problem, .. }) => {
                assert!(problem.contains("rules"), "{problem}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn expect_head_catches_a_rechained_ledger() {
        let (_d, l, record) = fresh();
        let head = l.verify(&record, None).unwrap().head.hash;
        assert!(l.verify(&record, Some(&head)).is_ok());
        assert!(l.verify(&record, Some("00ff")).is_err());
    }
}

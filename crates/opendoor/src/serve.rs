//! The shell commands around the ledger and the server: `serve`, `verify`, `ledger-stress`.

use crate::cli::{today, Failure};
use crate::ledger::{Ledger, LedgerError};
use crate::server::{router, shutdown_signal, App};
use opendoor_record::{replay, Record, StoredFact};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

fn broken(e: impl std::fmt::Display) -> Failure {
    Failure {
        message: e.to_string(),
        code: 1,
    }
}

/// Builds the application state from the ledger (seeding it from the record when new).
pub fn app_from_ledger(db: &Path) -> Result<(App, bool), Failure> {
    let mut record = Record::embedded().map_err(broken)?;
    let (ledger, created) = Ledger::open_seeded(db, &record).map_err(|e| Failure {
        message: format!("cannot open the ledger {}: {e}", db.display()),
        code: 1,
    })?;
    let (facts, head) = ledger.facts().map_err(|e| Failure {
        message: format!(
            "the ledger {} does not check out: {e}. Run `opendoor verify --db {}` for details, or move the file away to start from the built-in record",
            db.display(),
            db.display()
        ),
        code: 1,
    })?;
    record.facts = facts;
    let r = replay(record.engine(), &record.facts);
    if let Some((e, v)) = r.violations().next() {
        return Err(Failure {
            message: format!(
                "the ledger's fact {} is refused by the rules: {v}",
                record.facts[e.fact].id
            ),
            code: 1,
        });
    }
    let coverage = opendoor_coverage::Coverage::load().map_err(|e| Failure {
        message: format!("the built-in geography is broken: {e:?}"),
        code: 1,
    })?;
    Ok((
        App {
            record,
            replay: r,
            head,
            today: today(),
            coverage,
        },
        created,
    ))
}

pub fn serve(addr: &str, db: &Path) -> Result<ExitCode, Failure> {
    tracing_subscriber::fmt()
        .json()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let (app, created) = app_from_ledger(db)?;
    let entries = app.head.entries;
    let head = app.head.hash.clone();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(broken)?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
            Failure::input(format!(
                "cannot listen on {addr}: {e}; choose another with --addr 127.0.0.1:PORT"
            ))
        })?;
        let local = listener.local_addr().map_err(broken)?;
        println!("opendoor: serving the explorer on http://{local}/  (API: http://{local}/api/v1/openapi.json)");
        println!(
            "opendoor: ledger {} ({}, {entries} entries, head {head}); Ctrl-C to stop",
            db.display(),
            if created { "created and seeded from the built-in record" } else { "verified" }
        );
        let _ = std::io::stdout().flush();
        tracing::info!(addr = %local, ledger = %db.display(), entries, "serving");
        axum::serve(listener, router(Arc::new(app)))
            .with_graceful_shutdown(shutdown_signal())
            .await
            .map_err(broken)?;
        Ok(ExitCode::SUCCESS)
    })
}

pub fn verify(db: &Path, expect_head: Option<&str>, json: bool) -> Result<ExitCode, Failure> {
    if !db.exists() {
        return Err(Failure::input(format!(
            "no ledger at {}: `opendoor serve --db {}` creates one",
            db.display(),
            db.display()
        )));
    }
    let record = Record::embedded().map_err(broken)?;
    let ledger = Ledger::open(db).map_err(broken)?;
    match ledger.verify(&record, expect_head) {
        Ok(v) => {
            if json {
                println!("{}", serde_json::json!({"ok": true, "ledger": v}));
            } else {
                println!(
                    "ok: {} entries, chain intact, replayed through the rules ({} events); head {}",
                    v.head.entries, v.events_applied, v.head.hash
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            let seq = match &e {
                LedgerError::Bad { seq, .. } => Some(*seq),
                _ => None,
            };
            if json {
                println!(
                    "{}",
                    serde_json::json!({"ok": false, "first_bad_entry": seq, "error": e.to_string()})
                );
            } else {
                println!("FAILED: {e}");
            }
            Ok(ExitCode::from(1))
        }
    }
}

pub fn ledger_stress(db: &Path, count: u64) -> Result<ExitCode, Failure> {
    let record = Record::embedded().map_err(broken)?;
    let (mut ledger, _) = Ledger::open_seeded(db, &record).map_err(broken)?;
    let (facts, _) = ledger.facts().map_err(broken)?;
    let mut date = facts
        .iter()
        .map(|f| f.date)
        .max()
        .unwrap_or(record.treaty.signed);
    let norway = opendoor_core::StateCode::iso2(b"NO");
    let mut out = std::io::stdout().lock();
    for i in 0..count {
        date = date.tomorrow().map_err(broken)?;
        let fact = StoredFact {
            meta: opendoor_record::FactMeta {
                id: format!("ledger-stress#{i}"),
                kind: "article4_request".into(),
                states: vec![norway],
                summary: Some("synthetic entry (durability test)".into()),
                source: Some("opendoor ledger-stress (test data, not a historical fact)".into()),
                ..Default::default()
            },
            event: opendoor_core::Event {
                date,
                kind: opendoor_core::EventKind::Article4Request {
                    requested_by: vec![norway],
                },
            },
        };
        let seq = ledger.append(&[fact]).map_err(broken)?;
        writeln!(out, "acked {seq}").map_err(broken)?;
        out.flush().map_err(broken)?;
    }
    Ok(ExitCode::SUCCESS)
}

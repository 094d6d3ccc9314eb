//! Argument parsing and dispatch. Every query has a readable default and `--json`.

use crate::render;
use clap::{Parser, Subcommand};
use opendoor_core::{rules, Date, StateCode};
use opendoor_record::query::{self, TimelineFilter};
use opendoor_record::{raw, replay, scenario, Record, Replay};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "opendoor",
    version,
    about = "The North Atlantic Treaty's open-door machinery, executable and inspectable",
    long_about = "opendoor encodes the North Atlantic Treaty's rules for membership and decisions \
                  (Articles 4, 5, 6, 9, 10, 11, 13) and replays the verified record since 1949 \
                  through them. Every query prints a readable table, or JSON with --json."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The Parties for which the treaty was in force on a date.
    Members {
        /// YYYY-MM-DD (default: today).
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One state's position under the treaty on a date.
    Status {
        /// ISO 3166-1 alpha-2 code (UA) or English name ("Ukraine").
        code: String,
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The steps taken and the steps left to membership, with who decides each.
    Path {
        code: String,
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Each Ally's ratification of a candidate's accession protocol.
    Ratifications {
        candidate: String,
        #[arg(long)]
        json: bool,
    },
    /// What the record does not know yet: per protocol, the Allies whose parliamentary stage or
    /// deposit is undated, and the founders' deposits.
    Gaps {
        #[arg(long)]
        json: bool,
    },
    /// Article 4 consultations and Article 5 determinations, one entry per occasion.
    Invocations {
        /// 4 or 5 (default: both).
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(["4", "5"]))]
        article: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The record in date order, with what the rules made of each fact.
    Timeline {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        country: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The rule catalogue: id, article, summary.
    Rules {
        #[arg(long)]
        json: bool,
    },
    /// The states opendoor knows (codes, COW numbers, Europeanness).
    States {
        #[arg(long)]
        json: bool,
    },
    /// Replays a what-if scenario (TOML) on the record, or from scratch. Exit 3 if refused.
    Apply {
        file: std::path::PathBuf,
        /// Start from an empty history instead of the record.
        #[arg(long)]
        from_scratch: bool,
        #[arg(long)]
        json: bool,
    },
    /// Article 6: would an armed attack here (or on an Ally's forces here) fall under Article 5?
    Covered {
        #[arg(long, allow_hyphen_values = true)]
        lat: Option<f64>,
        #[arg(long, allow_hyphen_values = true)]
        lon: Option<f64>,
        /// A named territory instead of coordinates ("Svalbard", "Hawaii", "Canary Islands").
        #[arg(long)]
        place: Option<String>,
        #[arg(long)]
        on: Option<String>,
        /// Ask about an Ally's forces, vessels or aircraft at that point (Art. 6(2)).
        #[arg(long)]
        forces: bool,
        #[arg(long)]
        json: bool,
    },
    /// When would a candidate join, and which Ally would be last? Monte Carlo from the record's
    /// own ratification lags. `--backtest` scores the model on past protocols.
    Forecast {
        /// Candidate (code or name); not needed with --backtest.
        candidate: Option<String>,
        /// Start date (default today). With no protocol signed, a hypothetical signature then.
        #[arg(long)]
        from: Option<String>,
        #[arg(long, default_value_t = 1_000_000)]
        trials: u64,
        #[arg(long, default_value_t = 1949)]
        seed: u64,
        /// HU=2027-06-01 (holds out until), HU+120 (adds days), HU@0.2 (refuses with probability).
        #[arg(long = "hold-out")]
        hold_out: Vec<String>,
        /// Write an SVG chart of the cumulative probability.
        #[arg(long)]
        plot: Option<std::path::PathBuf>,
        /// Forecast every past protocol from what the record knew before its signature.
        #[arg(long)]
        backtest: bool,
        #[arg(long)]
        json: bool,
    },
    /// Research exports: events with sources, membership spells (ISO and COW codes), the
    /// ratification table with lags, Article 4/5 occasions.
    Export {
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(["csv", "json", "sqlite"]))]
        format: String,
        /// A directory for csv, a file for json and sqlite.
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Serves the explorer and the JSON API on the ledger (created and seeded on first run).
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:7949")]
        addr: String,
        /// The ledger file (SQLite).
        #[arg(long, default_value = crate::ledger::DEFAULT_PATH)]
        db: std::path::PathBuf,
    },
    /// Re-checks the ledger's hash chain and replays it through the rules. Exit 1 names the
    /// first bad entry.
    Verify {
        #[arg(long, default_value = crate::ledger::DEFAULT_PATH)]
        db: std::path::PathBuf,
        /// The head hash you kept from an earlier verify: catches entries added or removed since.
        #[arg(long)]
        expect_head: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// (Tests) Appends synthetic Article 4 requests to a ledger, printing each acknowledged
    /// sequence number; used to kill the process mid-append and check durability.
    #[command(hide = true)]
    LedgerStress {
        #[arg(long)]
        db: std::path::PathBuf,
        #[arg(long, default_value_t = 1_000_000)]
        count: u64,
    },
    /// Checks the built-in record: loads it and replays it through the rules.
    Check {
        #[arg(long)]
        json: bool,
    },
}

/// A failure the user can fix: message and exit code.
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    pub fn input(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            code: 2,
        }
    }
}

type Out = Result<ExitCode, Failure>;

pub fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

pub fn parse_date_arg(flag: &str, text: &str) -> Result<Date, Failure> {
    raw::parse_date(text).map_err(|m| Failure::input(format!("--{flag}: {m}")))
}

fn date_or_today(flag: &str, v: &Option<String>) -> Result<Date, Failure> {
    v.as_deref()
        .map(|t| parse_date_arg(flag, t))
        .unwrap_or_else(|| Ok(today()))
}

pub fn resolve_state(record: &Record, text: &str) -> Result<StateCode, Failure> {
    record.gazetteer.lookup(text).map(|s| s.code).ok_or_else(|| {
        Failure::input(format!(
            "unknown state `{}`: give an ISO 3166-1 alpha-2 code (UA, GE, FI) or an English name; `opendoor states` lists them",
            text.escape_debug()
        ))
    })
}

fn print_json<T: serde::Serialize>(v: &T) -> Result<(), Failure> {
    let s = serde_json::to_string_pretty(v).map_err(|e| Failure {
        message: format!("could not write JSON: {e}"),
        code: 1,
    })?;
    println!("{s}");
    Ok(())
}

pub fn load() -> Result<(Record, Replay), Failure> {
    let record = Record::embedded().map_err(|e| Failure {
        message: format!("the built-in record is broken: {e}"),
        code: 1,
    })?;
    let r = replay(record.engine(), &record.facts);
    Ok((record, r))
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve { .. }) {
        quiet_on_closed_pipe();
    }
    match dispatch(cli.command) {
        Ok(code) => code,
        Err(f) => {
            eprintln!("opendoor: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

/// `opendoor gaps | head` should stop quietly when `head` closes the pipe, as Unix tools do,
/// rather than panic on a failed print. Rust ignores SIGPIPE by default; a query command restores
/// the default action. The server keeps ignoring it (a client hanging up must not kill it).
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any thread is spawned; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn dispatch(cmd: Command) -> Out {
    match cmd {
        Command::Rules { json } => {
            let t = opendoor_core::TreatyDefinition::north_atlantic();
            let entries = rules::entries(&t);
            if json {
                print_json(&entries)?;
            } else {
                render::rules(&entries);
            }
        }
        Command::States { json } => {
            let (record, _) = load()?;
            let states: Vec<_> = record.gazetteer.iter().collect();
            if json {
                print_json(&states)?;
            } else {
                render::states(&states);
            }
        }
        Command::Members { on, json } => {
            let on = date_or_today("on", &on)?;
            let (record, r) = load()?;
            let members = query::members(&record, &r, on);
            if json {
                print_json(&members)?;
            } else {
                render::members(on, &members);
            }
        }
        Command::Status { code, on, json } => {
            let on = date_or_today("on", &on)?;
            let (record, r) = load()?;
            let code = resolve_state(&record, &code)?;
            let s = query::status(&record, &r, code, on);
            if json {
                print_json(&s)?;
            } else {
                render::status(&s);
            }
        }
        Command::Path { code, on, json } => {
            let on = date_or_today("on", &on)?;
            let (record, r) = load()?;
            let code = resolve_state(&record, &code)?;
            let p = query::path(&record, &r, code, on);
            if json {
                print_json(&p)?;
            } else {
                render::path(&p);
            }
        }
        Command::Ratifications { candidate, json } => {
            let (record, _) = load()?;
            let code = resolve_state(&record, &candidate)?;
            let t = query::ratifications(&record, code).ok_or_else(|| {
                let known: Vec<String> = record
                    .accessions
                    .iter()
                    .flat_map(|a| a.data.candidates.iter().map(|c| c.to_string()))
                    .collect();
                Failure::input(format!(
                    "the record has no accession protocol for {}; protocols exist for: {}",
                    record.gazetteer.name(code),
                    known.join(", ")
                ))
            })?;
            if json {
                print_json(&t)?;
            } else {
                render::ratifications(&t);
            }
        }
        Command::Gaps { json } => {
            let (record, _) = load()?;
            let g = query::gaps(&record);
            if json {
                print_json(&g)?;
            } else {
                render::gaps(&g);
            }
        }
        Command::Invocations { article, json } => {
            let (record, _) = load()?;
            let art = article.and_then(|a| a.parse::<u16>().ok());
            let v = query::invocations(&record, art);
            if json {
                print_json(&v)?;
            } else {
                render::invocations(&v);
            }
        }
        Command::Timeline {
            from,
            to,
            country,
            json,
        } => {
            let (record, r) = load()?;
            let filter = TimelineFilter {
                from: from
                    .as_deref()
                    .map(|t| parse_date_arg("from", t))
                    .transpose()?,
                to: to.as_deref().map(|t| parse_date_arg("to", t)).transpose()?,
                country: country
                    .as_deref()
                    .map(|c| resolve_state(&record, c))
                    .transpose()?,
            };
            let items = query::timeline(&record.facts, &r, &filter);
            if json {
                print_json(&items)?;
            } else {
                render::timeline(&items);
            }
        }
        Command::Apply {
            file,
            from_scratch,
            json,
        } => {
            let name = file.display().to_string();
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Failure::input(format!("cannot read scenario {name}: {e}")))?;
            let sc = scenario::parse(&name, &text).map_err(|e| Failure::input(e.to_string()))?;
            let (record, _) = load()?;
            let (eval, _) = scenario::evaluate(&record, &sc, from_scratch);
            if json {
                print_json(&eval)?;
            } else {
                render::evaluation(&record, &eval);
            }
            if !eval.ok {
                return Ok(ExitCode::from(3));
            }
        }
        Command::Forecast {
            candidate,
            from,
            trials,
            seed,
            hold_out,
            plot,
            backtest,
            json,
        } => {
            return forecast_cmd(
                candidate, from, trials, seed, hold_out, plot, backtest, json,
            )
        }
        Command::Covered {
            lat,
            lon,
            place,
            on,
            forces,
            json,
        } => {
            let on = date_or_today("on", &on)?;
            let coverage = opendoor_coverage::Coverage::load().map_err(|e| Failure {
                message: format!("the built-in geography is broken: {e:?}"),
                code: 1,
            })?;
            let (lat, lon, label) = match (lat, lon, &place) {
                (_, _, Some(name)) => {
                    let p = coverage.place(name).ok_or_else(|| {
                        Failure::input(format!(
                            "unknown place `{}`: give a territory or state name (\"Svalbard\", \"Hawaii\", \"Canary Islands\"), or --lat and --lon",
                            name.escape_debug()
                        ))
                    })?;
                    (p.lat, p.lon, Some(p.name))
                }
                (Some(lat), Some(lon), None) => (lat, lon, None),
                _ => return Err(Failure::input("give --lat and --lon (decimal degrees, north and east positive), or --place NAME")),
            };
            let (_, r) = load()?;
            let q = opendoor_coverage::Query {
                lat,
                lon,
                on,
                forces,
            };
            let answer = coverage
                .covered(&q, &crate::membership::RecordMembership(&r))
                .map_err(|e| Failure::input(e.to_string()))?;
            if json {
                print_json(&answer)?;
            } else {
                render::covered(label.as_deref(), lat, lon, on, forces, &answer);
            }
        }
        Command::Export { format, out } => {
            let (record, r) = load()?;
            let d = crate::export::dataset(&record, &r);
            let fail = |m: String| Failure::input(format!("cannot write the export: {m}"));
            match format.as_str() {
                "csv" => {
                    for f in crate::export::to_csv(&d, &out).map_err(fail)? {
                        println!("wrote {f}");
                    }
                }
                "json" => {
                    crate::export::to_json(&d, &out).map_err(fail)?;
                    println!("wrote {}", out.display());
                }
                _ => {
                    crate::export::to_sqlite(&d, &out).map_err(fail)?;
                    println!(
                        "wrote {} (tables events, membership_spells, ratifications, occasions; views parties_today, enlargement_waves, ratification_lags_by_protocol, ratification_lags_by_ally, article4_occasions, article5_occasions). Browse it: pip install datasette && datasette {}",
                        out.display(),
                        out.display()
                    );
                }
            }
            println!(
                "{} events, {} membership spells, {} ratification rows, {} Article 4/5 occasions",
                d.events.len(),
                d.membership_spells.len(),
                d.ratifications.len(),
                d.occasions.len()
            );
        }
        Command::Serve { addr, db } => return crate::serve::serve(&addr, &db),
        Command::Verify {
            db,
            expect_head,
            json,
        } => return crate::serve::verify(&db, expect_head.as_deref(), json),
        Command::LedgerStress { db, count } => return crate::serve::ledger_stress(&db, count),
        Command::Check { json } => {
            let (record, r) = load()?;
            let violations: Vec<_> = r
                .violations()
                .map(|(e, v)| (record.facts[e.fact].id.clone(), e.event.date, v.clone()))
                .collect();
            let report = serde_json::json!({
                "facts": record.facts.len(),
                "undated_facts": record.undated.len(),
                "accession_protocols": record.accessions.len(),
                "states": record.gazetteer.len(),
                "events_applied": r.entries.len(),
                "violations": violations.iter().map(|(id, d, v)| serde_json::json!({"id": id, "date": d, "violation": v})).collect::<Vec<_>>(),
            });
            if json {
                print_json(&report)?;
            } else {
                println!(
                    "{} facts ({} undated), {} accession protocols, {} states; {} events applied; {} violation(s)",
                    record.facts.len(),
                    record.undated.len(),
                    record.accessions.len(),
                    record.gazetteer.len(),
                    r.entries.len(),
                    violations.len()
                );
                for (id, d, v) in &violations {
                    println!("  {d} {id}: {v}");
                }
            }
            if !violations.is_empty() {
                return Ok(ExitCode::from(3));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::too_many_arguments)]
fn forecast_cmd(
    candidate: Option<String>,
    from: Option<String>,
    trials: u64,
    seed: u64,
    hold_out: Vec<String>,
    plot: Option<std::path::PathBuf>,
    backtest: bool,
    json: bool,
) -> Out {
    use std::io::IsTerminal;
    if trials == 0 {
        return Err(Failure::input("--trials must be at least 1"));
    }
    let (record, r) = load()?;
    if backtest {
        let b = opendoor_forecast::backtest(&record, &r, trials.min(200_000), seed);
        if json {
            print_json(&b)?;
        } else {
            print!("{}", b.render_text());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(candidate) = candidate else {
        return Err(Failure::input(
            "name a candidate (opendoor forecast UA), or use --backtest",
        ));
    };
    let code = resolve_state(&record, &candidate)?;
    let overrides = hold_out
        .iter()
        .map(|h| {
            opendoor_forecast::parse_override(h)
                .map_err(|e| Failure::input(format!("--hold-out {h}: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let opts = opendoor_forecast::Options {
        from: Some(date_or_today("from", &from)?),
        trials,
        seed,
        overrides,
        ..Default::default()
    };
    let prepared = opendoor_forecast::prepare(&record, &r, code, &opts)
        .map_err(|e| Failure::input(e.to_string()))?;
    let bar = (!json && std::io::stderr().is_terminal() && trials >= 100_000).then(|| {
        let b = indicatif::ProgressBar::new(trials);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} trials ({eta})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let f = prepared.run(&|done, _total| {
        if let Some(b) = &bar {
            b.set_position(done);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if let Some(path) = &plot {
        std::fs::write(path, opendoor_forecast::svg(&f))
            .map_err(|e| Failure::input(format!("cannot write {}: {e}", path.display())))?;
        if !json {
            eprintln!("wrote {}", path.display());
        }
    }
    if json {
        print_json(&f)?;
    } else {
        print!("{}", f.render_text());
    }
    Ok(ExitCode::SUCCESS)
}

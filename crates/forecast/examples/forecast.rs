//! A stand-alone forecast, for timing the whole process (bench/forecast.sh) and for trying the
//! library before the CLI wires it:
//!
//! ```sh
//! cargo run --release -p opendoor-forecast --example forecast -- UA --from 2026-01-01 \
//!     [--trials N] [--seed S] [--threads T] [--hold-out HU=2027-06-01 ...] [--stage invitation] \
//!     [--json] [--quiet] [--timing] [--plot FILE.svg] [--params FILE.json] [--backtest]
//! ```

use opendoor_core::StateCode;
use opendoor_forecast::{backtest_with, parse_override, prepare, svg, Options, Stage};
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut opts = Options::default();
    let mut candidate = None;
    let (mut json, mut quiet, mut bt, mut timing) = (false, false, false, false);
    let (mut plot, mut params) = (None, None);
    let mut i = 0;
    let val = |i: usize| args.get(i + 1).cloned().ok_or("missing value".to_string());
    while i < args.len() {
        match args[i].as_str() {
            "--from" => {
                opts.from = Some(val(i)?.parse().map_err(|e| format!("--from: {e}"))?);
                i += 1;
            }
            "--trials" => {
                opts.trials = val(i)?.parse().map_err(|e| format!("--trials: {e}"))?;
                i += 1;
            }
            "--seed" => {
                opts.seed = val(i)?.parse().map_err(|e| format!("--seed: {e}"))?;
                i += 1;
            }
            "--threads" => {
                opts.threads = val(i)?.parse().map_err(|e| format!("--threads: {e}"))?;
                i += 1;
            }
            "--hold-out" => {
                opts.overrides
                    .push(parse_override(&val(i)?).map_err(|e| e.to_string())?);
                i += 1;
            }
            "--stage" => {
                opts.stage = match val(i)?.as_str() {
                    "invitation" => Stage::Invitation,
                    _ => Stage::Signature,
                };
                i += 1;
            }
            "--plot" => {
                plot = Some(val(i)?);
                i += 1;
            }
            "--params" => {
                params = Some(val(i)?);
                i += 1;
            }
            "--json" => json = true,
            "--quiet" => quiet = true,
            "--timing" => timing = true,
            "--backtest" => bt = true,
            other => candidate = Some(StateCode::parse(other).map_err(|e| e.to_string())?),
        }
        i += 1;
    }
    let record = opendoor_record::Record::embedded().map_err(|e| e.to_string())?;
    let replay = opendoor_record::replay(record.engine(), &record.facts);
    if bt {
        let b = backtest_with(&record, &replay, &opts);
        if json {
            println!(
                "{}",
                serde_json::to_string_pretty(&b).map_err(|e| e.to_string())?
            );
        } else {
            print!("{b}");
        }
        return Ok(());
    }
    let candidate = candidate.ok_or("usage: forecast CANDIDATE [options]")?;
    let t0 = std::time::Instant::now();
    let prepared = prepare(&record, &replay, candidate, &opts).map_err(|e| e.to_string())?;
    let t1 = std::time::Instant::now();
    if let Some(p) = params {
        let text = serde_json::to_string(&prepared.params()).map_err(|e| e.to_string())?;
        std::fs::write(&p, text).map_err(|e| format!("{p}: {e}"))?;
    }
    let f = prepared.run(&|_, _| {});
    if timing {
        eprintln!(
            "prepare_ms {:.2} run_ms {:.2}",
            (t1 - t0).as_secs_f64() * 1e3,
            t1.elapsed().as_secs_f64() * 1e3
        );
    }
    if let Some(p) = plot {
        std::fs::write(&p, svg(&f)).map_err(|e| format!("{p}: {e}"))?;
    }
    if quiet {
        println!(
            "p10 {:?} p50 {:?} p90 {:?}",
            f.quantiles.p10, f.quantiles.p50, f.quantiles.p90
        );
    } else if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&f).map_err(|e| e.to_string())?
        );
    } else {
        print!("{f}");
    }
    Ok(())
}

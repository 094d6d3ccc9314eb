//! `opendoor`: the command-line shell around the pure core and the record.

mod cli;
mod ledger;
mod render;
mod serve;
mod server;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}

//! `opendoor`: the command-line shell around the pure core and the record.

mod cli;
mod render;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}

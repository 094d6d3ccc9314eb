//! `opendoor`: the command-line entry point.

use std::process::ExitCode;

fn main() -> ExitCode {
    opendoor::cli::run()
}

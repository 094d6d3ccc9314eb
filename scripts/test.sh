#!/usr/bin/env bash
# The test command (README): everything, on a fresh machine.
#   1. cargo test --workspace  (unit, property, snapshot, record, API, ledger tests)
#   2. the browser end-to-end tests, when the explorer exists (installs Debian's chromium if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
cargo test --workspace --release
if [ -f tests/e2e/run.sh ]; then
  bash tests/e2e/run.sh
fi

#!/usr/bin/env bash
# The core's criterion benchmarks (issue 2): 1,000,000 synthetic events over 1,000 states, and
# state-on-a-date lookups. Results: target/criterion/.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p opendoor-core --bench fold -- "$@"

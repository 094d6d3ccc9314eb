#!/usr/bin/env bash
# Browser end-to-end tests: installs Debian's chromium when missing, starts `opendoor serve` on a
# free loopback port with a fresh ledger, runs explorer.mjs (playwright-core), stops the server.
# Screenshots go to target/e2e/.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null 2>&1; then
  echo "e2e: installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null
fi
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
cargo build --release --quiet
tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${CARGO_TARGET_DIR:-target}/release/opendoor" serve --addr "127.0.0.1:$port" --db "$tmp/ledger.sqlite" >"$tmp/out" 2>"$tmp/err" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break
  sleep 0.1
done
BASE="http://127.0.0.1:$port" SHOTS=target/e2e node tests/e2e/explorer.mjs

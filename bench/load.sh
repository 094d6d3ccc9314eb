#!/usr/bin/env bash
# Load test of `GET /api/v1/members?on=` (issue 4): wrk, 30 s, 64 connections, on loopback.
# Reports requests/s, latency percentiles, errors and the server's peak resident memory.
# Usage: bench/load.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-30}"; conns="${2:-64}"
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet
tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
RUST_LOG=warn "${CARGO_TARGET_DIR:-target}/release/opendoor" serve --addr "127.0.0.1:$port" --db "$tmp/l.sqlite" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.1; done
# A Lua script rotates through dates so the server cannot answer from one cached string.
cat > "$tmp/dates.lua" <<'LUA'
local dates = {"1949-08-24", "1960-01-01", "1982-05-30", "1999-03-12", "2004-03-29", "2009-04-01", "2020-03-27", "2024-03-07"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/members?on=" .. dates[(i % #dates) + 1])
end
LUA
wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$tmp/dates.lua" "http://127.0.0.1:$port" | tee "$tmp/wrk.out"
rss_kb=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
echo "server peak resident memory (VmHWM): $((rss_kb / 1024)) MB"

#!/usr/bin/env bash
# Times the Rust forecast (the whole process: load the record, replay, fit, tables, trials) and
# the NumPy implementation of the same sampling (bench/forecast_numpy.py), and reports the
# ratio. Also: peak resident memory of the Rust process at 10,000,000 trials (/usr/bin/time -v).
#
#   bench/forecast.sh                # 1,000,000 trials x 32 Allies, 15 runs each
#   TRIALS=200000 RUNS=5 bench/forecast.sh
#
# Uses CARGO_TARGET_DIR if set (default: target). Needs python3 with numpy.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
TRIALS=${TRIALS:-1000000}
RUNS=${RUNS:-15}
FROM=2026-01-01
cargo build --release -q -p opendoor-forecast --example forecast
BIN="$TARGET/release/examples/forecast"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "machine: nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "case: UA, hypothetical signature on $FROM, $TRIALS trials x 32 Allies, seed 1949"

"$BIN" UA --from "$FROM" --trials 1 --params "$WORK/params.json" --quiet > /dev/null
"$BIN" UA --from "$FROM" --trials "$TRIALS" --json > "$WORK/rust.json"

python3 - "$BIN" "$FROM" "$TRIALS" "$RUNS" "$WORK" <<'PY'
import json, statistics, subprocess, sys, time
bin_, frm, trials, runs, work = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]

def wall(cmd):
    ts, outs = [], []
    for _ in range(runs):
        t = time.perf_counter()
        r = subprocess.run(cmd, check=True, capture_output=True, text=True)
        ts.append(time.perf_counter() - t)
        outs.append(r)
    return ts, outs

rust_cmd = [bin_, "UA", "--from", frm, "--trials", trials, "--quiet", "--timing"]
np_cmd = [sys.executable, "bench/forecast_numpy.py", f"{work}/params.json", "--trials", trials, "--json"]
rt, rout = wall(rust_cmd)
nt, nout = wall(np_cmd)
rust_run = [float(o.stderr.split("run_ms")[1]) / 1e3 for o in rout]
rust_prep = [float(o.stderr.split("prepare_ms")[1].split()[0]) / 1e3 for o in rout]
np_json = [json.loads(o.stdout) for o in nout]
np_samp = [j["seconds_sampling"] for j in np_json]
med = statistics.median
print(f"rust  whole process: min {min(rt)*1e3:7.1f} ms  median {med(rt)*1e3:7.1f} ms   "
      f"(fit+tables median {med(rust_prep)*1e3:.1f} ms, trials median {med(rust_run)*1e3:.1f} ms)")
print(f"numpy whole process: min {min(nt)*1e3:7.1f} ms  median {med(nt)*1e3:7.1f} ms   "
      f"(sampling median {med(np_samp)*1e3:.1f} ms)")
print(f"ratio numpy/rust: whole process {med(nt)/med(rt):.1f}x (median), "
      f"sampling only {med(np_samp)/med(rust_run):.1f}x")
rq = json.load(open(f"{work}/rust.json"))["quantiles"]
print(f"quantiles rust  {rq}")
print(f"quantiles numpy {np_json[0]['quantiles']}  (exact log-normal draws, not tables)")
PY

echo "peak memory (10,000,000 trials):"
/usr/bin/time -v "$BIN" UA --from "$FROM" --trials 10000000 --quiet 2> "$WORK/time.txt" > /dev/null
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$WORK/time.txt" | sed 's/^\s*/  /'
echo "peak memory (1,000,000 trials):"
/usr/bin/time -v "$BIN" UA --from "$FROM" --trials 1000000 --quiet 2> "$WORK/time.txt" > /dev/null
grep -E "Maximum resident set size" "$WORK/time.txt" | sed 's/^\s*/  /'

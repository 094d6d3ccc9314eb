#!/usr/bin/env bash
# Cold start of a query (issue 3): `opendoor members --on 2004-03-29 --json`, whole process,
# measured with hyperfine (warm-up runs, then the median of many).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
cargo build --release --quiet
hyperfine -N --warmup 5 --runs 200 "${CARGO_TARGET_DIR:-target}/release/opendoor members --on 2004-03-29 --json" --export-json /tmp/opendoor-cold.json
python3 -c "import json; r=json.load(open('/tmp/opendoor-cold.json'))['results'][0]; print('median %.2f ms' % (r['median']*1000))"

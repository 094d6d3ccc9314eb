#!/usr/bin/env python3
"""A straightforward vectorised NumPy implementation of opendoor-forecast's sampling.

Same model, same parameters: it reads the posterior scenarios the Rust crate fitted (export
them with `forecast UA --from 2026-01-01 --params FILE.json`, the example in
crates/forecast/examples), then, like the Rust engine:

  - stratifies the trials over the K scenarios (scenario k gets trials // K, the first
    trials % K one more);
  - draws every Ally's parliamentary lag, exp(mu[k, a] + sigma[k] * z) - 1 floored at 0;
  - takes the latest (and who it was), adds one deposit delay (the last Ally's) and the
    candidate's own delay, both log-normal in ln(1 + days);
  - counts whole days in a histogram (50 years, then one "later" bin).

It draws exact log-normals where Rust reads inverse-CDF tables, so the quantiles agreeing
within Monte Carlo error also checks the tables. Only the benchmark's case is supported: a
hypothetical signature (no Ally conditioned on elapsed time, no overrides, no invitation
stage); the script refuses anything else.

Usage: forecast_numpy.py PARAMS.json [--trials N] [--seed S] [--json]
"""

import time

T_START = time.perf_counter()

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402

T_IMPORTED = time.perf_counter()


def sample(params, trials, seed):
    lag = np.asarray(params["lag"], dtype=np.float64)  # [K][A][mu, sigma]
    mu, sigma = lag[:, :, 0], lag[:, :, 1]
    dep = np.asarray(params["deposit"], dtype=np.float64)  # [K][mu, sigma]
    acc = np.asarray(params["accession"], dtype=np.float64)
    k_n, a_n = mu.shape
    horizon = int(params["horizon_days"])
    rng = np.random.default_rng(seed)
    hist = np.zeros(horizon + 1, dtype=np.int64)
    last = np.zeros(a_n, dtype=np.int64)
    counts = trials // k_n + (np.arange(k_n) < trials % k_n)
    for k in range(k_n):
        n = int(counts[k])
        if n == 0:
            continue
        z = rng.standard_normal((n, a_n))
        p = np.exp(mu[k] + sigma[k] * z)
        p -= 1.0
        np.maximum(p, 0.0, out=p)
        who = p.argmax(axis=1)
        latest = p[np.arange(n), who]
        d = np.maximum(np.exp(dep[k, 0] + dep[k, 1] * rng.standard_normal(n)) - 1.0, 0.0)
        c = np.maximum(np.exp(acc[k, 0] + acc[k, 1] * rng.standard_normal(n)) - 1.0, 0.0)
        days = np.minimum((latest + d + c).astype(np.int64), horizon)
        hist += np.bincount(days, minlength=horizon + 1)
        last += np.bincount(who, minlength=a_n)
    return hist, last


def quantile_days(hist, trials, q):
    cum = np.cumsum(hist[:-1])
    i = int(np.searchsorted(cum, np.ceil(q * trials)))
    return i if i < len(cum) else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("params")
    ap.add_argument("--trials", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1949)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    with open(a.params) as f:
        params = json.load(f)
    if params["start"]["kind"] != "hypothetical_signature":
        sys.exit("forecast_numpy.py: only a hypothetical signature is supported")
    t0 = time.perf_counter()
    hist, last = sample(params, a.trials, a.seed)
    t1 = time.perf_counter()
    start = dt.date.fromisoformat(params["from"])

    def as_date(d):
        return None if d is None else (start + dt.timedelta(days=d)).isoformat()

    q = {name: as_date(quantile_days(hist, a.trials, p))
         for name, p in (("p10", 0.1), ("p50", 0.5), ("p90", 0.9))}
    shares = {c: int(n) / a.trials for c, n in zip(params["allies"], last)}
    out = {
        "trials": a.trials,
        "allies": len(params["allies"]),
        "scenarios": len(params["lag"]),
        "quantiles": q,
        "last_ally_top": dict(sorted(shares.items(), key=lambda kv: -kv[1])[:5]),
        "seconds_import": round(T_IMPORTED - T_START, 4),
        "seconds_sampling": round(t1 - t0, 4),
        "seconds_total_in_python": round(time.perf_counter() - T_START, 4),
    }
    if a.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k}: {v}")


if __name__ == "__main__":
    main()

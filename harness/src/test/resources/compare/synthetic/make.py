#!/usr/bin/env python3
"""Writes base.json and new.json: JMH JSON (-rf json, JMH 1.37's shape) whose answers are known.

Run from this folder: python3 make.py. The files are committed; this script documents them.

  Synthetic.identical  kind=platform|virtual  the same samples on both sides           -> ~ , p = 1
  Synthetic.shifted    avgt                   +20% with 0.5% noise; new file in us/op  -> +20%, worse, REGRESSION
                       ·gc.alloc.rate.norm    old JMH's "·" prefix in base only; all 48 B/op -> paired, ~
                       gc.alloc.rate          one "NaN" iteration in base              -> left out, noted
                       custom.queue           "items" in base, "ms" in new             -> not compared (units)
  Synthetic.faster     thrpt                  +20%; base in ops/ms, new in ops/s       -> +20%, better
  Synthetic.tooFew     avgt, 3 iterations     doubled, but 3 + 3 samples               -> ~ , need >= 4
  Synthetic.extremes   avgt                   "+INF" and "-INF" samples, same both sides -> ~
  Synthetic.removed / Synthetic.added         on one side only                         -> listed
"""
import json
import random

rng = random.Random(20261128)


def noisy(center, rel, n):
    return [round(center * (1 + rng.uniform(-rel, rel)), 4) for _ in range(n)]


def forks(values, nforks):
    per = len(values) // nforks
    return [values[i * per:(i + 1) * per] for i in range(nforks)]


def num(v):
    if isinstance(v, str):
        return v
    return v


def metric(raw, unit):
    flat = [float(v) if not isinstance(v, str) else None for f in raw for v in f]
    finite = [v for v in flat if v is not None]
    score = sum(finite) / len(finite) if finite else "NaN"
    return {
        "score": score,
        "scoreError": "NaN",
        "scoreConfidence": [score, score],
        "scorePercentiles": {"0.0": min(finite), "50.0": sorted(finite)[len(finite) // 2], "100.0": max(finite)},
        "scoreUnit": unit,
        "rawData": raw,
    }


def bench(name, mode, unit, raw, params=None, secondary=None, jdk="25.0.3", iterations=5):
    b = {
        "jmhVersion": "1.37",
        "benchmark": "dev.leaklab.bench." + name,
        "mode": mode,
        "threads": 1,
        "forks": len(raw),
        "jvm": "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java",
        "jvmArgs": [],
        "jdkVersion": jdk,
        "vmName": "OpenJDK 64-Bit Server VM",
        "vmVersion": jdk + "+9-LTS",
        "warmupIterations": 2,
        "warmupTime": "200 ms",
        "warmupBatchSize": 1,
        "measurementIterations": iterations,
        "measurementTime": "200 ms",
        "measurementBatchSize": 1,
    }
    if params:
        b["params"] = params
    b["primaryMetric"] = metric(raw, unit)
    b["secondaryMetrics"] = secondary or {}
    return b


same_platform = noisy(2000, 0.05, 10)
same_virtual = noisy(900, 0.05, 10)
shift_base = noisy(100, 0.005, 10)
shift_new = [round(v * 1.2 / 1000, 7) for v in noisy(100, 0.005, 10)]  # us/op
fast_base = noisy(1000, 0.005, 10)
fast_new = [round(v * 1000, 1) for v in noisy(1200, 0.005, 10)]  # ops/s
rate_base = noisy(500, 0.01, 10)
rate_base[3] = "NaN"
rate_new = noisy(500, 0.01, 10)
extremes = [["-INF", 1.0, 2.0, 3.0, "+INF"], [4.0, 5.0, 6.0, 7.0, 8.0]]

base = [
    bench("Synthetic.identical", "avgt", "ns/op", forks(same_platform, 2), {"kind": "platform"}),
    bench("Synthetic.identical", "avgt", "ns/op", forks(same_virtual, 2), {"kind": "virtual"}),
    bench("Synthetic.shifted", "avgt", "ns/op", forks(shift_base, 2), secondary={
        "\u00b7gc.alloc.rate.norm": metric(forks([48.0] * 10, 2), "B/op"),
        "\u00b7gc.alloc.rate": metric(forks(rate_base, 2), "MB/sec"),
        "custom.queue": metric(forks([3.0] * 10, 2), "items"),
    }),
    bench("Synthetic.faster", "thrpt", "ops/ms", forks(fast_base, 2)),
    bench("Synthetic.tooFew", "avgt", "ns/op", [[100.0, 101.0, 102.0]], iterations=3),
    bench("Synthetic.extremes", "avgt", "ns/op", extremes),
    bench("Synthetic.removed", "avgt", "ns/op", forks(noisy(10, 0.01, 10), 2)),
]
new = [
    bench("Synthetic.identical", "avgt", "ns/op", forks(same_platform, 2), {"kind": "platform"}, jdk="25.0.4"),
    bench("Synthetic.identical", "avgt", "ns/op", forks(same_virtual, 2), {"kind": "virtual"}, jdk="25.0.4"),
    bench("Synthetic.shifted", "avgt", "us/op", forks(shift_new, 2), secondary={
        "gc.alloc.rate.norm": metric(forks([48.0] * 10, 2), "B/op"),
        "gc.alloc.rate": metric(forks(rate_new, 2), "MB/sec"),
        "custom.queue": metric(forks([3.0] * 10, 2), "ms"),
    }, jdk="25.0.4"),
    bench("Synthetic.faster", "thrpt", "ops/s", forks(fast_new, 2), jdk="25.0.4"),
    bench("Synthetic.tooFew", "avgt", "ns/op", [[200.0, 201.0, 202.0]], jdk="25.0.4", iterations=3),
    bench("Synthetic.extremes", "avgt", "ns/op", extremes, jdk="25.0.4"),
    bench("Synthetic.added", "avgt", "ns/op", forks(noisy(10, 0.01, 10), 2), jdk="25.0.4"),
]
for name, data in (("base.json", base), ("new.json", new)):
    with open(name, "w") as f:
        json.dump(data, f, indent=4, ensure_ascii=False)
        f.write("\n")

#!/usr/bin/env python3
"""Pairs run.sh's JMH files round by round: per round and background kind, the check's own cost is
cleanTestStartingAThread minus startAndJoinOnly (one JMH run, adjacent forks), and the ratio of the
two; printed as the median of the rounds with their min-max, and a bootstrap 95% interval of the
median (10,000 resamples of the rounds)."""
import glob, json, os, random, statistics, sys

out = sys.argv[1]
random.seed(27)

def load(path):
    rows = {}
    for b in json.load(open(path)):
        name = b["benchmark"].rsplit(".", 1)[1]
        rows[(name, b["params"]["kind"])] = b["primaryMetric"]["score"]
    return rows

def boot(xs):
    meds = sorted(statistics.median(random.choices(xs, k=len(xs))) for _ in range(10000))
    return meds[249], meds[9749]

for setup in ("noagent", "agent"):
    files = sorted(glob.glob(os.path.join(out, setup + "-[0-9]*.json")), key=lambda p: int(p.rsplit("-", 1)[1][:-5]))
    rounds = [load(f) for f in files]
    for kind in ("virtual", "platform"):
        diff = [r[("cleanTestStartingAThread", kind)] - r[("startAndJoinOnly", kind)] for r in rounds]
        ratio = [r[("cleanTestStartingAThread", kind)] / r[("startAndJoinOnly", kind)] for r in rounds]
        check = [r[("cleanTestStartingAThread", kind)] for r in rounds]
        alone = [r[("startAndJoinOnly", kind)] for r in rounds]
        lo, hi = boot(diff)
        rlo, rhi = boot(ratio)
        print(f"{setup:8} {kind:8} rounds={len(rounds)}"
              f" | with check {statistics.median(check):9.1f} ({min(check):.1f}-{max(check):.1f})"
              f" | alone {statistics.median(alone):8.1f} ({min(alone):.1f}-{max(alone):.1f})"
              f" | check's cost {statistics.median(diff):8.1f} us (rounds {min(diff):.1f} to {max(diff):.1f}; bootstrap 95% {lo:.1f} to {hi:.1f})"
              f" | ratio {statistics.median(ratio):.2f} ({min(ratio):.2f}-{max(ratio):.2f}; bootstrap {rlo:.2f}-{rhi:.2f})"
              )
    empty = os.path.join(out, "empty-" + setup + ".json")
    if os.path.exists(empty):
        e = json.load(open(empty))
        for b in e:
            print(f"{setup:8} {b['params']['kind']:8} cleanTest {b['primaryMetric']['score']:.2f} +- {b['primaryMetric']['scoreError']:.2f} us (JMH 99.9%)")

#!/usr/bin/env python3
"""cpool.sh's TSV: per round, each set-up's wall time over the run without leaklab in the same
round (the ratio), min-max over the rounds; and from OUT.classes each class's time, median of the
rounds, per set-up."""
import collections, statistics, sys

runs = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    runs[(f[0], f[1])][f[2]] = (float(f[3]), f[4], f[5])
for setup in ("extension", "extension+agent"):
    ratios = [r[setup][0] / r["without"][0] for r in runs.values() if setup in r and "without" in r]
    walls = [r[setup][0] for r in runs.values() if setup in r]
    if ratios:
        print(f"{setup:16} wall {statistics.median(walls):6.1f} s ({min(walls):.1f}-{max(walls):.1f}); "
              f"ratio to without {statistics.median(ratios):.3f} ({min(ratios):.3f}-{max(ratios):.3f}), {len(ratios)} pairs")
walls = [r["without"][0] for r in runs.values() if "without" in r]
print(f"{'without':16} wall {statistics.median(walls):6.1f} s ({min(walls):.1f}-{max(walls):.1f})")
try:
    classes = collections.defaultdict(lambda: collections.defaultdict(list))
    for line in open(sys.argv[1] + ".classes"):
        s, r, setup, cls, t = line.rstrip("\n").split("\t")
        classes[cls.rsplit(".", 1)[-1]][setup].append(float(t))
    print(f"{'class':45} {'without':>9} {'extension':>10} {'ext+agent':>10}")
    for cls in sorted(classes):
        c = classes[cls]
        cell = lambda k: f"{statistics.median(c[k]):.2f}" if c[k] else "-"
        print(f"{cls:45} {cell('without'):>9} {cell('extension'):>10} {cell('extension+agent'):>10}")
except FileNotFoundError:
    pass

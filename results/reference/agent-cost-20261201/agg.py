"""The headline of run.sh: mean µs per thread over every measured iteration, 95% interval
(1.96 standard errors), and the ratio to no agent with a 95% bootstrap interval; then the table."""
import glob, json, random, statistics as st, sys

d = sys.argv[1] if len(sys.argv) > 1 else "."

def raw(pattern):
    values = []
    for f in sorted(glob.glob(f"{d}/{pattern}")):
        for bench in json.load(open(f)):
            for fork in bench["primaryMetric"]["rawData"]:
                values += fork
    return values

def mean_ci(v):
    return st.mean(v), 1.96 * st.stdev(v) / len(v) ** 0.5

random.seed(1)
none = raw("none-*.json")
m, e = mean_ci(none)
print(f"| no agent | {len(none)} | {m:.3f} ± {e:.3f} | 1 |")
for label, pattern in [("an agent that does nothing", "empty-*.json"), ("leaklab agent, defaults (stack-rate=1000)", "def-*.json"),
                       ("leaklab agent, stack-rate=all", "all.json"), ("leaklab agent, depth=0", "d0.json")]:
    v = raw(pattern)
    mv, ev = mean_ci(v)
    ratios = sorted(st.mean(random.choices(v, k=len(v))) / st.mean(random.choices(none, k=len(none))) for _ in range(5000))
    print(f"| {label} | {len(v)} | {mv:.3f} ± {ev:.3f} | {mv / m:.2f}× ({ratios[125]:.2f}-{ratios[4875]:.2f}) |")
print()
for f in ("table-none.json", "table-def.json"):
    for b in json.load(open(f"{d}/{f}")):
        p, s = b["params"], b["primaryMetric"]
        print(f"{f[6:-5]:5} {b['benchmark'].split('.')[-1]:22} {p['kind']:8} recording={p['recording']:3} {s['score']:.3f} ± {s['scoreError']:.3f} {s['scoreUnit']}")

"""Aggregates run.sh: µs per thread (mean over every measured iteration, ±1.96 standard errors) and
each configuration's ratio to its baseline with a 95% bootstrap interval over the iterations."""
import glob, json, random, statistics as st, sys

d = sys.argv[1] if len(sys.argv) > 1 else "."
random.seed(1)

def raw(config, kind="virtual", recording="off"):
    values = []
    for f in sorted(glob.glob(f"{d}/{config}-[0-9]*.json")):
        for b in json.load(open(f)):
            if b["params"]["kind"] == kind and b["params"]["recording"] == recording:
                for fork in b["primaryMetric"]["rawData"]:
                    values += fork
    return values

def row(label, v, base):
    m, e = st.mean(v), 1.96 * st.stdev(v) / len(v) ** 0.5
    if base is None:
        return f"| {label} | {len(v)} | {m:.3f} ± {e:.3f} | 1 |"
    r = sorted(st.mean(random.choices(v, k=len(v))) / st.mean(random.choices(base, k=len(base))) for _ in range(4000))
    return f"| {label} | {len(v)} | {m:.3f} ± {e:.3f} | {m / st.mean(base):.2f}× ({r[100]:.2f}-{r[3900]:.2f}) |"

print("burst of 100 virtual threads, no recording; ratio to no agent")
print("| configuration | iterations | µs/thread | vs no agent (95%) |\n|---|---:|---:|---:|")
none = raw("none")
print(row("no agent", none, None))
for c, label in [("none+novt", "no agent, -DoJVMTIVirtualThreadTransitions"), ("empty", "an agent that does nothing"),
                 ("empty+novt", "an agent that does nothing, -DoJVMTIVirtualThreadTransitions"),
                 ("leaklab", "leaklab agent (defaults)"), ("leaklab+novt", "leaklab agent, -DoJVMTIVirtualThreadTransitions")]:
    v = raw(c)
    if v: print(row(label, v, none))
print("\nleaklab agent against an agent that does nothing, burst of 100 threads")
print("| kind | recording | empty agent µs/thread | leaklab µs/thread | leaklab / empty (95%) |\n|---|---|---:|---:|---:|")
for kind in ("platform", "virtual"):
    for rec in ("off", "on"):
        e, l = raw("empty", kind, rec), raw("leaklab", kind, rec)
        if e and l:
            r = sorted(st.mean(random.choices(l, k=len(l))) / st.mean(random.choices(e, k=len(e))) for _ in range(4000))
            print(f"| {kind} | {rec} | {st.mean(e):.3f} | {st.mean(l):.3f} | {st.mean(l) / st.mean(e):.2f}× ({r[100]:.2f}-{r[3900]:.2f}) |")

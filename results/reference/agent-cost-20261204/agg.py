"""Aggregates run.sh: µs per thread (mean over every measured iteration, ±1.96 standard errors), each
configuration's ratio of means to its baseline with a 95% bootstrap interval over the iterations,
and the same ratio round by round (each round's pair ran back to back): its median and min-max.
Twice: for the wall time per thread (JMH's score) and for the fork's CPU time per thread
(CpuTimeProfiler's ":cpu", which leaves out the time spent waiting for a CPU on a busy machine)."""
import glob, json, random, re, statistics as st, sys

d = sys.argv[1] if len(sys.argv) > 1 else "."
random.seed(1)

METRIC = "score"

def rounds(config, kind="virtual", recording="off"):
    """{round: [iteration values of METRIC]} of one configuration."""
    out = {}
    for f in glob.glob(f"{d}/{config}-[0-9]*.json"):
        r = int(re.search(r"-(\d+)\.json$", f).group(1))
        for b in json.load(open(f)):
            if b["params"]["kind"] == kind and b["params"]["recording"] == recording:
                m = b["primaryMetric"] if METRIC == "score" else b["secondaryMetrics"].get(METRIC)
                if m: out[r] = [x for fork in m["rawData"] for x in fork]
    return out

def flat(rs):
    return [x for r in sorted(rs) for x in rs[r]]

def ratio(a, base):
    """'1.23× (1.10-1.37) | 1.21× (1.05-1.40), n' : bootstrap over iterations, then per round."""
    v, b = flat(a), flat(base)
    boot = sorted(st.mean(random.choices(v, k=len(v))) / st.mean(random.choices(b, k=len(b))) for _ in range(4000))
    per = sorted(st.mean(a[r]) / st.mean(base[r]) for r in a if r in base)
    return (f"{st.mean(v) / st.mean(b):.2f}× ({boot[100]:.2f}-{boot[3900]:.2f}) | "
            f"{st.median(per):.2f}× ({per[0]:.2f}-{per[-1]:.2f}), {len(per)} rounds")

def cell(rs):
    v = flat(rs)
    return f"{st.mean(v):.3f} ± {1.96 * st.stdev(v) / len(v) ** 0.5:.3f}"

def report(what):
    print(f"burst of 100 virtual threads, no recording, {what}; ratio to no agent")
    print("| configuration | iterations | µs/thread | vs no agent: bootstrap (95%) | per round: median (min-max) |")
    print("|---|---:|---:|---:|---:|")
    none = rounds("none")
    if not none:
        print("(no data)")
        return
    print(f"| no agent | {len(flat(none))} | {cell(none)} | 1 | 1 |")
    for c, label in [("empty", "an agent that does nothing"),
                     ("empty+novt", "an agent that does nothing, -XX:-DoJVMTIVirtualThreadTransitions"),
                     ("empty+rt", "an agent that does nothing, Can-Retransform-Classes: true"),
                     ("leaklab", "leaklab agent (defaults)")]:
        v = rounds(c)
        if v: print(f"| {label} | {len(flat(v))} | {cell(v)} | {ratio(v, none)} |")
    print(f"\nleaklab agent against an agent that does nothing, burst of 100 threads, {what}")
    print("| kind | recording (empty agent / leaklab) | empty agent | leaklab | leaklab / empty: bootstrap (95%) | per round: median (min-max) |")
    print("|---|---|---:|---:|---:|---:|")
    for kind in ("platform", "virtual"):
        for rec_e, rec_l, label in (("off", "off", "off"), ("jfr-starts", "on", "on: JFR start events with stacks / ThreadCreated with stacks")):
            e, l = rounds("empty", kind, rec_e), rounds("leaklab", kind, rec_l)
            if e and l:
                print(f"| {kind} | {label} | {cell(e)} | {cell(l)} | {ratio(l, e)} |")


for METRIC, what in (("score", "wall time (µs/thread)"), ("cpu", "process CPU time (µs/thread)")):
    report(what)
    print()

package dev.leaklab.stress;

import dev.leaklab.link.CellSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.leaklab.scenario.Scenario;
import dev.leaklab.result.ThreadKind;
import dev.leaklab.result.Variant;

/**
 * The effective configuration of a stress run, after profile defaults and options are applied.
 *
 * @param rates       offered rates per scenario name (the flood sweeps several)
 * @param deadlineAllowance time a child gets beyond its planned phases (JVM and JFR start-up, the
 *                    variant's stop, writing the recording) before it counts as hung
 * @param killAfter   test fault: SIGKILL each child this long after its start, else null
 * @param hangAfterLoad test fault: each child hangs after its load phase
 * @param childOption test fault: one more JVM option for every child (one it refuses crashes every cell), else null
 * @param recording   false: the children run without leaklab's JFR recording (throughput and
 *                    latency only; no thread counts, memory or verdicts)
 * @param aotCache    false: the children run without the AOT cache ({@code --no-aot-cache})
 */
public record StressConfig(String profile, List<Scenario> scenarios, List<Variant> variants, List<ThreadKind> kinds,
                           Map<String, List<Double>> rates, int repeat, Duration warmup, Duration load, Duration idle,
                           Duration gcEvery, long heapMegabytes, int platformThreadCap, CellSpec.FloodSpec flood,
                           Path out, Duration deadlineAllowance, Duration killAfter, boolean hangAfterLoad,
                           HostLimits hostLimits, boolean recording, boolean aotCache, String childOption) {

    public List<CellSpec> cells() {
        var cells = new java.util.ArrayList<CellSpec>();
        for (int r = 0; r < repeat; r++) {
            for (Scenario s : scenarios) {
                for (double rate : rates.get(s.name())) {
                    for (ThreadKind k : kinds) {
                        for (Variant v : variants) {
                            String id = String.format(java.util.Locale.ROOT, "%s.%s.%s.%s%s", s.name(), v.label(), k.label(),
                                    rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate),
                                    repeat > 1 ? ".r" + r : "");
                            cells.add(new CellSpec(id, s.name(), v, k, rate, r, warmup.toMillis(), load.toMillis(),
                                    idle.toMillis(), gcEvery.toMillis(), platformThreadCap,
                                    s.name().equals("unbounded-fan-out") ? flood : null,
                                    hangAfterLoad ? CellSpec.Fault.HANG_AFTER_LOAD : null, recording));
                        }
                    }
                }
            }
        }
        return cells;
    }

    public Duration deadline(CellSpec cell) {
        return cell.planned().plus(deadlineAllowance);
    }

    /** The configuration as it goes into run.json. */
    public Map<String, Object> asMap() {
        var m = new LinkedHashMap<String, Object>();
        m.put("profile", profile);
        m.put("scenarios", scenarios.stream().map(Scenario::name).toList());
        m.put("variants", variants.stream().map(Variant::label).toList());
        m.put("kinds", kinds.stream().map(ThreadKind::label).toList());
        m.put("ratesPerSec", rates);
        m.put("repeat", repeat);
        m.put("warmupMs", warmup.toMillis());
        m.put("loadMs", load.toMillis());
        m.put("idleMs", idle.toMillis());
        m.put("gcEveryMs", gcEvery.toMillis());
        m.put("sampleEveryMs", 100);
        m.put("heapMegabytes", heapMegabytes);
        m.put("platformThreadCap", platformThreadCap);
        m.put("flood", flood);
        m.put("deadlineAllowanceMs", deadlineAllowance.toMillis());
        if (!recording) {
            m.put("recording", "off"); // only when off: runs from before the option compare as they did
        }
        if (killAfter != null) {
            m.put("faultKillAfterMs", killAfter.toMillis());
        }
        if (hangAfterLoad) {
            m.put("faultHangAfterLoad", true);
        }
        if (childOption != null) {
            m.put("faultChildOption", childOption);
        }
        return m;
    }
}

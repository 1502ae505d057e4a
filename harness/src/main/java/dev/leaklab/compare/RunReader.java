package dev.leaklab.compare;

import dev.leaklab.format.Units;

import dev.leaklab.input.InputKind;

import dev.leaklab.io.UserError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.leaklab.result.CellResult;
import dev.leaklab.result.Fit;
import dev.leaklab.result.ResultJson;
import dev.leaklab.result.RunResult;

/**
 * Turns a leaklab run (read by {@link ResultJson}, whatever its schema version) into compare's rows.
 *
 * <p>Rows are keyed by scenario, variant, kind and rate; the cells of {@code leaklab stress --repeat N}
 * share a key and are the samples of that row.
 */
public final class RunReader {

    /** A metric of a cell: name, unit, direction, and how to get it (null when the cell has none). */
    private record Metric(String name, String unit, Direction better, Function<CellResult, Object> get) { }

    private static final List<Metric> METRICS = List.of(
            new Metric("threads.slopePerSec", "threads/s", Direction.LOWER, c -> c.threads() == null ? null : c.threads().slopePerSec()),
            new Metric("threads.leftBehind", "threads", Direction.LOWER, c -> c.threads() == null ? null : c.threads().leftBehind()),
            new Metric("threads.peak", "threads", Direction.LOWER, c -> c.threads() == null ? null : c.threads().peak()),
            new Metric("memory.heapBytesPerThread", "B/thread", Direction.LOWER, c -> c.memory() == null ? null : c.memory().heapBytesPerThread()),
            new Metric("memory.rssBytesPerThread", "B/thread", Direction.LOWER, c -> c.memory() == null ? null : c.memory().rssBytesPerThread()),
            new Metric("memory.nmtStackBytesPerThread", "B/thread", Direction.LOWER, c -> c.memory() == null ? null : c.memory().nmtStackBytesPerThread()),
            new Metric("flood.throughputPerSec", "msg/s", Direction.HIGHER, c -> c.flood() == null ? null : c.flood().throughputPerSec()),
            new Metric("flood.latencyMs.p50", "ms", Direction.LOWER,
                    c -> c.flood() == null || c.flood().latencyMs() == null ? null : c.flood().latencyMs().p50()),
            new Metric("flood.latencyMs.p99", "ms", Direction.LOWER,
                    c -> c.flood() == null || c.flood().latencyMs() == null ? null : c.flood().latencyMs().p99()));

    /** The end of a setting's value that was derived from the host, not chosen: compare shows such differences apart. */
    public static final String HOST_DERIVED = " (from the host)";
    /** The key of the safe cap in run.json's environment.hostLimits (written by the stress run). */
    static final String SAFE_CAP = "safe platform-thread cap";

    private RunReader() {
    }

    /** One side of a comparison from a run that {@link ResultJson#read} has read; {@code file} names it in messages. */
    public static Dataset read(String file, RunResult run) {
        if (run.cells() == null) {
            throw new UserError(file + ": no \"cells\" array");
        }
        var values = new LinkedHashMap<String, List<Object>>();
        var labels = new LinkedHashMap<String, String>();
        var groups = new LinkedHashMap<String, CellGroup>();
        boolean recordingOff = run.config() != null && "off".equals(run.config().get("recording"));
        for (int i = 0; i < run.cells().size(); i++) {
            CellResult c = run.cells().get(i);
            if (c == null || c.scenario() == null || c.variant() == null || c.kind() == null || c.outcome() == null
                    || c.verdict() == null || !(c.ratePerSec() > 0)) {
                throw new UserError(file + ": cell #" + (i + 1) + " lacks one of scenario, variant, kind, ratePerSec, outcome, verdict");
            }
            String row = c.scenario() + " " + c.variant().label() + " " + c.kind().label() + " " + Units.rate(c.ratePerSec()) + "/s";
            var g = groups.computeIfAbsent(row, k -> new CellGroup(k, k, new ArrayList<>(), new ArrayList<>()));
            if (!recordingOff) { // without a recording there is no verdict to compare, only a note
                g.verdicts().add(c.verdict().name());
            }
            g.outcomes().add(c.outcome().name());
            for (Metric m : METRICS) {
                String key = row + "\u0000" + m.name();
                labels.put(key, row);
                values.computeIfAbsent(key, k -> new ArrayList<>());
                Object value = m.get().apply(c);
                if (value != null) {
                    values.get(key).add(value);
                }
            }
        }
        var series = new ArrayList<Series>();
        for (Metric m : METRICS) {
            // metric-major order: each metric's table lists the cells in the run's order
            for (var e : values.entrySet()) {
                String[] parts = e.getKey().split("\u0000");
                if (!parts[1].equals(m.name()) || e.getValue().isEmpty()) {
                    continue;
                }
                var list = e.getValue();
                double[] all = list.stream().mapToDouble(RunReader::value).toArray();
                // NaN or infinite (a damaged or hand-edited file): left out and counted, as for JMH
                double[] samples = java.util.Arrays.stream(all).filter(Double::isFinite).toArray();
                Interval given = list.size() == 1 && list.getFirst() instanceof Fit f && samples.length == 1
                        && Double.isFinite(f.ciLow()) && Double.isFinite(f.ciHigh())
                        ? new Interval(f.ciLow(), f.ciHigh(), Interval.FIT_95) : null;
                series.add(new Series(parts[0], labels.get(e.getKey()), m.name(), Unit.parse(m.unit()), m.better(),
                        samples, given, all.length - samples.length));
            }
        }
        var notes = new ArrayList<String>();
        if (!run.complete()) {
            notes.add("the run is incomplete (cut short): only the cells it finished are compared");
        }
        if (recordingOff) {
            notes.add("run with --recording off: no thread counts, memory or verdicts, only the flood's throughput and latency");
        }
        int repeats = run.cells().stream().mapToInt(CellResult::repeat).max().orElse(0) + 1;
        String jdk = run.environment() == null ? null : run.environment().jdkVersion();
        String summary = "leaklab run, " + run.cells().size() + " cell" + (run.cells().size() == 1 ? "" : "s")
                + (repeats > 1 ? " (" + repeats + " repeats)" : "")
                + (run.startedAt() == null ? "" : ", started " + run.startedAt())
                + (jdk == null ? "" : ", JDK " + jdk)
                + (run.complete() ? "" : ", INCOMPLETE");
        return new Dataset(file, InputKind.LEAKLAB_RUN, summary, List.copyOf(series), List.copyOf(groups.values()),
                settings(run), List.copyOf(notes));
    }

    private static double value(Object o) {
        return switch (o) {
            case Fit f -> f.slope();
            case Number n -> n.doubleValue();
            default -> throw new IllegalStateException("not a value: " + o);
        };
    }


    /** What the numbers depend on: the effective configuration and the JDK and machine (not the host's momentary load). */
    private static Map<String, String> settings(RunResult run) {
        var out = new LinkedHashMap<String, String>();
        var env = run.environment();
        if (env != null) {
            out.put("jdkVersion", String.valueOf(env.jdkVersion()));
            out.put("jdkVendor", String.valueOf(env.jdkVendor()));
            out.put("childJvmFlags", env.childJvmFlags() == null ? "-" : String.join(" ", env.childJvmFlags()));
            out.put("cores", String.valueOf(env.cores()));
            out.put("memoryBytes", String.valueOf(env.memoryBytes()));
            out.put("os", env.os() + " " + env.osVersion() + " " + env.arch());
        }
        if (run.config() != null) {
            flatten("config.", run.config(), out);
        }
        // Without --thread-cap the cap is a quarter of the host's free threads at the start: a
        // reading of the host, like its load, not a setting the two runs chose differently.
        Long safeCap = env == null || env.hostLimits() == null ? null : env.hostLimits().get(SAFE_CAP);
        String cap = out.get("config.platformThreadCap");
        if (cap != null && safeCap != null && cap.equals(String.valueOf(safeCap))) {
            out.put("config.platformThreadCap", cap + HOST_DERIVED);
        }
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
        for (var e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> m) {
                flatten(key + ".", m, out);
            } else if (e.getValue() instanceof List<?> l) {
                out.put(key, String.join(",", l.stream().map(String::valueOf).toList()));
            } else {
                out.put(key, String.valueOf(e.getValue()));
            }
        }
    }
}

package dev.leaklab.report;

import dev.leaklab.internal.io.FileNames;

import dev.leaklab.format.PerThread;
import dev.leaklab.format.Units;



import dev.leaklab.result.Phase;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.HdrHistogram.Histogram;

import dev.leaklab.link.Hlog;
import dev.leaklab.report.Chart.Axis;
import dev.leaklab.report.Chart.BarSeries;
import dev.leaklab.report.Chart.Bars;
import dev.leaklab.report.Chart.Line;
import dev.leaklab.report.Chart.Lines;
import dev.leaklab.report.Chart.Rule;
import dev.leaklab.report.Chart.Scale;
import dev.leaklab.report.Page.Cell;
import dev.leaklab.report.Page.Fact;
import dev.leaklab.report.Page.Section;
import dev.leaklab.report.Page.Table;
import dev.leaklab.result.CellResult;
import dev.leaklab.result.CellResult.Memory;
import dev.leaklab.result.CellResult.Series;
import dev.leaklab.result.Fit;
import dev.leaklab.result.RunResult;
import dev.leaklab.result.Verdict;
import dev.leaklab.result.ThreadKind;
import dev.leaklab.result.Variant;

/**
 * The report of one stress run (run.json and the cells' .hlog files): a summary table, then live
 * threads over time per scenario (the Go guide's picture: leaky climbs in a straight line, fixed stays
 * flat) with the fitted slope drawn, memory over time, memory per thread, and the flood's latency
 * distributions.
 */
public final class RunReport {

    private RunReport() {
    }

    /** Cells of one scenario at one offered rate: the four lines of one chart. */
    record ScenarioCells(String scenario, double rate, List<CellResult> cells) {
        String id() {
            return scenario + "-" + Units.rate(rate);
        }

        String title(boolean manyRates) {
            return manyRates ? scenario + " at " + Units.rate(rate) + "/s" : scenario;
        }
    }

    public static Page of(RunResult run, Path runDir) {
        List<ScenarioCells> groups = groups(run.cells());
        boolean manyRates = groups.stream().map(ScenarioCells::scenario).distinct().count() < groups.size();
        var sections = new ArrayList<Section>();

        var threads = new ArrayList<Chart>();
        for (ScenarioCells g : groups) {
            keep(threads, threadsChart(g, manyRates));
        }
        sections.add(new Section("threads", "Live threads over time",
                "The application's live threads (platform + virtual, as the JVM counts them) sampled every 100 ms, "
                        + "time 0 at the start of the load. A leak climbs in a straight line at the rate work is "
                        + "started and stays up when the load stops; its fix stays flat. The dotted black line is the "
                        + "least-squares fit over the load phase, drawn where its 95% confidence interval excludes 0; "
                        + "the legend gives every cell's slope.",
                threads));

        var memory = new ArrayList<Chart>();
        for (ScenarioCells g : groups) {
            keep(memory, memoryChart(g, manyRates, MemoryKind.HEAP));
            keep(memory, memoryChart(g, manyRates, MemoryKind.RSS));
            keep(memory, memoryChart(g, manyRates, MemoryKind.NMT));
        }
        sections.add(new Section("memory", "Memory over time",
                "Growth of each reading since the start of the load, per scenario: Java heap after GC (a parked "
                        + "virtual thread's stack lives there), resident set size of the process (a platform "
                        + "thread's native stack; the heap is pre-touched, so heap growth does not move it), and "
                        + "the thread stacks Native Memory Tracking reports as committed.",
                3, memory));

        var perThread = new ArrayList<Chart>();
        for (MemoryKind kind : MemoryKind.values()) {
            keep(perThread, perThreadChart(groups, manyRates, kind));
        }
        sections.add(new Section("per-thread", "Memory per thread",
                "Bytes per leaked thread: the slope of each reading against the live thread count over load and "
                        + "idle (fixed costs drop out as the intercept). Whiskers: 95% confidence interval. Only "
                        + "cells whose count moved by 20 or more threads have a slope, so fixed variants are absent.",
                perThread));

        var latency = new ArrayList<Chart>();
        for (ScenarioCells g : groups) {
            latencyChart(g, runDir, manyRates, Hlog.LATENCY).ifPresent(latency::add);
            latencyChart(g, runDir, manyRates, Hlog.QUEUE_WAIT).ifPresent(latency::add);
        }
        if (!latency.isEmpty()) {
            sections.add(new Section("latency", "Flood latency",
                    "Latency percentiles of the flood from each cell's HdrHistogram log: the unbounded spawner "
                            + "(leaky: a thread per message) against the bounded pool (fixed: a pool and a queue for "
                            + "platform threads, a Semaphore for virtual ones) at the same offered rate. The x axis "
                            + "stretches the tail: 90%, 99%, 99.9% are equally far apart.",
                    latency));
        }

        sections.removeIf(sec -> sec.charts().isEmpty());
        var tables = new ArrayList<Table>();
        tables.add(summaryTable(run));
        floodTable(run).ifPresent(tables::add);
        return new Page("leaklab stress run", subtitle(run), facts(run), tables, sections);
    }

    /** Adds a chart that has something to draw; a chart of no data says nothing (the table says why). */
    static void keep(List<Chart> charts, Chart c) {
        boolean empty = switch (c) {
            case Lines l -> l.lines().isEmpty();
            case Bars b -> b.categories().isEmpty() || b.series().isEmpty();
        };
        if (!empty) {
            charts.add(c);
        }
    }

    // ---- grouping and labels

    static List<ScenarioCells> groups(List<CellResult> cells) {
        var byKey = new LinkedHashMap<String, List<CellResult>>();
        for (CellResult c : cells) {
            byKey.computeIfAbsent(c.scenario() + "\u0000" + c.ratePerSec(), k -> new ArrayList<>()).add(c);
        }
        return byKey.values().stream()
                .map(cs -> new ScenarioCells(cs.getFirst().scenario(), cs.getFirst().ratePerSec(), List.copyOf(cs))).toList();
    }

    /** "leaky · platform", with the repeat when there is more than one. */
    static String label(CellResult c, List<CellResult> group) {
        boolean repeats = group.stream().anyMatch(o -> o.repeat() > 0);
        return c.variant().label() + " · " + c.kind().label() + (repeats ? " #" + (c.repeat() + 1) : "");
    }


    static String slope(Fit f) {
        return f == null ? "no slope" : String.format(Locale.ROOT, "%s ± %s threads/s", Units.number(f.slope()),
                Units.number(f.halfWidth()));
    }

    // ---- live threads

    static Lines threadsChart(ScenarioCells g, boolean manyRates) {
        var lines = new ArrayList<Line>();
        var fits = new ArrayList<Line>();
        for (CellResult c : g.cells()) {
            Series s = c.series();
            if (s == null || s.t() == null || s.t().isEmpty()) {
                continue;
            }
            Fit f = c.threads() == null ? null : c.threads().slopePerSec();
            lines.add(liveLine(c, label(c, g.cells()) + ": " + slope(f), Palette.of(c.kind(), c.variant())));
            if (f != null && f.excludesZero()) {
                fitLine(s, f).ifPresent(fit -> fits.add(new Line("fit, " + label(c, g.cells()), fit.x(), fit.y(), Palette.FIT)));
            }
        }
        lines.addAll(fits);
        return new Lines("threads-" + g.id(), "Live threads: " + g.title(manyRates),
                "Offered load " + Units.rate(g.rate()) + " operations/s. Platform: vermillion, filled; virtual: blue, hollow; "
                        + "leaky solid, fixed dashed.",
                Axis.linear("time since load start", "s"), Axis.linear("live application threads", "threads"),
                lines, rules(g));
    }

    /** A cell's live application threads (platform + virtual) over seconds since load start; the cell must have a series. */
    static Line liveLine(CellResult c, String name, Chart.Style style) {
        Series s = c.series();
        double[] t = doubles(s.t());
        double[] live = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            live[i] = value(s.platform(), i) + value(s.virtual(), i);
        }
        return new Line(name, t, live, style);
    }

    /** Phase boundaries of the group's first cell with a series: they differ between cells by milliseconds. */
    static List<Rule> rules(ScenarioCells g) {
        for (CellResult c : g.cells()) {
            if (c.series() != null && c.series().phaseStarts() != null && !c.series().phaseStarts().isEmpty()) {
                var p = c.series().phaseStarts();
                var rules = new ArrayList<Rule>();
                if (p.containsKey(Phase.LOAD.id())) {
                    rules.add(new Rule(p.get(Phase.LOAD.id()), Phase.LOAD.id()));
                }
                Double stop = loadEnd(p);
                if (stop != null) {
                    rules.add(new Rule(stop, "stop, idle"));
                }
                return rules;
            }
        }
        return List.of();
    }

    static Double loadEnd(Map<String, Double> phaseStarts) {
        for (String next : List.of(Phase.STOP.id(), Phase.IDLE.id(), Phase.END.id())) {
            if (phaseStarts.containsKey(next)) {
                return phaseStarts.get(next);
            }
        }
        return null;
    }

    /**
     * The fitted line over the load phase, from the recorded slope and intercept. Runs written
     * before the intercept was kept get the least-squares line's other defining point: it passes
     * through the centroid of the samples it was fitted to ({@link Fit#throughCentroid}).
     */
    static Optional<Line> fitLine(Series s, Fit f) {
        Map<String, Double> p = s.phaseStarts();
        if (p == null || !p.containsKey(Phase.LOAD.id())) {
            return Optional.empty();
        }
        double from = p.get(Phase.LOAD.id());
        Double to = loadEnd(p);
        var t = new ArrayList<Double>();
        var y = new ArrayList<Double>();
        for (int i = 0; i < s.t().size(); i++) {
            double ti = s.t().get(i);
            if (ti >= from && (to == null || ti <= to)) {
                t.add(ti);
                y.add(value(s.platform(), i) + value(s.virtual(), i));
            }
        }
        if (t.size() < 2) {
            return Optional.empty();
        }
        double end = to == null ? t.getLast() : to;
        double intercept = f.intercept() != null ? f.intercept()
                : Fit.throughCentroid(t.stream().mapToDouble(Double::doubleValue).toArray(),
                        y.stream().mapToDouble(Double::doubleValue).toArray(), f.slope());
        return Optional.of(new Line("fit", new double[] {from, end},
                new double[] {intercept + f.slope() * from, intercept + f.slope() * end}, Palette.FIT));
    }

    // ---- memory

    enum MemoryKind {
        HEAP("heap", "Java heap after GC", "heap", Memory::heapBytesPerThread),
        RSS("rss", "resident set size (RSS)", "RSS", Memory::rssBytesPerThread),
        NMT("nmt-stack", "committed thread stacks (NMT)", "NMT thread stacks", Memory::nmtStackBytesPerThread);

        final String id;
        /** For titles. */
        final String label;
        /** For axes, which have less room. */
        final String shortLabel;
        final Function<Memory, Fit> perThread;

        MemoryKind(String id, String label, String shortLabel, Function<Memory, Fit> perThread) {
            this.id = id;
            this.label = label;
            this.shortLabel = shortLabel;
            this.perThread = perThread;
        }

        List<Double> t(Series s) {
            return switch (this) {
                case HEAP -> s.heapT();
                case RSS -> s.rssT();
                case NMT -> s.nmtT();
            };
        }

        List<Long> bytes(Series s) {
            return switch (this) {
                case HEAP -> s.heapAfterGcBytes();
                case RSS -> s.rssBytes();
                case NMT -> s.nmtStackBytes();
            };
        }
    }

    static Lines memoryChart(ScenarioCells g, boolean manyRates, MemoryKind kind) {
        var raw = new ArrayList<double[][]>();
        var cells = new ArrayList<CellResult>();
        double maxAbs = 0;
        for (CellResult c : g.cells()) {
            Series s = c.series();
            if (s == null || kind.t(s) == null || kind.t(s).isEmpty()) {
                continue;
            }
            double[][] xy = Curves.growth(kind.t(s), kind.bytes(s));
            for (double v : xy[1]) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
            raw.add(xy);
            cells.add(c);
        }
        var unit = Units.bytesFor(maxAbs);
        var lines = new ArrayList<Line>();
        for (int i = 0; i < raw.size(); i++) {
            double[] y = raw.get(i)[1].clone();
            for (int j = 0; j < y.length; j++) {
                y[j] = unit.of(y[j]);
            }
            CellResult c = cells.get(i);
            lines.add(new Line(label(c, g.cells()), raw.get(i)[0], y, Palette.of(c.kind(), c.variant())));
        }
        return new Lines("memory-" + kind.id + "-" + g.id(), g.title(manyRates) + ": " + kind.label,
                "Growth since the last reading at or before the start of the load (or the first reading, if later).",
                Axis.linear("time since load start", "s"), Axis.linear(kind.shortLabel + " growth", unit.name()), lines, rules(g));
    }


    static Bars perThreadChart(List<ScenarioCells> groups, boolean manyRates, MemoryKind kind) {
        var categories = new ArrayList<String>();
        var fits = new ArrayList<Map<ThreadKind, Fit>>();
        double maxAbs = 0;
        for (ScenarioCells g : groups) {
            var byKind = new LinkedHashMap<ThreadKind, Fit>();
            for (CellResult c : g.cells()) {
                Fit f = c.memory() == null ? null : kind.perThread.apply(c.memory());
                if (f != null && c.variant() == Variant.LEAKY && !byKind.containsKey(c.kind())) {
                    byKind.put(c.kind(), f);
                    maxAbs = Math.max(maxAbs, Math.max(Math.abs(f.ciLow()), Math.abs(f.ciHigh())));
                }
            }
            if (!byKind.isEmpty()) {
                categories.add(g.title(manyRates));
                fits.add(byKind);
            }
        }
        var unit = Units.bytesFor(maxAbs);
        var series = new ArrayList<BarSeries>();
        for (ThreadKind k : ThreadKind.values()) {
            double[] v = new double[categories.size()];
            double[] e = new double[categories.size()];
            boolean any = false;
            for (int i = 0; i < categories.size(); i++) {
                Fit f = fits.get(i).get(k);
                v[i] = f == null ? Double.NaN : unit.of(f.slope());
                e[i] = f == null ? Double.NaN : unit.of(f.halfWidth());
                any |= f != null;
            }
            if (any) {
                series.add(new BarSeries(k.label() + " thread", v, e, Palette.bar(k)));
            }
        }
        return new Bars("per-thread-" + kind.id, kind.label + " per leaked thread",
                "Slope of " + kind.label + " against the live count in the leaky cells.", "scenario",
                categories, new Axis(kind.shortLabel, unit.name() + "/thread", Scale.LINEAR), series);
    }

    // ---- flood latency

    static Optional<Lines> latencyChart(ScenarioCells g, Path runDir, boolean manyRates, String tag) {
        var lines = new ArrayList<Line>();
        var counts = new ArrayList<String>();
        for (CellResult c : g.cells()) {
            String hlog = c.artifacts() == null ? null : c.artifacts().get("hlog");
            if (hlog == null) {
                continue;
            }
            Histogram h;
            try {
                h = Hlog.read(FileNames.inside(runDir, hlog)).get(tag);
            } catch (FileNotFoundException e) {
                continue;
            }
            if (h == null || h.getTotalCount() == 0) {
                continue;
            }
            double[][] xy = Curves.percentile(h);
            String who = c.variant() == Variant.LEAKY ? "unbounded spawner" : "bounded pool";
            // repeated cells (stress --repeat) each get a line; a chart's line names must differ
            boolean repeats = g.cells().stream().anyMatch(o -> o.repeat() > 0);
            lines.add(new Line(who + " · " + c.kind().label() + (repeats ? " #" + (c.repeat() + 1) : ""), xy[0], xy[1],
                    Palette.of(c.kind(), c.variant())));
            if (c.flood() != null && tag.equals(Hlog.LATENCY)) {
                counts.add(String.format(Locale.ROOT, "%s · %s %d of %d", c.variant().label(), c.kind().label(),
                        h.getTotalCount(), c.flood().submitted()));
            }
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        boolean latency = tag.equals(Hlog.LATENCY);
        String caption = latency
                ? "Submit to completion, completed messages only (" + String.join("; ", counts) + " submitted): a "
                        + "message whose call hung never completes and is missing here, however long it waited."
                : "Submit to the start of processing: time spent waiting for a thread or a permit.";
        return Optional.of(new Lines((latency ? "latency-" : "queue-wait-") + g.id(),
                (latency ? "End-to-end latency: " : "Queue wait: ") + g.title(manyRates) + " at " + Units.rate(g.rate()) + "/s",
                caption, new Axis("percentile", "", Scale.PERCENTILE),
                new Axis(latency ? "latency" : "queue wait", "ms", Scale.LINEAR), lines, List.of()));
    }


    // ---- tables and facts

    static Table summaryTable(RunResult run) {
        var rows = new ArrayList<List<Cell>>();
        for (CellResult c : run.cells()) {
            var t = c.threads();
            Fit s = t == null ? null : t.slopePerSec();
            String tone = c.verdict() == Verdict.LEAKING ? "bad" : c.verdict() == Verdict.HEALTHY ? "good" : "";
            rows.add(List.of(Cell.of(c.scenario()), Cell.of(Units.rate(c.ratePerSec())), Cell.of(c.variant().label()),
                    Cell.of(c.kind().label()), Cell.of(c.outcome().name()), new Cell(c.verdict().name(), tone),
                    Cell.of(s == null ? "-" : Units.number(s.slope()) + " ± " + Units.number(s.halfWidth())),
                    Cell.of(t == null || t.peak() == null ? "-" : String.valueOf(t.peak())),
                    Cell.of(t == null || t.leftBehind() == null ? "-" : String.valueOf(t.leftBehind())),
                    Cell.of(perThread(c, MemoryKind.HEAP)), Cell.of(perThread(c, MemoryKind.RSS)),
                    Cell.of(Objects.requireNonNullElse(c.analysisError() != null ? "analysis failed: " + c.analysisError()
                            : c.verdictReason(), ""))));
        }
        return new Table("summary", "Every cell of the run", List.of("scenario", "rate/s", "variant", "kind", "outcome",
                "verdict", "threads/s (± 95% CI)", "peak", "left behind", "heap/thread", "RSS/thread", "why"),
                rows, Set.of(1, 6, 7, 8, 9, 10));
    }

    private static String perThread(CellResult c, MemoryKind kind) {
        Fit f = c.memory() == null ? null : kind.perThread.apply(c.memory());
        return PerThread.text(c, f);
    }

    static Optional<Table> floodTable(RunResult run) {
        var rows = new ArrayList<List<Cell>>();
        for (CellResult c : run.cells()) {
            var f = c.flood();
            if (f == null) {
                continue;
            }
            var l = f.latencyMs();
            var q = f.queueWaitMs();
            rows.add(List.of(Cell.of(c.scenario()), Cell.of(Units.rate(c.ratePerSec())),
                    Cell.of(c.variant() == Variant.LEAKY ? "unbounded spawner" : "bounded pool"), Cell.of(c.kind().label()),
                    Cell.of(String.valueOf(f.submitted())), Cell.of(String.valueOf(f.completed())),
                    Cell.of(String.valueOf(f.rejected())), Cell.of(String.valueOf(f.timedOut())),
                    Cell.of(Units.number(f.throughputPerSec())),
                    Cell.of(l == null ? "-" : Units.number(l.p50())), Cell.of(l == null ? "-" : Units.number(l.p99())),
                    Cell.of(l == null ? "-" : Units.number(l.max())), Cell.of(q == null ? "-" : Units.number(q.p99()))));
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Table("flood", "The flood: counts, and latency of completed messages", List.of("scenario",
                "rate/s", "variant", "kind", "submitted", "completed", "rejected", "timed out", "completed/s",
                "latency p50 ms", "p99 ms", "max ms", "queue wait p99 ms"), rows, Set.of(1, 4, 5, 6, 7, 8, 9, 10, 11, 12)));
    }

    static List<Fact> facts(RunResult run) {
        var facts = new ArrayList<Fact>();
        var e = run.environment();
        if (e != null) {
            facts.add(new Fact("JDK", e.jdkVersion() + " (" + e.jdkVendor() + ")"));
            facts.add(new Fact("machine", String.format(Locale.ROOT, "%d cores, %s memory, %s %s %s", e.cores(),
                    Units.bytes(e.memoryBytes()), e.os(), e.osVersion(), e.arch())));
        }
        facts.add(new Fact("started", Objects.toString(run.startedAt(), "-")));
        facts.add(new Fact("finished", run.complete() ? Objects.toString(run.finishedAt(), "-")
                : "not complete: the run was cut short; these are the cells it finished"));
        var cfg = run.config();
        if (cfg != null) {
            facts.add(new Fact("phases", String.format(Locale.ROOT, "profile %s: warmup %s ms, load %s ms, idle %s ms, samples every %s ms",
                    cfg.get("profile"), cfg.get("warmupMs"), cfg.get("loadMs"), cfg.get("idleMs"), cfg.get("sampleEveryMs"))));
        }
        return facts;
    }

    private static String subtitle(RunResult run) {
        long leaking = run.cells().stream().filter(c -> c.verdict() == Verdict.LEAKING).count();
        long healthy = run.cells().stream().filter(c -> c.verdict() == Verdict.HEALTHY).count();
        return String.format(Locale.ROOT, "%d cells: %d leaking, %d healthy, %d inconclusive", run.cells().size(),
                leaking, healthy, run.cells().size() - leaking - healthy);
    }

    // ---- helpers

    static double[] doubles(List<? extends Number> v) {
        double[] d = new double[v.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = v.get(i) == null ? Double.NaN : v.get(i).doubleValue();
        }
        return d;
    }

    private static double value(List<Integer> v, int i) {
        return v == null || i >= v.size() || v.get(i) == null ? 0 : v.get(i);
    }
}

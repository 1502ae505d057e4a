package dev.leaklab.report;

import dev.leaklab.format.PerThread;
import dev.leaklab.format.Units;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.leaklab.report.Chart.Axis;
import dev.leaklab.report.Chart.BarSeries;
import dev.leaklab.report.Chart.Bars;
import dev.leaklab.input.JmhResults;
import dev.leaklab.input.JmhResults.Benchmark;
import dev.leaklab.input.JmhResults.Metric;
import dev.leaklab.report.Page.Cell;
import dev.leaklab.report.Page.Fact;
import dev.leaklab.report.Page.Section;
import dev.leaklab.report.Page.Table;
import dev.leaklab.result.CellResult;
import dev.leaklab.result.Fit;
import dev.leaklab.result.RunResult;
import dev.leaklab.result.Verdict;
import dev.leaklab.result.ThreadKind;
import dev.leaklab.result.Variant;

/**
 * Two inputs side by side, BASE and NEW: two stress runs (cells matched by id) or two JMH files
 * (results matched by benchmark, mode and parameters). Bars in the comparison colours, whiskers
 * for the intervals, and a table that says what changed. The statistics of "did it change" are
 * {@code leaklab compare}'s job; this is the picture.
 */
public final class CompareReport {

    private CompareReport() {
    }

    // ---- two runs

    public static Page runs(RunResult base, Path baseName, RunResult next, Path nextName) {
        var baseById = new LinkedHashMap<String, CellResult>();
        base.cells().forEach(c -> baseById.putIfAbsent(c.id(), c));
        var pairs = new ArrayList<CellResult[]>();
        var onlyNew = new ArrayList<String>();
        for (CellResult c : next.cells()) {
            CellResult b = baseById.get(c.id());
            if (b == null) {
                onlyNew.add(c.id());
            } else if (pairs.stream().noneMatch(p -> p[1].id().equals(c.id()))) {
                pairs.add(new CellResult[] {b, c});
            }
        }
        var onlyBase = baseById.keySet().stream().filter(id -> pairs.stream().noneMatch(p -> p[0].id().equals(id))).toList();

        var charts = new ArrayList<Chart>();
        for (Variant v : Variant.values()) {
            RunReport.keep(charts, runBars("slope-" + v.label(), "Live-thread growth, " + v.label() + " cells",
                    "Slope of live threads over the load phase; whiskers: 95% confidence interval.",
                    pairs, p -> p[1].variant() == v, c -> c.threads() == null ? null : c.threads().slopePerSec(),
                    new Axis("growth", "threads/s", Chart.Scale.LINEAR), 1));
        }
        RunReport.keep(charts, runBars("rss-per-platform-thread", "RSS per leaked platform thread",
                "Slope of resident set size against the live count in leaky platform cells; whiskers: 95% CI.",
                pairs, p -> p[1].variant() == Variant.LEAKY && p[1].kind() == ThreadKind.PLATFORM,
                c -> c.memory() == null ? null : c.memory().rssBytesPerThread(), new Axis("RSS", "KiB/thread",
                        Chart.Scale.LINEAR), 1024));
        RunReport.keep(charts, runBars("heap-per-virtual-thread", "Heap per leaked virtual thread",
                "Slope of heap after GC against the live count in leaky virtual cells; whiskers: 95% CI.",
                pairs, p -> p[1].variant() == Variant.LEAKY && p[1].kind() == ThreadKind.VIRTUAL,
                c -> c.memory() == null ? null : c.memory().heapBytesPerThread(), new Axis("heap", "KiB/thread",
                        Chart.Scale.LINEAR), 1024));

        var overlays = new ArrayList<Chart>();
        for (RunReport.ScenarioCells g : RunReport.groups(pairs.stream().map(p -> p[1]).toList())) {
            var lines = new ArrayList<dev.leaklab.report.Chart.Line>();
            for (CellResult n : g.cells()) {
                CellResult b = baseById.get(n.id());
                if (b.series() != null && b.series().t() != null && !b.series().t().isEmpty()) {
                    lines.add(RunReport.liveLine(b, "base " + RunReport.label(b, g.cells()), Palette.base(b.variant())));
                }
            }
            for (CellResult n : g.cells()) {
                if (n.series() != null && n.series().t() != null && !n.series().t().isEmpty()) {
                    lines.add(RunReport.liveLine(n, "new " + RunReport.label(n, g.cells()), Palette.of(n.kind(), n.variant())));
                }
            }
            if (!lines.isEmpty()) {
                overlays.add(new dev.leaklab.report.Chart.Lines("compare-threads-" + g.id(),
                        "Live threads: " + g.scenario() + " at " + Units.rate(g.rate()) + "/s",
                        "New run in colour (platform vermillion, virtual blue; leaky solid, fixed dashed); base run grey.",
                        Axis.linear("time since load start", "s"), Axis.linear("live application threads", "threads"),
                        lines, RunReport.rules(g)));
            }
        }

        var rows = new ArrayList<List<Cell>>();
        for (CellResult[] p : pairs) {
            CellResult b = p[0];
            CellResult n = p[1];
            String tone = b.verdict() != Verdict.LEAKING && n.verdict() == Verdict.LEAKING ? "bad"
                    : b.verdict() == Verdict.LEAKING && n.verdict() != Verdict.LEAKING ? "good" : "";
            rows.add(List.of(Cell.of(n.id()), new Cell(b.verdict() + " → " + n.verdict(), tone),
                    Cell.of(slope(b)), Cell.of(slope(n)), Cell.of(bytesPerThread(b)), Cell.of(bytesPerThread(n)),
                    Cell.of(b.outcome() + " → " + n.outcome())));
        }
        var tables = new ArrayList<Table>();
        tables.add(new Table("compare", "Cells in both runs", List.of("cell", "verdict (base → new)", "base threads/s",
                "new threads/s", "base bytes/thread", "new bytes/thread", "outcome"), rows, Set.of(2, 3, 4, 5)));
        if (!onlyBase.isEmpty() || !onlyNew.isEmpty()) {
            var missing = new ArrayList<List<Cell>>();
            onlyBase.forEach(id -> missing.add(List.of(Cell.of(id), Cell.of("base only"))));
            onlyNew.forEach(id -> missing.add(List.of(Cell.of(id), Cell.of("new only"))));
            tables.add(new Table("unmatched", "Cells in one run only", List.of("cell", "in"), missing, Set.of()));
        }
        var facts = List.of(new Fact("base", baseName + " (" + base.startedAt() + ", JDK "
                        + (base.environment() == null ? "?" : base.environment().jdkVersion()) + ")"),
                new Fact("new", nextName + " (" + next.startedAt() + ", JDK "
                        + (next.environment() == null ? "?" : next.environment().jdkVersion()) + ")"));
        var sections = new ArrayList<Section>();
        sections.add(new Section("compare", "Base against new", "Base: orange, filled; new: green, hollow.", charts));
        if (!overlays.isEmpty()) {
            sections.add(new Section("compare-threads", "Live threads over time, both runs",
                    "Each scenario's cells in the new run over the same cells in the base run (grey).", overlays));
        }
        return new Page("leaklab: two runs compared", pairs.size() + " cells in both runs", facts, tables, sections);
    }

    private static Bars runBars(String id, String title, String caption, List<CellResult[]> pairs,
                                Predicate<CellResult[]> keep, Function<CellResult, Fit> fit, Axis y, double divisor) {
        var chosen = pairs.stream().filter(keep).toList();
        var categories = chosen.stream().map(p -> p[1].scenario() + " · " + p[1].kind().label()
                + (p[1].repeat() > 0 ? " #" + (p[1].repeat() + 1) : "")).toList();
        var series = new ArrayList<BarSeries>();
        for (int side = 0; side < 2; side++) {
            double[] v = new double[chosen.size()];
            double[] e = new double[chosen.size()];
            for (int i = 0; i < chosen.size(); i++) {
                Fit f = fit.apply(chosen.get(i)[side]);
                v[i] = f == null ? Double.NaN : f.slope() / divisor;
                e[i] = f == null ? Double.NaN : f.halfWidth() / divisor;
            }
            series.add(new BarSeries(side == 0 ? "base" : "new", v, e, side == 0 ? Palette.BASE : Palette.NEW));
        }
        return new Bars("compare-" + id, title, caption, "cell", categories, y, series);
    }

    private static String slope(CellResult c) {
        Fit f = c.threads() == null ? null : c.threads().slopePerSec();
        return f == null ? "-" : Units.number(f.slope()) + " ± " + Units.number(f.halfWidth());
    }

    private static String bytesPerThread(CellResult c) {
        if (c.memory() == null) {
            return "-";
        }
        Fit f = c.kind() == ThreadKind.VIRTUAL ? c.memory().heapBytesPerThread() : c.memory().rssBytesPerThread();
        return f == null ? "-" : (c.kind() == ThreadKind.VIRTUAL ? "heap " : "RSS ") + PerThread.text(c, f);
    }

    // ---- two JMH files

    public static Page jmh(JmhResults base, JmhResults next) {
        var baseByKey = new LinkedHashMap<String, Benchmark>();
        base.benchmarks().forEach(b -> baseByKey.putIfAbsent(key(b), b));
        var methods = new LinkedHashMap<String, List<Benchmark[]>>();
        var rows = new ArrayList<List<Cell>>();
        int unmatched = 0;
        for (Benchmark n : next.benchmarks()) {
            Benchmark b = baseByKey.get(key(n));
            if (b == null) {
                unmatched++;
                continue;
            }
            methods.computeIfAbsent(n.name() + " " + n.mode(), k -> new ArrayList<>()).add(new Benchmark[] {b, n});
            rows.add(List.of(Cell.of(n.shortName()), Cell.of(n.paramText()), Cell.of(score(b.primary())),
                    Cell.of(score(n.primary())), Cell.of(n.primary().unit()), Cell.of(ratio(b.primary(), n.primary())),
                    Cell.of(overlap(b.primary(), n.primary()))));
        }
        var charts = new ArrayList<Chart>();
        for (List<Benchmark[]> pairs : methods.values()) {
            Benchmark first = pairs.getFirst()[1];
            var categories = pairs.stream().map(p -> p[1].paramText().isEmpty() ? "(no parameters)" : p[1].paramText()).toList();
            var series = new ArrayList<BarSeries>();
            for (int side = 0; side < 2; side++) {
                double[] v = new double[pairs.size()];
                double[] e = new double[pairs.size()];
                for (int i = 0; i < pairs.size(); i++) {
                    Metric m = pairs.get(i)[side].primary();
                    v[i] = m.score();
                    e[i] = m.error();
                }
                series.add(new BarSeries(side == 0 ? "base" : "new", v, e, side == 0 ? Palette.BASE : Palette.NEW));
            }
            charts.add(new Bars("compare-jmh-" + JmhReport.slug(first.shortName()), first.shortName(),
                    JmhReport.mode(first.mode()) + "; whiskers: JMH's 99.9% confidence interval where it has one.",
                    "parameters", categories, new Axis(JmhReport.mode(first.mode()), first.primary().unit(),
                    Chart.Scale.LINEAR), series));
        }
        var facts = List.of(new Fact("base", base.file().toString()), new Fact("new", next.file().toString()));
        String subtitle = rows.size() + " results in both files" + (unmatched > 0 ? ", " + unmatched + " in new only" : "");
        return new Page("leaklab benchmarks: two files compared", subtitle, facts,
                List.of(new Table("compare", "Results in both files", List.of("benchmark", "params", "base", "new", "unit",
                        "new / base", "intervals"), rows, Set.of(2, 3, 5))),
                List.of(new Section("compare", "Base against new", "Base: orange, filled; new: green, hollow.", charts)));
    }

    static String key(Benchmark b) {
        return b.name() + " " + b.mode() + " " + b.params();
    }

    private static String score(Metric m) {
        return Units.number(m.score()) + (Double.isFinite(m.error()) ? " ± " + Units.number(m.error()) : "");
    }

    static String ratio(Metric base, Metric next) {
        return base.score() == 0 ? "-" : String.format(Locale.ROOT, "%.2f×", next.score() / base.score());
    }

    /** Whether the two error intervals overlap: a first look, not a test. */
    static String overlap(Metric base, Metric next) {
        if (!Double.isFinite(base.error()) || !Double.isFinite(next.error())) {
            return "no interval";
        }
        double[] b = {base.score() - base.error(), base.score() + base.error()};
        double[] n = {next.score() - next.error(), next.score() + next.error()};
        return b[1] < n[0] || n[1] < b[0] ? "apart" : "overlap";
    }
}

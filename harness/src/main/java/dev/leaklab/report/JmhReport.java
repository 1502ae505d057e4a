package dev.leaklab.report;

import dev.leaklab.format.Units;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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
import dev.leaklab.result.ThreadKind;

/**
 * The report of one JMH result file: per benchmark method, its score as bars per parameter set
 * with JMH's error as whiskers; platform and virtual side by side where the benchmark has a
 * {@code kind} parameter. Secondary metrics that are costs per thread or per operation
 * (footprint.*, gc.alloc.rate.norm) get charts of their own.
 */
public final class JmhReport {

    static final String KIND = "kind";

    private JmhReport() {
    }

    public static Page of(JmhResults jmh) {
        var byClass = new LinkedHashMap<String, List<List<Benchmark>>>();
        for (List<Benchmark> method : byMethod(jmh.benchmarks()).values()) {
            String name = method.getFirst().shortName();
            byClass.computeIfAbsent(name.substring(0, name.indexOf('.') < 0 ? name.length() : name.indexOf('.')),
                    k -> new ArrayList<>()).add(method);
        }
        var sections = new ArrayList<Section>();
        for (var e : byClass.entrySet()) {
            var charts = new ArrayList<Chart>();
            for (List<Benchmark> method : e.getValue()) {
                charts.add(chart(method, null));
                for (String metric : chartedSecondaries(method)) {
                    charts.add(chart(method, metric));
                }
            }
            sections.add(new Section("jmh-" + slug(e.getKey()), e.getKey(), "", charts));
        }
        return new Page("leaklab benchmarks (JMH)", jmh.file().getFileName() + ": " + jmh.benchmarks().size()
                + " results", facts(jmh), List.of(table(jmh)), sections);
    }

    /** Results of the same method, in file order. */
    static Map<String, List<Benchmark>> byMethod(List<Benchmark> all) {
        var m = new LinkedHashMap<String, List<Benchmark>>();
        for (Benchmark b : all) {
            m.computeIfAbsent(b.name() + " " + b.mode(), k -> new ArrayList<>()).add(b);
        }
        return m;
    }

    /** Secondary metrics worth a chart: per-thread footprints and allocation per operation. */
    static List<String> chartedSecondaries(List<Benchmark> method) {
        var names = new LinkedHashSet<String>();
        for (Benchmark b : method) {
            for (String s : b.secondary().keySet()) {
                if (s.startsWith("footprint.") || s.equals("gc.alloc.rate.norm")) {
                    names.add(s);
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * Bars of one method's primary score (metric null) or of one secondary metric: categories are
     * the parameter sets without {@code kind}; the series are the kinds, or one series.
     */
    static Bars chart(List<Benchmark> method, String metric) {
        Function<Benchmark, Metric> pick = metric == null ? Benchmark::primary : b -> b.secondary().get(metric);
        boolean byKind = method.stream().allMatch(b -> b.params().containsKey(KIND)
                && (b.params().get(KIND).equals("platform") || b.params().get(KIND).equals("virtual")));
        var constant = constantParams(method);
        var categories = new ArrayList<String>();
        for (Benchmark b : method) {
            String c = category(b, byKind, constant);
            if (!categories.contains(c)) {
                categories.add(c);
            }
        }
        var series = new ArrayList<BarSeries>();
        List<String> keys = byKind ? List.of("platform", "virtual") : List.of("score");
        boolean anyError = false;
        String unit = "";
        for (String key : keys) {
            double[] v = new double[categories.size()];
            double[] e = new double[categories.size()];
            java.util.Arrays.fill(v, Double.NaN);
            java.util.Arrays.fill(e, Double.NaN);
            boolean any = false;
            for (Benchmark b : method) {
                if (byKind && !b.params().get(KIND).equals(key)) {
                    continue;
                }
                Metric m = pick.apply(b);
                if (m == null) {
                    continue;
                }
                int i = categories.indexOf(category(b, byKind, constant));
                v[i] = m.score();
                e[i] = m.error();
                unit = m.unit();
                anyError |= Double.isFinite(m.error());
                any = true;
            }
            if (any) {
                series.add(new BarSeries(byKind ? key + " threads" : metric == null ? "score" : metric, v, e,
                        byKind ? Palette.bar(ThreadKind.valueOf(key.toUpperCase(Locale.ROOT))) : Palette.PLAIN));
            }
        }
        Benchmark first = method.getFirst();
        String what = metric == null ? mode(first.mode()) : metric;
        String caption = String.format(Locale.ROOT, "%s, %d fork(s) × %d iteration(s). %s", mode(first.mode()),
                first.forks(), first.iterations(), anyError ? "Whiskers: JMH's 99.9% confidence interval."
                        : "No whiskers: JMH gives no error for a single iteration.");
        if (!constant.isEmpty()) {
            var fixed = new ArrayList<String>();
            constant.forEach((k, v) -> fixed.add(k + "=" + v));
            caption += " Every result has " + String.join(", ", fixed) + ".";
        }
        String params = paramNames(method, byKind, constant);
        return new Bars("jmh-" + slug(first.shortName()) + (metric == null ? "" : "-" + slug(metric)),
                first.shortName() + (metric == null ? "" : ": " + metric), caption,
                params.isEmpty() ? "benchmark" : params, categories, new Axis(what, unit, Chart.Scale.LINEAR), series);
    }

    /** Parameters with one value across the method (but not kind): they tell nothing apart, the caption names them. */
    static Map<String, String> constantParams(List<Benchmark> method) {
        var constant = new LinkedHashMap<String, String>(method.getFirst().params());
        constant.remove(KIND);
        for (Benchmark b : method) {
            constant.entrySet().removeIf(e -> !e.getValue().equals(b.params().get(e.getKey())));
        }
        return constant;
    }

    static String category(Benchmark b, boolean withoutKind, Map<String, String> constant) {
        var parts = new ArrayList<String>();
        b.params().forEach((k, v) -> {
            if (!(withoutKind && k.equals(KIND)) && !constant.containsKey(k)) {
                parts.add(k + "=" + v);
            }
        });
        if (parts.isEmpty()) {
            return b.shortName().substring(b.shortName().indexOf('.') + 1);
        }
        // one parameter varies: its name is the axis title, the values are enough
        return parts.size() == 1 ? parts.getFirst().substring(parts.getFirst().indexOf('=') + 1) : String.join(", ", parts);
    }

    private static String paramNames(List<Benchmark> method, boolean withoutKind, Map<String, String> constant) {
        var names = new LinkedHashSet<String>();
        for (Benchmark b : method) {
            for (String k : b.params().keySet()) {
                if (!(withoutKind && k.equals(KIND)) && !constant.containsKey(k)) {
                    names.add(k);
                }
            }
        }
        return String.join(", ", names);
    }

    static String mode(String mode) {
        return switch (mode) {
            case "avgt" -> "average time";
            case "thrpt" -> "throughput";
            case "ss" -> "single-shot time";
            case "sample" -> "sampled time";
            default -> mode;
        };
    }

    static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    static Table table(JmhResults jmh) {
        var rows = new ArrayList<List<Cell>>();
        for (Benchmark b : jmh.benchmarks()) {
            rows.add(row(b, "score", b.primary()));
            for (var s : b.secondary().entrySet()) {
                if (s.getKey().startsWith("footprint.") || s.getKey().equals("gc.alloc.rate.norm")) {
                    rows.add(row(b, s.getKey(), s.getValue()));
                }
            }
        }
        return new Table("jmh", "Every result (primary score, and the secondary metrics charted below)",
                List.of("benchmark", "params", "mode", "metric", "score", "± error", "unit"), rows, Set.of(4, 5));
    }

    private static List<Cell> row(Benchmark b, String metric, Metric m) {
        return List.of(Cell.of(b.shortName()), Cell.of(b.paramText()), Cell.of(b.mode()), Cell.of(metric),
                Cell.of(Units.number(m.score())), Cell.of(Units.number(m.error())), Cell.of(m.unit()));
    }

    static List<Fact> facts(JmhResults jmh) {
        var facts = new ArrayList<Fact>();
        facts.add(new Fact("file", jmh.file().toString()));
        if (!jmh.benchmarks().isEmpty()) {
            Benchmark b = jmh.benchmarks().getFirst();
            facts.add(new Fact("JDK", b.jdkVersion() + " (" + b.settings().getOrDefault("vmVersion", "-") + ")"));
        }
        return facts;
    }
}

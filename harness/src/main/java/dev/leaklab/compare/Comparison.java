package dev.leaklab.compare;

import dev.leaklab.input.InputKind;

import dev.leaklab.io.UserError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import dev.leaklab.compare.Differences.Assessment;
import dev.leaklab.compare.Differences.Change;
import dev.leaklab.compare.Differences.Geomean;
import dev.leaklab.compare.Differences.MetricTable;
import dev.leaklab.compare.Differences.OneSided;
import dev.leaklab.compare.Differences.Refused;
import dev.leaklab.compare.Differences.Row;
import dev.leaklab.compare.Differences.SettingDiff;
import dev.leaklab.compare.Differences.Side;
import dev.leaklab.compare.Differences.Summary;

/** Pairs the rows of two datasets of the same kind and tests each pair. */
public final class Comparison {

    private Comparison() {
    }

    /**
     * @param alpha            significance level of the two-sided test, in (0, 1)
     * @param thresholdPercent a significant change counts as a regression only beyond this, e.g. 5
     */
    public static Differences compare(Dataset base, Dataset next, double alpha, double thresholdPercent) {
        if (base.kind() != next.kind()) {
            throw new UserError("cannot compare " + base.kind().label() + " (" + base.source() + ") with "
                    + next.kind().label() + " (" + next.source() + "): give two of the same kind");
        }
        String pkg = base.kind() == InputKind.JMH ? commonPackage(base, next) : "";
        Function<String, String> shorten = s -> s.startsWith(pkg) ? s.substring(pkg.length()) : s;
        var nextByKey = new LinkedHashMap<String, Series>();
        next.series().forEach(s -> nextByKey.put(s.key(), s));
        var tables = new LinkedHashMap<String, List<Row>>();
        var tableInfo = new LinkedHashMap<String, Series>();
        var onlyInBase = new ArrayList<OneSided>();
        var refused = new ArrayList<Refused>();
        int need = Stats.samplesNeeded(alpha);
        for (Series b : base.series()) {
            Series n = nextByKey.remove(b.key());
            String label = shorten.apply(b.label());
            if (n == null) {
                onlyInBase.add(new OneSided(b.id(), label, b.metric(), b.samples().length));
                continue;
            }
            var factor = n.unit().factorTo(b.unit());
            if (factor.isEmpty()) {
                refused.add(new Refused(label, b.metric(), "units " + b.unit() + " and " + n.unit() + " do not convert"));
                continue;
            }
            if (b.samples().length == 0 || n.samples().length == 0) {
                refused.add(new Refused(label, b.metric(), "no numbers in " + (b.samples().length == 0 ? "base" : "new")
                        + " (only NaN)"));
                continue;
            }
            double f = factor.getAsDouble();
            double[] nv = n.samples().clone();
            for (int i = 0; i < nv.length; i++) {
                nv[i] *= f;
            }
            Interval given = n.given() == null ? null : n.given().scaled(f);
            String tableKey = b.metric() + "\u0000" + b.unit().text();
            tableInfo.putIfAbsent(tableKey, b);
            tables.computeIfAbsent(tableKey, k -> new ArrayList<>())
                    .add(row(b.id(), label, b.samples(), b.given(), nv, given, b.better(), alpha, thresholdPercent, need));
        }
        var onlyInNext = new ArrayList<OneSided>();
        nextByKey.values().forEach(s -> onlyInNext.add(new OneSided(s.id(), shorten.apply(s.label()), s.metric(), s.samples().length)));

        var metricTables = new ArrayList<MetricTable>();
        // tables of the same metric stay together, in the order the metrics first appear
        var order = new LinkedHashSet<String>();
        tableInfo.values().forEach(s -> order.add(s.metric()));
        for (String metric : order) {
            tables.forEach((key, rows) -> {
                Series info = tableInfo.get(key);
                if (info.metric().equals(metric)) {
                    metricTables.add(new MetricTable(metric, info.unit().text(), info.better(), List.copyOf(rows), geomean(rows)));
                }
            });
        }
        var verdicts = new ArrayList<Change>();
        var outcomes = new ArrayList<Change>();
        var nextGroups = new LinkedHashMap<String, CellGroup>();
        next.groups().forEach(g -> nextGroups.put(g.id(), g));
        for (CellGroup g : base.groups()) {
            CellGroup h = nextGroups.get(g.id());
            if (h == null) {
                continue;
            }
            if (!g.verdicts().isEmpty() && !h.verdicts().isEmpty()) { // a run with --recording off has none
                change(g.label(), g.verdicts(), h.verdicts(), "LEAKING", "HEALTHY").ifPresent(verdicts::add);
            }
            change(g.label(), g.outcomes(), h.outcomes(), null, "COMPLETED").ifPresent(outcomes::add);
        }
        var notes = new ArrayList<String>();
        if (!pkg.isEmpty()) {
            notes.add("benchmarks are named without their package " + pkg.substring(0, pkg.length() - 1));
        }
        return new Differences(side(base), side(next), alpha, thresholdPercent, List.copyOf(verdicts), List.copyOf(outcomes),
                settingDiffs(base.settings(), next.settings()), List.copyOf(metricTables), List.copyOf(onlyInBase),
                List.copyOf(onlyInNext), List.copyOf(refused), need, List.copyOf(notes));
    }

    static Row row(String id, String label, double[] base, Interval baseGiven, double[] next, Interval nextGiven, Direction better,
                   double alpha, double thresholdPercent, int need) {
        var b = summary(base, baseGiven);
        var n = summary(next, nextGiven);
        double change = percentChange(b.center(), n.center());
        double p = Stats.pValue(base, next);
        boolean tooFew = Stats.minimumPValue(base.length, next.length) >= alpha;
        boolean significant = !tooFew && p < alpha;
        Assessment a;
        if (!significant) {
            a = Assessment.SAME;
        } else if (change == 0 || Double.isNaN(change) || better == Direction.UNKNOWN) {
            a = Assessment.CHANGED;
        } else {
            a = (change > 0) == (better == Direction.HIGHER) ? Assessment.BETTER : Assessment.WORSE;
        }
        boolean beyond = !Double.isNaN(change) && Math.abs(change) > thresholdPercent;
        return new Row(id, label, b, n, change, p, significant, tooFew ? need : null, a, beyond);
    }

    static Summary summary(double[] samples, Interval given) {
        double[] s = Stats.sorted(samples);
        double center = Stats.median(s);
        Interval interval = Stats.medianInterval(s).orElse(s.length == 1 ? given : null);
        return new Summary(center, interval, s.length);
    }

    static double percentChange(double base, double next) {
        if (base == next) {
            return 0;
        }
        if (base == 0) {
            return next > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return (next - base) / Math.abs(base) * 100;
    }

    private static Geomean geomean(List<Row> rows) {
        var b = new ArrayList<Double>();
        var n = new ArrayList<Double>();
        for (Row r : rows) {
            double x = r.base().center();
            double y = r.next().center();
            if (x > 0 && y > 0 && Double.isFinite(x) && Double.isFinite(y)) {
                b.add(x);
                n.add(y);
            }
        }
        if (b.size() < 2) {
            return null;
        }
        double gb = Stats.geomean(b.stream().mapToDouble(Double::doubleValue).toArray());
        double gn = Stats.geomean(n.stream().mapToDouble(Double::doubleValue).toArray());
        return new Geomean(gb, gn, (gn / gb - 1) * 100, b.size(), rows.size());
    }

    /**
     * A change of verdicts or outcomes over a cell's repeats, if their shares differ. Worse when the
     * share of {@code bad} grows (a cell that leaks now), or, without a bad marker, when the share of
     * {@code good} shrinks (a child that no longer completes); better when the share of {@code good}
     * grows; otherwise just changed (LEAKING to INCONCLUSIVE after a crash is not an improvement).
     */
    private static Optional<Change> change(String row, List<String> base, List<String> next, String bad, String good) {
        var b = counts(base);
        var n = counts(next);
        var keys = new LinkedHashSet<String>(b.keySet());
        keys.addAll(n.keySet());
        boolean same = keys.stream().allMatch(k -> (long) b.getOrDefault(k, 0) * next.size() == (long) n.getOrDefault(k, 0) * base.size());
        if (same) {
            return Optional.empty();
        }
        int goodTrend = Double.compare(share(n, good, next.size()), share(b, good, base.size()));
        boolean worse = bad != null
                ? share(n, bad, next.size()) > share(b, bad, base.size())
                : goodTrend < 0;
        Assessment a = worse ? Assessment.WORSE : goodTrend > 0 ? Assessment.BETTER : Assessment.CHANGED;
        return Optional.of(new Change(row, b, n, a));
    }

    private static double share(Map<String, Integer> counts, String key, int of) {
        return (double) counts.getOrDefault(key, 0) / of;
    }

    private static Map<String, Integer> counts(List<String> values) {
        var m = new LinkedHashMap<String, Integer>();
        values.stream().sorted().forEach(v -> m.merge(v, 1, Integer::sum));
        return m;
    }

    private static List<SettingDiff> settingDiffs(Map<String, String> base, Map<String, String> next) {
        var keys = new LinkedHashSet<String>(base.keySet());
        keys.addAll(next.keySet());
        var out = new ArrayList<SettingDiff>();
        for (String k : keys) {
            String b = base.getOrDefault(k, "-");
            String n = next.getOrDefault(k, "-");
            if (!Objects.equals(b, n)) {
                out.add(new SettingDiff(k, b, n));
            }
        }
        return out;
    }

    private static Side side(Dataset d) {
        return new Side(d.source(), d.kind(), d.summary(), d.notes());
    }

    /**
     * The package all JMH benchmarks share, with its final dot ({@code dev.leaklab.bench.}), or "":
     * rows drop it, as {@code ThreadStartJoin.startJoin} reads better than the full name.
     */
    private static String commonPackage(Dataset base, Dataset next) {
        String common = null;
        for (var d : List.of(base, next)) {
            for (Series s : d.series()) {
                String name = s.label().split(" ", 2)[0];
                int cls = name.lastIndexOf('.', name.lastIndexOf('.') - 1); // the dot before Class.method
                String pkg = cls < 0 ? "" : name.substring(0, cls + 1);
                common = common == null ? pkg : commonPrefix(common, pkg);
            }
        }
        return common == null ? "" : common.substring(0, common.lastIndexOf('.') + 1);
    }

    private static String commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return a.substring(0, i);
    }
}

package dev.leaklab.compare;

import dev.leaklab.io.UserError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.leaklab.input.InputKind;
import dev.leaklab.input.JmhResults;

/**
 * Turns JMH results ({@link JmhResults}, the one reader of JMH's JSON) into compare's rows. Rows
 * are keyed by benchmark, mode, params (and threads when not 1); the metric is {@code score} for
 * the primary metric and the secondary metric's name otherwise. NaN samples are left out and
 * counted; a metric without raw data is its score, with JMH's interval.
 */
public final class JmhReader {

    public static final String PRIMARY = "score";

    private JmhReader() {
    }

    public static Dataset read(String file, JmhResults jmh) {
        var series = new ArrayList<Series>();
        var notes = new ArrayList<String>();
        var settings = new LinkedHashMap<String, Set<String>>();
        var seen = new LinkedHashSet<String>();
        int dropped = 0;
        // Count modes per benchmark and params first: the mode goes into a row's label only where it is needed.
        var modes = new LinkedHashMap<String, Set<String>>();
        for (var b : jmh.benchmarks()) {
            modes.computeIfAbsent(b.name() + " " + b.paramKey(), k -> new LinkedHashSet<>()).add(b.mode());
        }
        for (int i = 0; i < jmh.benchmarks().size(); i++) {
            var b = jmh.benchmarks().get(i);
            String where = file + ": benchmark #" + (i + 1) + " (" + b.name() + ")";
            String params = b.paramKey();
            int threads = b.threads();
            String id = b.name() + " mode=" + b.mode() + (params.isEmpty() ? "" : " " + params) + (threads == 1 ? "" : " threads=" + threads);
            String label = b.name() + (params.isEmpty() ? "" : " " + params) + (threads == 1 ? "" : " threads=" + threads)
                    + (modes.get(b.name() + " " + params).size() > 1 ? " mode=" + b.mode() : "");
            if (!seen.add(id)) {
                throw new UserError(where + ": appears twice with the same mode, params and threads");
            }
            var s = series(id, label, PRIMARY, b.primary());
            series.add(s);
            dropped += s.dropped();
            for (var e : b.secondary().entrySet()) {
                var m = series(id, label, e.getKey(), e.getValue());
                series.add(m);
                dropped += m.dropped();
            }
            b.settings().forEach((k, v) -> settings.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v));
        }
        if (dropped > 0) {
            notes.add(dropped + " NaN sample" + (dropped == 1 ? "" : "s") + " left out");
        }
        var flat = new LinkedHashMap<String, String>();
        settings.forEach((k, v) -> flat.put(k, v.size() == 1 ? v.iterator().next() : "(varies: " + String.join(", ", v) + ")"));
        String jdk = flat.getOrDefault("jdkVersion", "-");
        int n = jmh.benchmarks().size();
        String version = flat.getOrDefault("jmhVersion", "-");
        String summary = "JMH " + (version.equals("-") ? "(version not recorded)" : version) + ", " + n
                + " benchmark" + (n == 1 ? "" : "s") + (jdk.equals("-") ? "" : ", JDK " + jdk);
        return new Dataset(file, InputKind.JMH, summary, List.copyOf(series), List.of(), flat, List.copyOf(notes));
    }

    private static Series series(String id, String label, String metric, JmhResults.Metric m) {
        Unit unit = Unit.parse(m.unit());
        List<Double> values = m.samples();
        Interval given = null;
        if (values.isEmpty()) {
            // Written with -Djmh.json.rawData=false, or no iteration produced this metric: the score is all there is.
            values = List.of(m.score());
            double[] ci = m.confidence();
            if (ci != null && Double.isFinite(ci[0]) && Double.isFinite(ci[1])) {
                given = new Interval(ci[0], ci[1], Interval.JMH_999);
            }
        }
        double[] kept = values.stream().filter(v -> !Double.isNaN(v)).mapToDouble(Double::doubleValue).toArray();
        return new Series(id, label, metric, unit, unit.guessDirection(), kept, given, values.size() - kept.length);
    }
}

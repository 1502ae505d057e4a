package dev.leaklab.compare;

import dev.leaklab.io.UserError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads JMH's own JSON ({@code -rf json}): an array of benchmarks, each with a primaryMetric and
 * secondaryMetrics that hold a score, its unit and the raw data per fork and iteration. Rows are
 * keyed by benchmark, mode, params (and threads when not 1); the metric is {@code score} for the
 * primary metric and the secondary metric's name otherwise.
 *
 * <p>Handled: {@code "NaN"}, {@code "+INF"} and {@code "-INF"} as JMH writes them (NaN samples are
 * left out and counted); the {@code ·} prefix of older JMH's secondary names ({@code ·gc.alloc.rate.norm});
 * SampleTime's {@code rawDataHistogram} (each iteration's mean is a sample); files written with
 * {@code -Djmh.json.rawData=false} (the score is the single sample, scoreConfidence its interval).
 */
public final class JmhReader {

    public static final String PRIMARY = "score";
    private static final String OLD_PREFIX = "\u00b7";

    private JmhReader() {
    }

    public static Dataset read(String file, JsonNode array) {
        if (array.isEmpty()) {
            throw new UserError(file + ": an empty JSON array: no JMH benchmarks in it");
        }
        var series = new ArrayList<Series>();
        var notes = new ArrayList<String>();
        var settings = new LinkedHashMap<String, Set<String>>();
        var seen = new LinkedHashSet<String>();
        int dropped = 0;
        // Count modes per benchmark and params first: the mode goes into a row's label only where it is needed.
        var modes = new LinkedHashMap<String, Set<String>>();
        for (JsonNode b : array) {
            if (b.isObject()) {
                modes.computeIfAbsent(b.path("benchmark").asText() + " " + params(b.path("params")), k -> new LinkedHashSet<>())
                        .add(b.path("mode").asText());
            }
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode b = array.get(i);
            String where = file + ": benchmark #" + (i + 1);
            if (!b.isObject()) {
                throw new UserError(where + " is not a JSON object: not JMH results");
            }
            String name = text(b, "benchmark", where);
            where += " (" + name + ")";
            String mode = text(b, "mode", where);
            int threads = b.path("threads").asInt(1);
            String params = params(b.path("params"));
            String id = name + " mode=" + mode + (params.isEmpty() ? "" : " " + params) + (threads == 1 ? "" : " threads=" + threads);
            String label = name + (params.isEmpty() ? "" : " " + params) + (threads == 1 ? "" : " threads=" + threads)
                    + (modes.get(name + " " + params).size() > 1 ? " mode=" + mode : "");
            if (!seen.add(id)) {
                throw new UserError(where + ": appears twice with the same mode, params and threads");
            }
            JsonNode primary = b.get("primaryMetric");
            if (primary == null || !primary.isObject()) {
                throw new UserError(where + ": no primaryMetric object: not JMH results, or cut short");
            }
            var s = metric(where + ": primaryMetric", id, label, PRIMARY, primary);
            series.add(s);
            dropped += s.dropped();
            JsonNode secondary = b.path("secondaryMetrics");
            if (!secondary.isMissingNode() && !secondary.isNull() && !secondary.isObject()) {
                throw new UserError(where + ": secondaryMetrics is not an object");
            }
            for (var e : secondary.properties()) {
                String metric = e.getKey().startsWith(OLD_PREFIX) ? e.getKey().substring(OLD_PREFIX.length()) : e.getKey();
                if (!e.getValue().isObject()) {
                    throw new UserError(where + ": secondary metric '" + e.getKey() + "' is not an object");
                }
                var m = metric(where + ": secondary metric '" + e.getKey() + "'", id, label, metric, e.getValue());
                series.add(m);
                dropped += m.dropped();
            }
            for (String key : List.of("jmhVersion", "jdkVersion", "vmName", "vmVersion", "jvmArgs", "forks",
                    "warmupIterations", "warmupTime", "measurementIterations", "measurementTime")) {
                JsonNode v = b.get(key);
                settings.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(v == null ? "-" : v.isTextual() ? v.asText() : v.toString());
            }
        }
        if (dropped > 0) {
            notes.add(dropped + " NaN sample" + (dropped == 1 ? "" : "s") + " left out");
        }
        var flat = new LinkedHashMap<String, String>();
        settings.forEach((k, v) -> flat.put(k, v.size() == 1 ? v.iterator().next() : "(varies: " + String.join(", ", v) + ")"));
        String jdk = flat.getOrDefault("jdkVersion", "-");
        String summary = "JMH " + flat.getOrDefault("jmhVersion", "(version not recorded)") + ", " + array.size()
                + " benchmark" + (array.size() == 1 ? "" : "s") + (jdk.equals("-") ? "" : ", JDK " + jdk);
        return new Dataset(file, InputKind.JMH, summary, List.copyOf(series), List.of(), flat, List.copyOf(notes));
    }

    private static Series metric(String where, String id, String label, String metric, JsonNode m) {
        String unitText = text(m, "scoreUnit", where);
        Unit unit = Unit.parse(unitText);
        var values = new ArrayList<Double>();
        JsonNode raw = m.get("rawData");
        JsonNode histogram = m.get("rawDataHistogram");
        if (raw != null && !raw.isNull()) {
            for (JsonNode fork : array(raw, where + ".rawData")) {
                for (JsonNode it : array(fork, where + ".rawData[fork]")) {
                    values.add(number(it, where + ".rawData"));
                }
            }
        } else if (histogram != null && !histogram.isNull()) {
            // SampleTime: per fork, per iteration, a list of [value, count]; each iteration's mean is one sample
            for (JsonNode fork : array(histogram, where + ".rawDataHistogram")) {
                for (JsonNode it : array(fork, where + ".rawDataHistogram[fork]")) {
                    double sum = 0;
                    double count = 0;
                    for (JsonNode pair : array(it, where + ".rawDataHistogram[fork][iteration]")) {
                        if (!pair.isArray() || pair.size() != 2) {
                            throw new UserError(where + ".rawDataHistogram holds " + brief(pair) + ", not a [value, count] pair");
                        }
                        double v = number(pair.get(0), where + ".rawDataHistogram");
                        double c = number(pair.get(1), where + ".rawDataHistogram");
                        sum += v * c;
                        count += c;
                    }
                    if (count > 0) {
                        values.add(sum / count);
                    }
                }
            }
        }
        Interval given = null;
        if (values.isEmpty()) {
            // Written with -Djmh.json.rawData=false, or no iteration produced this metric: the score is all there is.
            JsonNode score = m.get("score");
            if (score == null) {
                throw new UserError(where + ": neither rawData nor score");
            }
            values.add(number(score, where + ".score"));
            JsonNode ci = m.get("scoreConfidence");
            if (ci != null && ci.isArray() && ci.size() == 2) {
                double lo = number(ci.get(0), where + ".scoreConfidence");
                double hi = number(ci.get(1), where + ".scoreConfidence");
                if (Double.isFinite(lo) && Double.isFinite(hi)) {
                    given = new Interval(lo, hi, Interval.JMH_999);
                }
            }
        }
        double[] kept = values.stream().filter(v -> !Double.isNaN(v)).mapToDouble(Double::doubleValue).toArray();
        return new Series(id, label, metric, unit, unit.guessDirection(), kept, given, values.size() - kept.length);
    }

    /** Params in a stable order, as {@code k=v} pairs. */
    static String params(JsonNode params) {
        if (params == null || !params.isObject() || params.isEmpty()) {
            return "";
        }
        var sorted = new TreeMap<String, String>();
        params.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asText()));
        var parts = new ArrayList<String>();
        sorted.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(" ", parts);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new UserError(where + ": no \"" + field + "\" text" + (v == null ? "" : " (found " + brief(v) + ")"));
        }
        return v.asText();
    }

    private static JsonNode array(JsonNode node, String where) {
        if (!node.isArray()) {
            throw new UserError(where + " is " + brief(node) + ", not an array");
        }
        return node;
    }

    /** A JSON number, or one of the strings JMH writes for values that are not: "NaN", "+INF", "-INF". */
    static double number(JsonNode v, String where) {
        if (v != null && v.isNumber()) {
            return v.asDouble();
        }
        if (v != null && v.isTextual()) {
            switch (v.asText().strip()) {
                case "NaN" -> {
                    return Double.NaN;
                }
                case "+INF", "INF", "Infinity", "+Infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-INF", "-Infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                    try {
                        return Double.parseDouble(v.asText().strip());
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                }
            }
        }
        throw new UserError(where + " holds " + brief(v) + ", not a number");
    }

    static String brief(JsonNode v) {
        if (v == null) {
            return "nothing";
        }
        String s = v.toString();
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}

package dev.leaklab.input;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.leaklab.io.UserError;

/**
 * JMH's own JSON ({@code -rf json}), read once for every use (the report draws it, compare tests
 * it): an array with one object per benchmark, mode and parameter set, each with a primaryMetric
 * and secondaryMetrics that hold a score, its unit and the raw data per fork and iteration.
 *
 * <p>Handled: {@code "NaN"}, {@code "+INF"} and {@code "-INF"} as JMH writes them; the {@code ·}
 * prefix of older JMH's secondary names ({@code ·gc.alloc.rate.norm}), dropped; SampleTime's
 * {@code rawDataHistogram} (each iteration's mean is a sample); files written with
 * {@code -Djmh.json.rawData=false} (no samples: the score and its {@code scoreConfidence} are all
 * there is). Anything else that is not JMH's shape is a {@link UserError} naming the benchmark.
 */
public record JmhResults(Path file, List<Benchmark> benchmarks) {

    private static final String OLD_PREFIX = "\u00b7";
    /** Settings a result depends on, kept as text so two files can be compared. */
    static final List<String> SETTINGS = List.of("jmhVersion", "jdkVersion", "vmName", "vmVersion", "jvmArgs", "forks",
            "warmupIterations", "warmupTime", "measurementIterations", "measurementTime");

    /**
     * A score with its error (half-width of JMH's 99.9% confidence interval; NaN when JMH had too
     * few samples), its unit, every raw sample (one per iteration and fork, NaN kept) and JMH's own
     * interval ({@code null} when it gave none).
     */
    public record Metric(double score, double error, String unit, List<Double> samples, double[] confidence) { }

    /**
     * One benchmark at one mode and parameter set. {@code name} is the fully qualified method,
     * {@code params} in JMH's order (empty for none), {@code settings} the values of {@link #SETTINGS}.
     */
    public record Benchmark(String name, String mode, int threads, int forks, int iterations, Map<String, String> params,
                            Metric primary, Map<String, Metric> secondary, Map<String, String> settings) {

        /** Class and method without the package: {@code ThreadCreation.createOnly}. */
        public String shortName() {
            int method = name.lastIndexOf('.');
            int cls = method <= 0 ? -1 : name.lastIndexOf('.', method - 1);
            return name.substring(cls + 1);
        }

        /** "kind=platform, depth=16", or "" without parameters. */
        public String paramText() {
            var parts = new ArrayList<String>();
            params.forEach((k, v) -> parts.add(k + "=" + v));
            return String.join(", ", parts);
        }

        /** Params in a stable (sorted) order as {@code k=v} pairs: what rows are paired by. */
        public String paramKey() {
            var parts = new ArrayList<String>();
            new TreeMap<>(params).forEach((k, v) -> parts.add(k + "=" + v));
            return String.join(" ", parts);
        }

        public String jdkVersion() {
            return settings.getOrDefault("jdkVersion", "");
        }
    }

    /** Reads a file that {@link InputFiles#kind} found to be JMH's. */
    public static JmhResults read(Path file) {
        Path resolved = InputFiles.resolve(file);
        return of(file, InputFiles.json(resolved));
    }

    /** Reads JMH's array; {@code file} names it in messages. */
    public static JmhResults of(Path file, JsonNode array) {
        if (!array.isArray()) {
            throw new UserError(file + ": not JMH's JSON (expected an array of results, as written by -rf json)");
        }
        if (array.isEmpty()) {
            throw new UserError(file + ": an empty JSON array: no JMH benchmarks in it");
        }
        var list = new ArrayList<Benchmark>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode b = array.get(i);
            String where = file + ": benchmark #" + (i + 1);
            if (!b.isObject()) {
                throw new UserError(where + " is not a JSON object: not JMH results");
            }
            String name = text(b, "benchmark", where);
            where += " (" + name + ")";
            String mode = text(b, "mode", where);
            var params = new LinkedHashMap<String, String>();
            JsonNode p = b.path("params");
            if (p.isObject()) {
                p.properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            }
            JsonNode primary = b.get("primaryMetric");
            if (primary == null || !primary.isObject()) {
                throw new UserError(where + ": no primaryMetric object: not JMH results, or cut short");
            }
            var secondary = new LinkedHashMap<String, Metric>();
            JsonNode sec = b.path("secondaryMetrics");
            if (!sec.isMissingNode() && !sec.isNull() && !sec.isObject()) {
                throw new UserError(where + ": secondaryMetrics is not an object");
            }
            for (var e : sec.properties()) {
                if (!e.getValue().isObject()) {
                    throw new UserError(where + ": secondary metric '" + e.getKey() + "' is not an object");
                }
                String metric = e.getKey().startsWith(OLD_PREFIX) ? e.getKey().substring(OLD_PREFIX.length()) : e.getKey();
                secondary.put(metric, metric(where + ": secondary metric '" + e.getKey() + "'", e.getValue()));
            }
            var settings = new LinkedHashMap<String, String>();
            for (String key : SETTINGS) {
                JsonNode v = b.get(key);
                settings.put(key, v == null ? "-" : v.isTextual() ? v.asText() : v.toString());
            }
            list.add(new Benchmark(name, mode, b.path("threads").asInt(1), b.path("forks").asInt(),
                    b.path("measurementIterations").asInt(), params, metric(where + ": primaryMetric", primary),
                    secondary, settings));
        }
        return new JmhResults(file, List.copyOf(list));
    }

    private static Metric metric(String where, JsonNode m) {
        String unit = text(m, "scoreUnit", where);
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
        JsonNode score = m.get("score");
        if (values.isEmpty() && score == null) {
            throw new UserError(where + ": neither rawData nor score");
        }
        double[] confidence = null;
        JsonNode ci = m.get("scoreConfidence");
        if (ci != null && ci.isArray() && ci.size() == 2) {
            confidence = new double[] {number(ci.get(0), where + ".scoreConfidence"), number(ci.get(1), where + ".scoreConfidence")};
        }
        JsonNode error = m.get("scoreError");
        return new Metric(score == null ? Double.NaN : number(score, where + ".score"),
                error == null ? Double.NaN : number(error, where + ".scoreError"), unit, List.copyOf(values), confidence);
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

package dev.leaklab.report;

import dev.leaklab.io.UserError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.leaklab.result.ResultJson;

/**
 * JMH's own JSON ({@code -rf json}): an array with one object per benchmark and parameter set.
 * Only what the report draws is read. JMH writes NaN as the string "NaN" (a score error with one
 * iteration); older JMH prefixes secondary metric names with "·", which is dropped here.
 */
public record JmhResults(Path file, List<Benchmark> benchmarks) {

    /** A score with its error (half-width of JMH's 99.9% confidence interval; NaN when JMH had too few samples). */
    public record Metric(double score, double error, String unit) { }

    /**
     * One benchmark at one parameter set. {@code name} is the fully qualified method,
     * {@code params} in JMH's order (empty for none).
     */
    public record Benchmark(String name, String mode, int forks, int iterations, Map<String, String> params,
                            Metric primary, Map<String, Metric> secondary, String jdkVersion, String vmVersion) {

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
    }

    /** True when the file looks like JMH's JSON (an array whose first element has "benchmark" and "primaryMetric"). */
    public static boolean looksLikeJmh(JsonNode tree) {
        return tree != null && tree.isArray() && (tree.isEmpty()
                || tree.get(0).has("benchmark") && tree.get(0).has("primaryMetric"));
    }

    public static JmhResults read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": no such file");
        }
        JsonNode tree;
        try {
            tree = ResultJson.mapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new UserError(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!looksLikeJmh(tree)) {
            throw new UserError(file + ": not JMH's JSON (expected an array of results with "
                    + "\"benchmark\" and \"primaryMetric\", as written by -rf json)");
        }
        var list = new ArrayList<Benchmark>();
        for (JsonNode b : tree) {
            var params = new LinkedHashMap<String, String>();
            b.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            var secondary = new LinkedHashMap<String, Metric>();
            b.path("secondaryMetrics").properties().forEach(e -> secondary.put(stripDot(e.getKey()), metric(e.getValue())));
            list.add(new Benchmark(b.path("benchmark").asText(), b.path("mode").asText(), b.path("forks").asInt(),
                    b.path("measurementIterations").asInt(), params, metric(b.path("primaryMetric")), secondary,
                    b.path("jdkVersion").asText(""), b.path("vmVersion").asText("")));
        }
        return new JmhResults(file, List.copyOf(list));
    }

    static Metric metric(JsonNode m) {
        return new Metric(number(m.path("score")), number(m.path("scoreError")), m.path("scoreUnit").asText(""));
    }

    /** A JSON number, or JMH's "NaN"/"Infinity" strings, or NaN when absent. */
    static double number(JsonNode n) {
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            try {
                return Double.parseDouble(n.asText());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static String stripDot(String name) {
        return name.startsWith("\u00b7") ? name.substring(1) : name;
    }
}

package dev.leaklab.endpoint;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: the Java
 * client has writers only. It checks the format's rules (HELP/TYPE lines, metric and label name
 * syntax, label value escaping, one TYPE per family before its samples, a family's samples
 * together, counters' {@code _total} suffix, float values) and answers every sample by
 * {@code name{label="value",...}}, labels in the order written.
 */
final class PrometheusText {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");

    private PrometheusText() {
    }

    /** The samples of {@code text}; throws {@link IllegalArgumentException} naming the first line that breaks a rule. */
    static Map<String, Double> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a newline");
        }
        var samples = new LinkedHashMap<String, Double>();
        var types = new LinkedHashMap<String, String>();
        Set<String> closed = new HashSet<>();
        String current = null;
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty() && n == text.split("\n", -1).length) {
                break; // after the final newline
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                current = family(m.group(1), current, closed, n);
            } else if ((m = TYPE.matcher(line)).matches()) {
                current = family(m.group(1), current, closed, n);
                if (types.put(m.group(1), m.group(2)) != null) {
                    throw new IllegalArgumentException("line " + n + ": a second TYPE for " + m.group(1));
                }
            } else if (line.startsWith("#")) {
                continue; // a comment
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                String type = types.get(current);
                if (current == null || type == null || !belongs(name, current, type)) {
                    throw new IllegalArgumentException("line " + n + ": sample " + name + " outside its family's TYPE: " + line);
                }
                samples.put(name + "{" + labels(m.group(3), n) + "}", value(m.group(4), n));
            } else {
                throw new IllegalArgumentException("line " + n + ": not HELP, TYPE, a comment or a sample: " + line);
            }
        }
        return samples;
    }

    private static String family(String name, String current, Set<String> closed, int n) {
        if (!name.equals(current)) {
            if (current != null) {
                closed.add(current);
            }
            if (closed.contains(name)) {
                throw new IllegalArgumentException("line " + n + ": family " + name + " appears twice");
            }
        }
        return name;
    }

    private static boolean belongs(String sample, String family, String type) {
        return switch (type) {
            // the classic format names a counter's family with its _total; OpenMetrics without
            case "counter" -> family.endsWith("_total") ? sample.equals(family)
                    || sample.equals(family.substring(0, family.length() - 6) + "_created")
                    : sample.equals(family + "_total") || sample.equals(family + "_created");
            case "gauge", "untyped" -> sample.equals(family);
            default -> sample.startsWith(family);
        };
    }

    private static String labels(String text, int n) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        var out = new StringBuilder();
        Matcher m = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("line " + n + ": bad label syntax at " + text.substring(at));
            }
            out.append(out.isEmpty() ? "" : ",").append(m.group(1)).append("=\"").append(m.group(2)).append('"');
            at = m.end();
        }
        return out.toString();
    }

    private static double value(String text, int n) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + n + ": not a float: " + text);
                }
            }
        };
    }

    /** The one sample named {@code key}; fails when absent. */
    static double get(Map<String, Double> samples, String key) {
        Double v = samples.get(key);
        if (v == null) {
            throw new AssertionError("no sample " + key + " among " + samples.keySet());
        }
        return v;
    }

    static Map<String, Double> only(Map<String, Double> samples, String prefix) {
        var out = new LinkedHashMap<String, Double>();
        samples.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v);
            }
        });
        return out;
    }
}

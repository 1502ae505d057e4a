package dev.leaklab.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A unit such as {@code ns/op}, {@code ops/ms}, {@code MB/sec} or {@code B/thread}: a numerator and
 * denominators, each a time, a byte count, operations or anything else (compared by name). Two units
 * convert into each other when they measure the same dimensions ({@code ns/op} and {@code us/op},
 * {@code ops/ms} and {@code ops/s}) and not otherwise ({@code ns/op} and {@code ops/s} are reciprocal:
 * converting would turn a mean of times into something that is not a mean of rates).
 *
 * @param text       as written in the file
 * @param factor     one of this unit in the base units of its dimensions (seconds, bytes, operations)
 * @param dimensions e.g. {@code time/op}
 */
public record Unit(String text, double factor, String dimensions) {

    private record Token(String dimension, double factor) { }

    // JMH writes TimeUnit labels (ns, us, ms, s, min, hr, day); its GC profiler writes MB/sec with
    // MB = 1024 * 1024 bytes, and B/op.
    private static final Map<String, Token> TOKENS = Map.ofEntries(
            Map.entry("ns", new Token("time", 1e-9)),
            Map.entry("us", new Token("time", 1e-6)),
            Map.entry("µs", new Token("time", 1e-6)),
            Map.entry("μs", new Token("time", 1e-6)),
            Map.entry("ms", new Token("time", 1e-3)),
            Map.entry("s", new Token("time", 1)),
            Map.entry("sec", new Token("time", 1)),
            Map.entry("min", new Token("time", 60)),
            Map.entry("hr", new Token("time", 3600)),
            Map.entry("day", new Token("time", 86400)),
            Map.entry("b", new Token("bytes", 1)),
            Map.entry("bytes", new Token("bytes", 1)),
            Map.entry("kb", new Token("bytes", 1024)),
            Map.entry("kib", new Token("bytes", 1024)),
            Map.entry("mb", new Token("bytes", 1024.0 * 1024)),
            Map.entry("mib", new Token("bytes", 1024.0 * 1024)),
            Map.entry("gb", new Token("bytes", 1024.0 * 1024 * 1024)),
            Map.entry("gib", new Token("bytes", 1024.0 * 1024 * 1024)),
            Map.entry("op", new Token("op", 1)),
            Map.entry("ops", new Token("op", 1)));

    public static Unit parse(String text) {
        String t = text == null ? "" : text.strip();
        String[] parts = t.split("/", -1);
        double factor = 1;
        List<String> dims = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].strip();
            // "B" is bytes, "b" would be bits: only the case-insensitive lookup for the rest
            Token tok = p.equals("b") ? null : TOKENS.get(p.equals("B") ? "b" : p.toLowerCase(Locale.ROOT));
            String dim = tok == null ? p : tok.dimension();
            double f = tok == null ? 1 : tok.factor();
            factor = i == 0 ? f : factor / f;
            dims.add(dim);
        }
        return new Unit(t, factor, String.join("/", dims));
    }

    /** The factor that turns a value in this unit into one in {@code target}, if they measure the same thing. */
    public OptionalDouble factorTo(Unit target) {
        if (text.equals(target.text)) {
            return OptionalDouble.of(1);
        }
        if (!dimensions.equals(target.dimensions)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(factor / target.factor);
    }

    /** Which way is better, judged from the unit alone: time per op, bytes and counts down; ops per time up. */
    public Direction guessDirection() {
        String[] d = dimensions.split("/");
        String num = d[0];
        String den = d.length > 1 ? d[1] : "";
        if (num.equals("op") && den.equals("time")) {
            return Direction.HIGHER;
        }
        if (num.equals("time") || num.equals("bytes") || num.equals("counts")) {
            return Direction.LOWER;
        }
        return Direction.UNKNOWN;
    }

    @Override
    public String toString() {
        return text;
    }
}

package dev.leaklab.io;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Durations as people type them: {@code 500ms}, {@code 10s}, {@code 1.5s}, {@code 2m}, {@code 1h},
 * {@code 0}, or ISO {@code PT10S}. The one syntax of every leaklab setting that is a duration: the
 * command line, JUnit configuration parameters, annotations and the API.
 */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)");

    private Durations() {
    }

    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (t.startsWith("pt")) {
            try {
                return Duration.parse(t);
            } catch (DateTimeParseException e) {
                // fall through to the message below
            }
        }
        var m = FORMAT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write it as 500ms, 10s, 2m or 1h");
        }
        var n = new BigDecimal(m.group(1));
        long nanosPerUnit = switch (m.group(2)) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
        return Duration.ofNanos(n.multiply(BigDecimal.valueOf(nanosPerUnit)).longValue());
    }

    /** The shortest readable form: {@code 2s}, {@code 1.5s}, {@code 250ms}, {@code 2m}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms >= 60_000) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        if (ms >= 1000) {
            return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + "s";
        }
        return ms + "ms";
    }
}

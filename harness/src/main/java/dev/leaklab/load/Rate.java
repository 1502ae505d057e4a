package dev.leaklab.load;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/** An offered load in operations per second, written {@code 50/s}, {@code 50}, or {@code 3000/min}. */
public record Rate(double perSecond) {

    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*(s|sec|m|min))?");

    public Rate {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("a rate must be positive, e.g. 50/s; got " + perSecond);
        }
    }

    public static Rate parse(String text) {
        var m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate: write it as 50/s, 50 or 3000/min");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        double perSecond = unit == null || unit.startsWith("s") ? n : n / 60;
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("a rate must be positive, e.g. 50/s; got '" + text + "'");
        }
        return new Rate(perSecond);
    }

    /** Time between two operations. */
    public Duration period() {
        return Duration.ofNanos(Math.max(1, Math.round(1e9 / perSecond)));
    }

    @Override
    public String toString() {
        return perSecond == Math.rint(perSecond)
                ? String.format(Locale.ROOT, "%d/s", (long) perSecond)
                : String.format(Locale.ROOT, "%.3g/s", perSecond);
    }
}

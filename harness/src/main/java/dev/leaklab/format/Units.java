package dev.leaklab.format;

import java.util.Locale;

/** Picks a readable unit for a range of values, and formats numbers the same way everywhere (Locale.ROOT). */
public final class Units {

    private Units() {
    }

    /** A binary byte unit and the divisor that converts bytes into it. */
    public record ByteUnit(String name, double divisor) {
        public double of(double bytes) {
            return bytes / divisor;
        }
    }

    static final ByteUnit B = new ByteUnit("B", 1);
    static final ByteUnit KIB = new ByteUnit("KiB", 1024);
    static final ByteUnit MIB = new ByteUnit("MiB", 1024 * 1024);
    static final ByteUnit GIB = new ByteUnit("GiB", 1024L * 1024 * 1024);

    /** The largest unit in which the largest magnitude is still at least 1 (B for zero or nothing). */
    public static ByteUnit bytesFor(double maxAbsBytes) {
        double m = Math.abs(maxAbsBytes);
        if (!(m >= 1024)) {
            return B;
        }
        return m >= GIB.divisor() ? GIB : m >= MIB.divisor() ? MIB : KIB;
    }

    /** A number with about three significant digits: 1234 → "1234", 12.34 → "12.3", 0.01234 → "0.0123". */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 100 || a == 0) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** Bytes in the unit that suits them, e.g. "118.4 KiB". */
    public static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "-";
        }
        ByteUnit u = bytesFor(b);
        return number(u.of(b)) + " " + u.name();
    }

    /** A rate as a plain number: 50 → "50", 12.5 → "12.5" (the unit is the caller's: "/s", "msg/s"). */
    public static String rate(double r) {
        return r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
    }
}

package dev.leaklab.compare;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** How numbers are written: four significant digits, k/M/G above 10 000, never an exponent, Locale-free. */
final class Numbers {

    private static final MathContext FOUR = new MathContext(4);
    private static final String[] SUFFIX = {"", "k", "M", "G", "T"};

    private Numbers() {
    }

    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+∞" : "-∞";
        }
        if (v == 0) {
            return "0";
        }
        int i = 0;
        double x = v;
        while (Math.abs(x) >= 10_000 && i < SUFFIX.length - 1) {
            x /= 1000;
            i++;
        }
        return BigDecimal.valueOf(x).round(FOUR).stripTrailingZeros().toPlainString() + SUFFIX[i];
    }

    /** The half-width of an interval around a centre, as ±percent of the centre (absolute when the centre is 0). */
    static String plusMinus(double center, Interval interval) {
        if (interval == null) {
            return "±∞";
        }
        double w = Math.max(interval.high() - center, center - interval.low());
        if (center == 0 || !Double.isFinite(center)) {
            return "±" + value(w);
        }
        double pct = w / Math.abs(center) * 100;
        return "±" + (pct < 10 ? String.format(Locale.ROOT, "%.1f", pct) : String.format(Locale.ROOT, "%.0f", pct)) + "%";
    }

    static String percent(double pct) {
        if (Double.isNaN(pct)) {
            return "?";
        }
        if (Double.isInfinite(pct)) {
            return pct > 0 ? "+∞%" : "-∞%";
        }
        return String.format(Locale.ROOT, "%+.1f%%", pct);
    }

    static String threshold(double pct) {
        return BigDecimal.valueOf(pct).round(FOUR).stripTrailingZeros().toPlainString() + "%";
    }

    static String p(double p) {
        return String.format(Locale.ROOT, "p=%.3f", p);
    }

    /** Rounded for JSON: six significant digits keep the files stable and readable. */
    static double round(double v, int digits) {
        if (!Double.isFinite(v) || v == 0) {
            return v;
        }
        return new BigDecimal(v).round(new MathContext(digits)).doubleValue();
    }
}

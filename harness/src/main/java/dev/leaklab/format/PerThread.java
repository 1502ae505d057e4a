package dev.leaklab.format;

import java.util.ArrayList;
import java.util.Locale;

import dev.leaklab.result.CellResult;
import dev.leaklab.result.Fit;

/**
 * A per-thread memory figure (the slope of memory against the live thread count) as every table
 * shows it: with its 95% interval, or {@code ~} and why it is not a figure. A slope whose interval
 * spans zero or is wider than the slope itself says nothing about a thread's cost, so it is never
 * shown as a bare number.
 */
public final class PerThread {

    /** Fewer points than this (heap after GC is read once a second): "too few points". */
    public static final int FEW_POINTS = 6;
    /** A live count that moved by fewer threads than this: "too few threads". */
    public static final int FEW_THREADS = 100;

    private PerThread() {
    }

    /**
     * True when the fit is a figure: its interval excludes zero and is no wider (high minus low)
     * than the slope; or memory never moved at all (an interval of no width: exact).
     */
    public static boolean isFigure(Fit f) {
        return f != null && (f.ciHigh() == f.ciLow() || f.excludesZero() && f.ciHigh() - f.ciLow() <= Math.abs(f.slope()));
    }

    /**
     * "112.7 ± 1.2 KiB", or "~ (too few points (4); 95% CI -29.5 to 17.0 KiB)", or "-" without a fit.
     *
     * @param threadRange how far the live count moved (peak above baseline; null when unknown)
     */
    public static String text(Fit f, Integer threadRange) {
        if (f == null) {
            return "-";
        }
        var unit = Units.bytesFor(Math.max(Math.abs(f.slope()), Math.max(Math.abs(f.ciLow()), Math.abs(f.ciHigh()))));
        if (isFigure(f)) {
            return Units.number(unit.of(f.slope())) + " ± " + Units.number(unit.of(f.halfWidth())) + " " + unit.name();
        }
        return "~ (" + reason(f, threadRange) + "; 95% CI " + Units.number(unit.of(f.ciLow())) + " to "
                + Units.number(unit.of(f.ciHigh())) + " " + unit.name() + ")";
    }

    /** {@link #text(Fit, Integer)} for one of a cell's fits, with how far its live count moved (peak above baseline). */
    public static String text(CellResult c, Fit f) {
        var t = c.threads();
        return text(f, t == null || t.peak() == null || t.baseline() == null ? null : t.peak() - t.baseline());
    }

    /** Why a fit is not a figure, in words: the few points, the few threads, or else the noise. */
    public static String reason(Fit f, Integer threadRange) {
        var why = new ArrayList<String>();
        if (f.n() < FEW_POINTS) {
            why.add("too few points (" + f.n() + ")");
        }
        if (threadRange != null && threadRange < FEW_THREADS) {
            why.add("too few threads (" + threadRange + ")");
        }
        if (why.isEmpty()) {
            why.add(String.format(Locale.ROOT, "too noisy (%d points, %s threads)", f.n(),
                    threadRange == null ? "?" : String.valueOf(threadRange)));
        }
        return String.join(", ", why);
    }
}

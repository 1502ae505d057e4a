package dev.leaklab.result;

/**
 * A least-squares line: {@code slope} with its 95% confidence interval, R², the number of points
 * and {@code intercept}, the line's value at x = 0 (null in runs written before it was kept). Units depend on the field that holds it (threads per second, bytes per thread).
 * {@code rSquared} is null when y does not vary (a flat line: the fit explains nothing, and
 * there is nothing to explain).
 */
public record Fit(double slope, double ciLow, double ciHigh, Double rSquared, int n, Double intercept) {

    /** A fit without an intercept, as older runs recorded it. */
    public Fit(double slope, double ciLow, double ciHigh, Double rSquared, int n) {
        this(slope, ciLow, ciHigh, rSquared, n, null);
    }

    public boolean excludesZero() {
        return ciLow > 0 || ciHigh < 0;
    }

    public double halfWidth() {
        return (ciHigh - ciLow) / 2;
    }

    /**
     * The intercept of the line with this slope through the centroid of (x, y): where every
     * least-squares line passes. For results that kept a slope but not its intercept.
     */
    public static double throughCentroid(double[] x, double[] y, double slope) {
        double mx = java.util.Arrays.stream(x).average().orElse(0);
        double my = java.util.Arrays.stream(y).average().orElse(0);
        return my - slope * mx;
    }
}

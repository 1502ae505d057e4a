package dev.leaklab.compare;

/**
 * An interval around a centre value, and where it came from.
 *
 * @param method {@code median-95}: a distribution-free 95% confidence interval of the median from
 *               order statistics; {@code fit-95}: the 95% interval of a least-squares slope (a single
 *               run's own interval); {@code jmh-99.9}: JMH's scoreConfidence (a file without rawData)
 */
public record Interval(double low, double high, String method) {

    public static final String MEDIAN_95 = "median-95";
    public static final String FIT_95 = "fit-95";
    public static final String JMH_999 = "jmh-99.9";

    Interval scaled(double factor) {
        double a = low * factor;
        double b = high * factor;
        return new Interval(Math.min(a, b), Math.max(a, b), method);
    }
}

package dev.leaklab.result;

/**
 * A least-squares line: {@code slope} with its 95% confidence interval, R² and the number of
 * points. Units depend on the field that holds it (threads per second, bytes per thread).
 * {@code rSquared} is null when y does not vary (a flat line: the fit explains nothing, and
 * there is nothing to explain).
 */
public record Fit(double slope, double ciLow, double ciHigh, Double rSquared, int n) {

    public boolean excludesZero() {
        return ciLow > 0 || ciHigh < 0;
    }

    public double halfWidth() {
        return (ciHigh - ciLow) / 2;
    }
}

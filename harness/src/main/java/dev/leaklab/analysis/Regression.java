package dev.leaklab.analysis;

import org.apache.commons.math3.stat.regression.SimpleRegression;

import dev.leaklab.result.Fit;

/** Least squares with a 95% confidence interval on the slope (Commons Math). */
public final class Regression {

    private Regression() {
    }

    /** Fits y = a + b·x; null with fewer than 3 points or when x does not vary. */
    public static Fit fit(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length");
        }
        if (x.length < 3) {
            return null;
        }
        var r = new SimpleRegression();
        for (int i = 0; i < x.length; i++) {
            r.addData(x[i], y[i]);
        }
        if (r.getXSumSquares() == 0) {
            return null;
        }
        double slope = r.getSlope();
        double half = r.getSlopeConfidenceInterval(0.05);
        if (Double.isNaN(half)) {
            half = 0; // every point on the line: no residual error at all
        }
        double r2 = r.getRSquare();
        return new Fit(slope, slope - half, slope + half, Double.isFinite(r2) ? r2 : null, x.length, r.getIntercept());
    }
}

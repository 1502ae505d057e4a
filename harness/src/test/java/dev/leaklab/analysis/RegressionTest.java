package dev.leaklab.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import dev.leaklab.result.Fit;

class RegressionTest {

    @Test
    void exactLineHasZeroWidthIntervalAndRSquaredOne() {
        var fit = Regression.fit(new double[] {0, 1, 2, 3}, new double[] {1, 51, 101, 151});
        assertThat(fit.intercept()).isCloseTo(1.0, within(1e-9));
        assertThat(Fit.throughCentroid(new double[] {0, 1, 2, 3}, new double[] {1, 51, 101, 151}, fit.slope()))
                .isCloseTo(fit.intercept(), within(1e-9));
        assertThat(fit.slope()).isCloseTo(50, within(1e-9));
        assertThat(fit.ciLow()).isCloseTo(50, within(1e-6));
        assertThat(fit.rSquared()).isCloseTo(1, within(1e-12));
        assertThat(fit.excludesZero()).isTrue();
    }

    @Test
    void noisyLineHasAnIntervalThatHoldsTheTrueSlope() {
        int n = 40;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.1;
            y[i] = 10 + 50 * x[i] + (i % 2 == 0 ? 1.5 : -1.5); // +-1.5 threads of alternating noise
        }
        var fit = Regression.fit(x, y);
        assertThat(fit.ciLow()).isLessThan(50).isGreaterThan(45);
        assertThat(fit.ciHigh()).isGreaterThan(50).isLessThan(55);
        assertThat(fit.rSquared()).isGreaterThan(0.98).isLessThan(1);
    }

    @Test
    void flatLineHasZeroSlopeAndNoRSquared() {
        var fit = Regression.fit(new double[] {0, 1, 2, 3}, new double[] {7, 7, 7, 7});
        assertThat(fit.slope()).isZero();
        assertThat(fit.excludesZero()).isFalse();
        assertThat(fit.rSquared()).isNull();
    }

    @Test
    void tooFewPointsOrNoSpreadInXGiveNoFit() {
        assertThat(Regression.fit(new double[] {0, 1}, new double[] {0, 1})).isNull();
        assertThat(Regression.fit(new double[] {2, 2, 2}, new double[] {0, 1, 2})).isNull();
    }
}

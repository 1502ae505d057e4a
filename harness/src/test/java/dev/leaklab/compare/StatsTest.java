package dev.leaklab.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void theSmallestPossiblePValueIsTwoOverTheBinomialCoefficient() {
        assertThat(Stats.minimumPValue(3, 3)).isCloseTo(2.0 / 20, within(1e-12));
        assertThat(Stats.minimumPValue(4, 4)).isCloseTo(2.0 / 70, within(1e-12));
        assertThat(Stats.minimumPValue(5, 5)).isCloseTo(2.0 / 252, within(1e-12));
        assertThat(Stats.minimumPValue(1, 39)).isCloseTo(2.0 / 40, within(1e-12));
        assertThat(Stats.minimumPValue(0, 10)).isEqualTo(1);
    }

    @Test
    void samplesNeededPerSideDependOnAlpha() {
        assertThat(Stats.samplesNeeded(0.05)).isEqualTo(4);   // 2/70 = 0.029 < 0.05, 2/20 = 0.1 is not
        assertThat(Stats.samplesNeeded(0.01)).isEqualTo(5);   // 2/252 = 0.0079
        assertThat(Stats.samplesNeeded(0.001)).isEqualTo(7);  // 2/3432 = 0.00058; 2/924 = 0.0022 is not
        assertThat(Stats.samplesNeeded(0.2)).isEqualTo(3);
    }

    @Test
    void theMedianIntervalNeedsSixSamplesAndWidensToTheOrderStatistics() {
        assertThat(Stats.medianInterval(new double[] {1, 2, 3, 4, 5})).isEmpty();
        assertThat(Stats.medianInterval(new double[] {1, 2, 3, 4, 5, 6})).hasValueSatisfying(i -> {
            assertThat(i.low()).isEqualTo(1);
            assertThat(i.high()).isEqualTo(6);
        });
        double[] twenty = new double[20];
        for (int i = 0; i < 20; i++) {
            twenty[i] = i + 1;
        }
        // n = 20: P(B <= 5) = 0.0207, so [x(6), x(15)] covers 95.9%; [x(7), x(14)] would cover only 88.5%
        assertThat(Stats.medianInterval(twenty)).hasValueSatisfying(i -> {
            assertThat(i.low()).isEqualTo(6);
            assertThat(i.high()).isEqualTo(15);
        });
    }

    @Test
    void identicalSamplesGiveOneAndSeparatedSamplesGiveTheExactMinimum() {
        double[] a = {1, 2, 3, 4, 5, 6};
        assertThat(Stats.pValue(a, a.clone())).isEqualTo(1);
        assertThat(Stats.pValue(new double[] {7, 7, 7}, new double[] {7, 7, 7})).isEqualTo(1);
        assertThat(Stats.pValue(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8})).isCloseTo(2.0 / 70, within(1e-12));
    }

    @Test
    void medianAndGeomean() {
        assertThat(Stats.median(new double[] {1, 2, 3})).isEqualTo(2);
        assertThat(Stats.median(new double[] {1, 2, 3, 10})).isEqualTo(2.5);
        assertThat(Stats.geomean(new double[] {1, 100})).isCloseTo(10, within(1e-12));
    }
}

package dev.leaklab.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The fit and the segments of {@code stress --rss}, on readings whose answer is known. */
class RssExperimentTest {

    // two repetitions: 0 threads, then 150, 1000, 4000; 100 MB fixed, 20 KB per thread, a 10 MB step at the first threads
    static final List<long[]> READINGS = List.of(
            new long[] {0, 90_000_000}, new long[] {150, 103_000_000}, new long[] {1000, 120_000_000}, new long[] {4000, 180_000_000},
            new long[] {0, 90_000_000}, new long[] {150, 103_000_100}, new long[] {1000, 119_999_900}, new long[] {4000, 180_000_000});

    @Test
    void theFitOverTheCheckpointsGivesTheFixedCostAndTheMarginalOneWithIntervals() {
        var fit = RssExperiment.fit(READINGS.stream().filter(p -> p[0] > 0).toList());
        assertThat(fit.fixedBytes()).isCloseTo(100_000_000, within(200.0));
        assertThat(fit.marginalBytes()).isCloseTo(20_000, within(1.0));
        assertThat(fit.fixedHalfWidth()).isPositive().isLessThan(1000);
        assertThat(fit.marginalHalfWidth()).isPositive().isLessThan(1);
        assertThat(fit.n()).isEqualTo(6);
    }

    @Test
    void segmentsShowTheStepTheFirstThreadsPay() {
        var seg = RssExperiment.segments(READINGS, List.of(150, 1000, 4000));
        assertThat(seg).containsOnlyKeys("0-150", "150-1000", "1000-4000");
        assertThat(seg.get("0-150")).isCloseTo(13_000_000 / 150.0, within(1.0));
        assertThat(seg.get("1000-4000")).isCloseTo(20_000, within(1.0));
    }

    @Test
    void tooFewReadingsGiveNoFit() {
        assertThat(RssExperiment.fit(READINGS.subList(0, 2))).isNull();
    }
}

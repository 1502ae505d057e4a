package dev.leaklab.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.leaklab.monitor.ThreadWatch.Reading;

class ThreadWatchTest {

    @Test
    void theGoGuidesLevelsAtTheirBoundaries() {
        assertThat(LeakRule.level(120, 20)).isEqualTo(Level.OK);        // exactly 100 above
        assertThat(LeakRule.level(121, 20)).isEqualTo(Level.WARNING);
        assertThat(LeakRule.level(1020, 20)).isEqualTo(Level.WARNING);  // exactly 1,000 above
        assertThat(LeakRule.level(1021, 20)).isEqualTo(Level.CRITICAL);
        assertThat(LeakRule.level(10_000, 9_990)).isEqualTo(Level.OK);  // exactly 10,000 in total
        assertThat(LeakRule.level(10_001, 9_990)).isEqualTo(Level.EMERGENCY);
        assertThat(Level.values()).extracting(l -> l.exitCode).containsExactly(0, 3, 4, 5);
    }

    @Test
    void backToBaselineAllowsTheTolerance() {
        assertThat(LeakRule.backToBaseline(10, 10 + LeakRule.TOLERANCE)).isTrue();
        assertThat(LeakRule.backToBaseline(10, 11 + LeakRule.TOLERANCE)).isFalse();
        assertThat(LeakRule.backToBaseline(10, 3)).isTrue();
        assertThat(LeakRule.above(10, 3)).isZero();
        assertThat(LeakRule.above(10, 14)).isEqualTo(4);
    }

    @Test
    void worstLevelSeriesAndMonotonicGrowth() {
        var watch = new ThreadWatch();
        for (int i = 0; i <= 4; i++) {
            watch.add(new Reading(i * 10.0, 10, 300 * i, 5, 1000));
        }
        assertThat(watch.baseline()).isEqualTo(10);
        assertThat(watch.worst()).isEqualTo(Level.CRITICAL); // +1,200 at the end
        assertThat(watch.seconds()).containsExactly(0, 10, 20, 30, 40);
        assertThat(watch.totals()).containsExactly(10, 310, 610, 910, 1210);
        assertThat(watch.growingMonotonically()).isTrue();
    }

    @Test
    void aDropIsNotMonotonicAndTheWorstLevelStays() {
        var watch = new ThreadWatch();
        watch.add(new Reading(0, 10, 0, 5, 1000));
        watch.add(new Reading(10, 10, 500, 5, 1000));
        watch.add(new Reading(20, 10, 0, 5, 1000));
        assertThat(watch.growingMonotonically()).isFalse();
        assertThat(watch.worst()).isEqualTo(Level.WARNING);
        assertThat(watch.add(new Reading(30, 10, 0, 5, 1000))).isEqualTo(Level.OK);
        assertThat(watch.worst()).isEqualTo(Level.WARNING);
    }
}

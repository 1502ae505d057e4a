package dev.leaklab.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import dev.leaklab.threads.ThreadWatch.Level;
import dev.leaklab.threads.ThreadWatch.Reading;

class ThreadWatchTest {

    @Test
    void theSeedsLevelsAtTheirBoundaries() {
        assertThat(Level.of(120, 20)).isEqualTo(Level.OK);        // exactly 100 above
        assertThat(Level.of(121, 20)).isEqualTo(Level.WARNING);
        assertThat(Level.of(1020, 20)).isEqualTo(Level.WARNING);  // exactly 1,000 above
        assertThat(Level.of(1021, 20)).isEqualTo(Level.CRITICAL);
        assertThat(Level.of(10_000, 9_990)).isEqualTo(Level.OK);  // exactly 10,000 in total
        assertThat(Level.of(10_001, 9_990)).isEqualTo(Level.EMERGENCY);
        assertThat(Level.values()).extracting(l -> l.exitCode).containsExactly(0, 3, 4, 5);
    }

    @Test
    void worstLevelSlopeAndMonotonicGrowth() {
        var watch = new ThreadWatch();
        for (int i = 0; i <= 4; i++) {
            watch.add(new Reading(i * 10.0, 10, 300 * i, 5, 1000));
        }
        assertThat(watch.baseline()).isEqualTo(10);
        assertThat(watch.worst()).isEqualTo(Level.CRITICAL); // +1,200 at the end
        assertThat(watch.slope().slope()).isCloseTo(30.0, within(1e-9));
        assertThat(watch.slope().rSquared()).isCloseTo(1.0, within(1e-9));
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

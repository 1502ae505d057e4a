package dev.leaklab.threads;

import java.util.ArrayList;
import java.util.List;

import dev.leaklab.analysis.Regression;
import dev.leaklab.result.Fit;

/**
 * The seed's goroutine monitor for a JVM's threads: a series of readings of the live platform and
 * virtual thread count, judged against the first reading (the baseline) with the seed's levels.
 */
public final class ThreadWatch {

    /**
     * The seed's detection thresholds. The exit code of {@code leaklab watch} is the worst level
     * reached: 0 OK, 3 WARNING, 4 CRITICAL, 5 EMERGENCY (1 and 2 stay an error and bad input).
     */
    public enum Level {
        OK(0, "within 100 of the baseline"),
        WARNING(3, "more than 100 above the baseline"),
        CRITICAL(4, "more than 1,000 above the baseline"),
        EMERGENCY(5, "more than 10,000 threads in total");

        public static final int WARNING_ABOVE_BASELINE = 100;
        public static final int CRITICAL_ABOVE_BASELINE = 1_000;
        public static final int EMERGENCY_TOTAL = 10_000;

        public final int exitCode;
        public final String meaning;

        Level(int exitCode, String meaning) {
            this.exitCode = exitCode;
            this.meaning = meaning;
        }

        public static Level of(int total, int baseline) {
            if (total > EMERGENCY_TOTAL) {
                return EMERGENCY;
            }
            int above = total - baseline;
            return above > CRITICAL_ABOVE_BASELINE ? CRITICAL : above > WARNING_ABOVE_BASELINE ? WARNING : OK;
        }
    }

    /** One count, {@code seconds} after the first; {@code costMillis} and {@code bytes} are what taking it cost. */
    public record Reading(double seconds, int platform, int virtual, long costMillis, long bytes) {
        public int total() {
            return platform + virtual;
        }
    }

    private final List<Reading> readings = new ArrayList<>();
    private Level worst = Level.OK;

    /** Adds a reading and returns its level. */
    public Level add(Reading r) {
        readings.add(r);
        Level level = Level.of(r.total(), baseline());
        if (level.compareTo(worst) > 0) {
            worst = level;
        }
        return level;
    }

    public List<Reading> readings() {
        return List.copyOf(readings);
    }

    public int baseline() {
        return readings.getFirst().total();
    }

    public Level worst() {
        return worst;
    }

    public int peak() {
        return readings.stream().mapToInt(Reading::total).max().orElse(0);
    }

    /** Least-squares slope of the total over time, threads per second, with its 95% CI; null below 3 readings. */
    public Fit slope() {
        return Regression.fit(readings.stream().mapToDouble(Reading::seconds).toArray(),
                readings.stream().mapToDouble(Reading::total).toArray());
    }

    /** The seed's "count grows monotonically": never fell between readings, and rose overall (3+ readings). */
    public boolean growingMonotonically() {
        if (readings.size() < 3) {
            return false;
        }
        for (int i = 1; i < readings.size(); i++) {
            if (readings.get(i).total() < readings.get(i - 1).total()) {
                return false;
            }
        }
        return readings.getLast().total() > readings.getFirst().total();
    }
}

package dev.leaklab.monitor;

import java.util.ArrayList;
import java.util.List;


/**
 * The Go guide's goroutine monitor for a JVM's threads: a series of readings of the live platform
 * and virtual thread count, judged against the first reading (the baseline) by {@link LeakRule}.
 */
public final class ThreadWatch {

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
        Level level = LeakRule.level(r.total(), baseline());
        if (level.compareTo(worst) > 0) {
            worst = level;
        }
        return level;
    }

    public List<Reading> readings() {
        return List.copyOf(readings);
    }

    public int baseline() {
        return readings.get(0).total();
    }

    public Level worst() {
        return worst;
    }

    public int peak() {
        return readings.stream().mapToInt(Reading::total).max().orElse(0);
    }

    /** Seconds of each reading, for a fit of the count over time. */
    public double[] seconds() {
        return readings.stream().mapToDouble(Reading::seconds).toArray();
    }

    /** Total count of each reading. */
    public double[] totals() {
        return readings.stream().mapToDouble(Reading::total).toArray();
    }

    /** The Go guide's "count grows monotonically": never fell between readings, and rose overall (3+ readings). */
    public boolean growingMonotonically() {
        if (readings.size() < 3) {
            return false;
        }
        for (int i = 1; i < readings.size(); i++) {
            if (readings.get(i).total() < readings.get(i - 1).total()) {
                return false;
            }
        }
        return readings.get(readings.size() - 1).total() > readings.get(0).total();
    }
}

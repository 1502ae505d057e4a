package dev.leaklab.monitor;

/**
 * leaklab's one rule for "are we leaking threads?", used by {@code run}, {@code stress},
 * {@code watch}, the debug endpoint and the JUnit extension alike.
 *
 * <p><b>What is counted.</b> Application threads, platform and virtual: everything but the JVM's
 * own threads (outside the {@code main} thread group) and the tool's own (see
 * {@code LiveThreads.census()}). Where only a thread dump of another JVM is at hand
 * ({@code leaklab watch PID}) the dump cannot tell the two apart, and every thread counts.
 *
 * <p><b>Leaked</b> means: once the work is done and given time to wind down, the count stays more
 * than {@link #TOLERANCE} above the baseline taken before the work began (the Go guide: "count
 * never decreases even during idle periods"). The tolerance is two threads because the JDK and
 * common libraries start a helper or two lazily and keep it for the life of the JVM (a
 * common-pool worker, an HTTP client's selector); those are not per-request work and do not grow.
 * A leak that matters grows with load, so {@code stress} also asks that the load-phase slope's
 * 95% confidence interval lies above zero before it says LEAKING.
 *
 * <p><b>How bad</b> is the Go guide's level, from the distance to the baseline while it runs:
 * {@link Level}.
 */
public final class LeakRule {

    /** Threads above the baseline that still count as "back to the baseline". */
    public static final int TOLERANCE = 2;

    private LeakRule() {
    }

    /** True when {@code now} is within {@link #TOLERANCE} of {@code baseline}. */
    public static boolean backToBaseline(int baseline, int now) {
        return now - baseline <= TOLERANCE;
    }

    /** Threads above the baseline, never negative. */
    public static int above(int baseline, int now) {
        return Math.max(0, now - baseline);
    }

    /** The Go guide's level of a count against its baseline. */
    public static Level level(int total, int baseline) {
        if (total > Level.EMERGENCY_TOTAL) {
            return Level.EMERGENCY;
        }
        int above = total - baseline;
        return above > Level.CRITICAL_ABOVE_BASELINE ? Level.CRITICAL
                : above > Level.WARNING_ABOVE_BASELINE ? Level.WARNING : Level.OK;
    }
}

package dev.leaklab.monitor;

/**
 * The Go guide's detection thresholds, as {@link LeakRule#level} applies them. {@link #exitCode}
 * is what {@code leaklab watch} exits with at the worst level reached (1 and 2 stay an error and
 * bad input).
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
}

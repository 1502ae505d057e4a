package dev.leaklab.check;

/**
 * A thread that was still running when the checked code returned and ended within the linger: not
 * a leak, but worth a quiet note (a teardown that interrupts without joining, {@code shutdownNow()}
 * without an await, a short hold).
 *
 * @param site         where it was created ({@link LeakedThread#site()}), or null when unknown
 * @param withinMillis an upper bound of how long after the checked code it ended
 */
public record EndedThread(String name, boolean virtual, String site, long withinMillis) {
}

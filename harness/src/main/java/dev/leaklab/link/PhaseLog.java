package dev.leaklab.link;

/**
 * The child's own account of one phase, kept in memory and written to {@value CellSpec#PHASES_FILE}
 * as it ends: with or without leaklab's recording, the flood's throughput is taken from these
 * exact counts at the end of the load rather than from the last 100 ms sample before it.
 *
 * @param startEpochMillis when the phase began (wall clock, for a reader)
 * @param durationNanos    how long it lasted (monotonic clock)
 * @param flood            the flood's running totals at the phase's end, null for other scenarios
 */
public record PhaseLog(String phase, long startEpochMillis, long durationNanos, long operations,
                       Counts flood) {

    /** The flood's running totals at one moment, as the child kept them. */
    public record Counts(long submitted, long rejected, long completed, long timedOut) { }
}

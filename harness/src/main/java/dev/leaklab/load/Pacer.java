package dev.leaklab.load;

import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop schedule: operation i is due at {@code start + i * period}, whatever happened to
 * operation i-1. A driver that falls behind catches up instead of silently lowering the rate
 * (the coordinated-omission trap); {@link #lagNanos()} says by how much it was behind.
 */
public final class Pacer {

    private final long startNanos;
    private final double periodNanos;
    private long next;
    private long maxLagNanos;

    public Pacer(Rate rate) {
        this.startNanos = System.nanoTime();
        this.periodNanos = 1e9 / rate.perSecond();
    }

    public long startNanos() {
        return startNanos;
    }

    /** When operation {@code i} is due, in {@link System#nanoTime()} terms. */
    public long dueNanos(long i) {
        return startNanos + Math.round(i * periodNanos);
    }

    /** Waits until the next operation is due and returns its due time. */
    public long awaitNext() {
        long due = dueNanos(next++);
        sleepUntil(due);
        maxLagNanos = Math.max(maxLagNanos, System.nanoTime() - due);
        return due;
    }

    /** How many operations have been handed out. */
    public long issued() {
        return next;
    }

    /** The worst lateness of any operation so far. */
    public long lagNanos() {
        return maxLagNanos;
    }

    /** Parks until {@code deadlineNanos} ({@link System#nanoTime()} terms), however often the park returns early. */
    public static void sleepUntil(long deadlineNanos) {
        long now;
        while ((now = System.nanoTime()) < deadlineNanos) {
            LockSupport.parkNanos(deadlineNanos - now);
        }
    }
}

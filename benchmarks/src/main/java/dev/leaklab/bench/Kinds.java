package dev.leaklab.bench;

import java.util.concurrent.ThreadFactory;

/**
 * The {@code @Param kind} of the benchmarks: "platform" or "virtual". A string rather than the
 * harness's enum so that {@code -p kind=virtual} reads the way the README writes it.
 */
public final class Kinds {

    public static final String PLATFORM = "platform";
    public static final String VIRTUAL = "virtual";

    private Kinds() {
    }

    /** A thread-safe factory of unstarted threads of that kind. */
    public static ThreadFactory factory(String kind) {
        return switch (kind) {
            case PLATFORM -> Thread.ofPlatform().factory();
            case VIRTUAL -> Thread.ofVirtual().factory();
            default -> throw new IllegalArgumentException(
                    "kind must be " + PLATFORM + " or " + VIRTUAL + ", not '" + kind + "'");
        };
    }

    /**
     * Waits until {@code t} is blocked: parked, sleeping or waiting for a monitor, or (a platform
     * thread in a socket read) running native code. Benchmarks that measure how a blocked thread
     * is woken must not wake it before it blocks.
     */
    public static void awaitBlocked(Thread t) throws InterruptedException {
        while (true) {
            switch (t.getState()) {
                case WAITING, TIMED_WAITING, BLOCKED, TERMINATED -> {
                    return;
                }
                case RUNNABLE -> {
                    StackTraceElement[] stack = t.isVirtual() ? new StackTraceElement[0] : t.getStackTrace();
                    if (stack.length > 0 && stack[0].isNativeMethod()) {
                        return;
                    }
                }
                default -> {
                }
            }
            Thread.sleep(0, 100_000);
        }
    }
}

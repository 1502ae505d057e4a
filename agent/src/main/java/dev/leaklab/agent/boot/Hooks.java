package dev.leaklab.agent.boot;

/**
 * What the instrumented JDK methods call (see {@link ThreadHooks}). Public because
 * {@code java.lang.Thread} calls it from another package and module. Each body catches everything:
 * a bug here must never stop a thread from starting or ending; the first failure switches the
 * agent off and says so in one line.
 */
public final class Hooks {
    static volatile boolean on;

    private Hooks() {}

    /** Entry of a start method, on the creating thread; {@code container} is a ThreadContainer or null. */
    public static void started(Thread thread, Object container) {
        if (!on) return;
        try {
            Registry.started(thread, container);
        } catch (Throwable e) {
            fail(e);
        }
    }

    /** A ThreadPoolExecutor or ForkJoinPool was constructed, on the creating thread. */
    public static void poolCreated(Object pool) {
        if (!on) return;
        try {
            Registry.poolCreated(pool);
        } catch (Throwable e) {
            fail(e);
        }
    }

    /** A ThreadPoolExecutor's factory made a worker's thread (or null), not started yet. */
    public static void workerCreated(Thread thread, Object pool) {
        if (!on) return;
        try {
            Registry.workerCreated(thread, pool);
        } catch (Throwable e) {
            fail(e);
        }
    }

    /** A thread terminated (platform: {@code Thread.exit}; virtual: {@code afterDone}). */
    public static void ended(Thread thread) {
        if (!on) return;
        try {
            Registry.ended(thread);
        } catch (Throwable e) {
            fail(e);
        }
    }

    private static void fail(Throwable e) {
        if (!on) return;
        on = false;
        try {
            System.err.println("leaklab-agent: switched off after an internal error (" + e + "); the application goes on uninstrumented");
        } catch (Throwable ignored) {
            // nothing more we can do without risking the application
        }
    }
}

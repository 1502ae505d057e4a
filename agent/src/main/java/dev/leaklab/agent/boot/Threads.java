package dev.leaklab.agent.boot;

/**
 * A thread's id and kind on every JDK the agent runs on. {@code Thread.threadId()} (final, unlike
 * {@code getId()}, which a subclass may override) and {@code isVirtual()} exist from JDK 19 and 21:
 * they are called only on 21 or newer, through {@link Jdk21}. A direct call behind a constant
 * guard, rather than a method handle, because it runs inside every {@code Thread.start}: the JIT
 * folds the guard, and nothing is linked or spun there.
 */
final class Threads {
    /** The JDK this is: 17 for "17.0.13". */
    static final int FEATURE = Runtime.version().feature();
    /** JDK 21 or newer: virtual threads and thread containers exist (they were previews in 19 and 20). */
    static final boolean VIRTUAL_THREADS = FEATURE >= 21;

    private Threads() {}

    static long id(Thread t) {
        return VIRTUAL_THREADS ? Jdk21.threadId(t) : t.getId();
    }

    static boolean isVirtual(Thread t) {
        return VIRTUAL_THREADS && Jdk21.isVirtual(t);
    }
}

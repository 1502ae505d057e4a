package dev.leaklab.agent.boot;

/**
 * The {@code Thread} methods JDK 21 added that the agent needs. This class is compiled for class
 * file 61 like the rest of the agent, but against the building JDK's API (release 17 does not know
 * these methods), and checked against JDK 21's own (see the pom). Only {@link Threads} calls it,
 * and only on JDK 21 or newer: on 17 these calls are never linked.
 */
final class Jdk21 {
    private Jdk21() {}

    static long threadId(Thread t) {
        return t.threadId();
    }

    static boolean isVirtual(Thread t) {
        return t.isVirtual();
    }
}

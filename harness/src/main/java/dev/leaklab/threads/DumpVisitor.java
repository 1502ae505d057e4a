package dev.leaklab.threads;

/** Receives a thread dump one thread at a time, so nothing holds the whole dump. */
public interface DumpVisitor {
    /** Called once, before the first thread. */
    default void header(DumpHeader header) {
    }

    void thread(DumpedThread thread);
}

package dev.leaklab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * Threads parked in a benchmark's background, as a leak leaves them: a reading's cost grows with
 * the threads it has to look at. {@link #close} releases and joins them.
 */
final class ParkedThreads implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean released;

    /** Starts {@code n} threads from {@code factory}, each parked until {@link #close}, and waits until they are. */
    ParkedThreads park(ThreadFactory factory, int n) throws InterruptedException {
        var added = new ArrayList<Thread>(n);
        for (int i = 0; i < n; i++) {
            Thread t = factory.newThread(() -> {
                while (!released) {
                    LockSupport.park();
                }
            });
            t.start();
            added.add(t);
        }
        for (Thread t : added) {
            Kinds.awaitBlocked(t);
        }
        threads.addAll(added);
        return this;
    }

    @Override
    public void close() throws InterruptedException {
        released = true;
        threads.forEach(LockSupport::unpark);
        for (Thread t : threads) {
            t.join();
        }
    }
}

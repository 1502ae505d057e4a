package dev.leaklab.scenario;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/**
 * The threads a fixed variant starts and answers for: it can cancel (interrupt) them and wait for
 * them to end. Knowing what you started is most of the cure; the leaky variants do not bother.
 */
final class OwnedThreads {

    private static final Duration JOIN_SLICE = Duration.ofMillis(10);

    private final ThreadFactory factory;
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();

    OwnedThreads(ThreadFactory factory) {
        this.factory = factory;
    }

    /** Starts {@code task} on a new thread that leaves this set when it ends. */
    Thread start(Runnable task) {
        var holder = new Thread[1];
        Thread t = factory.newThread(() -> {
            try {
                task.run();
            } finally {
                live.remove(holder[0]);
            }
        });
        holder[0] = t;
        live.add(t);
        try {
            t.start();
        } catch (RuntimeException | Error e) {
            live.remove(t);
            throw e;
        }
        return t;
    }

    /**
     * Interrupts every live thread and waits up to {@code deadline} for all of them to end. It goes
     * round until none is left: a thread being cancelled may still start another (an RPC's caller
     * its call), and a thread is in the set a moment before it has started, so it cannot be
     * joined yet (on a busy machine that moment is long enough to be hit).
     */
    void cancelAndJoin(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!live.isEmpty()) {
            if (System.nanoTime() - end >= 0) {
                throw new IllegalStateException(live.size() + " threads did not end within " + deadline + ", e.g. "
                        + live.stream().findAny().map(Thread::getName).orElse("none left"));
            }
            live.forEach(Thread::interrupt);
            boolean joined = false;
            for (Thread t : live) {
                if (t.isAlive()) { // not yet started threads are interrupted and joined on the next round
                    t.join(JOIN_SLICE);
                    joined = true;
                }
            }
            if (!joined) {
                Thread.sleep(1);
            }
        }
    }

}

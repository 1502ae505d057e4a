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
        t.start();
        return t;
    }

    /** Interrupts every live thread and waits up to {@code deadline} for all of them to end. */
    void cancelAndJoin(Duration deadline) throws InterruptedException {
        live.forEach(Thread::interrupt);
        long end = System.nanoTime() + deadline.toNanos();
        for (Thread t : live) {
            long left = end - System.nanoTime();
            if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                throw new IllegalStateException("thread " + t.getName() + " did not end within " + deadline);
            }
        }
    }
}

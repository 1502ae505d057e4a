package dev.leaklab.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.leaklab.internal.census.VirtualThreads;

/**
 * A known number of application threads of each kind, parked on a latch until {@link #release}
 * (or {@link #close}): what the tests that count threads count. Shared with other modules' tests
 * through core's test jar (see core/pom.xml).
 */
public final class ParkedThreads implements AutoCloseable {

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();

    private ParkedThreads() {
    }

    /** Starts the threads and returns once every one of them is parked; {@code virtual} is 0 on a JDK without them (17). */
    public static ParkedThreads start(int virtual, int platform) throws InterruptedException {
        var parked = new ParkedThreads();
        for (int i = 0; i < virtual; i++) {
            parked.threads.add(VirtualThreads.start("parked-virtual-" + i, parked::await));
        }
        for (int i = 0; i < platform; i++) {
            var t = new Thread(parked::await, "parked-platform-" + i);
            t.start();
            parked.threads.add(t);
        }
        for (Thread t : parked.threads) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
        }
        return parked;
    }

    /** Lets every thread end, and waits until it has. */
    public void release() throws InterruptedException {
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
    }

    @Override
    public void close() throws InterruptedException {
        release();
    }

    /**
     * The virtual-thread scheduler starts its carrier threads (platform threads) on first use: a
     * test that counts platform threads starts them first, so that it sees only its own.
     */
    public static void warmUpVirtualThreadScheduler() throws InterruptedException {
        if (!VirtualThreads.supported()) {
            return; // no scheduler to start
        }
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < 100; i++) {
            threads.add(VirtualThreads.start("warm-up", () -> { }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private void await() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.leaklab.junit.ThreadLeakExtension;

/** One test that leaks a platform thread (leaklab fails it) and one that cleans up (it passes). */
@ExtendWith(ThreadLeakExtension.class)
class LeakyTest {

    @Test
    void leaksAThread() {
        Thread t = new Thread(LeakyTest::parkForever, "sample-leak");
        t.setDaemon(true); // the forked JVM still ends
        t.start();
    }

    @Test
    void joinsItsThread() throws InterruptedException {
        Thread t = new Thread(() -> { }, "sample-clean");
        t.start();
        t.join();
    }

    private static void parkForever() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package sample;

import org.junit.jupiter.api.Test;

/**
 * A suite with leaks of its own, checked by the auto-detected extension. {@code legacy.after}
 * (false when the baseline is recorded, true on the next run) adds a leak and fixes one.
 */
class LegacyTest {

    static final boolean AFTER = Boolean.getBoolean("legacy.after");

    /** The suite's helper: one site for every test that uses it. */
    static void startWorker(String name) {
        Thread t = new Thread(LegacyTest::sleepForever, name);
        t.setDaemon(true); // the forked JVM still ends
        t.start();
    }

    @Test
    void leaksA() {
        startWorker("legacy-a");
    }

    @Test
    void leaksB() {
        startWorker("legacy-b-1");
        startWorker("legacy-b-2");
    }

    @Test
    void leaksC() {
        Thread t = new Thread(() -> sleepForever(), "legacy-c");
        t.setDaemon(true);
        t.start();
    }

    @Test
    void fixedLater() throws InterruptedException {
        Thread t = new Thread(() -> sleepForever(), "legacy-fixed");
        t.setDaemon(true);
        t.start();
        if (AFTER) {
            t.interrupt();
            t.join();
        }
    }

    @Test
    void leaksSomethingNew() {
        if (AFTER) {
            Thread t = new Thread(() -> sleepForever(), "legacy-new");
            t.setDaemon(true);
            t.start();
        }
    }

    @Test
    void clean() {
    }

    private static void sleepForever() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

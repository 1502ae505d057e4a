package com.example;

import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class LeakyTest {
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    @Test
    void leavesAWorkerRunning() {
        Thread worker = new Thread(LeakyTest::waitForever, "leaky-worker");
        worker.setDaemon(true);
        worker.start(); // the leak: verify.groovy expects this line in "created at"
    }

    private static void waitForever() {
        try {
            NEVER.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

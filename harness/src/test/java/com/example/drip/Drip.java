package com.example.drip;

import java.util.concurrent.locks.LockSupport;

/**
 * A service that goes on leaking: a virtual thread every 20 ms, each parked for ever. AttachTest starts
 * it without any agent and attaches leaklab to it while it runs.
 */
public final class Drip {
    public static void main(String[] args) throws InterruptedException {
        System.out.println("READY");
        while (true) {
            Thread.ofVirtual().start(LockSupport::park); // LEAK-SITE
            Thread.sleep(20);
        }
    }
}

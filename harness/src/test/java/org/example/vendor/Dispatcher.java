package org.example.vendor;

import java.util.concurrent.locks.LockSupport;

/** Stands for a third-party client library that starts threads on the application's behalf. */
public final class Dispatcher {
    private Dispatcher() {}

    public static void execute() {
        spawn();
    }

    private static void spawn() {
        Thread.ofVirtual().start(LockSupport::park);
    }
}

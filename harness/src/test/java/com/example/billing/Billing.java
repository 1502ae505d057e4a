package com.example.billing;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.LockSupport;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.example.vendor.Dispatcher;

/**
 * A leaky program for `leaklab leaks` tests (LeaksWithAgentTest): unnamed virtual threads running
 * a JDK method reference, threads a library starts for it, and (mode "prove") threads blocked on
 * queues nobody can reach. Prints "KEY site" lines; each start call and its here() share a line.
 */
public final class Billing {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        if (mode.equals("prove")) {
            for (int i = 0; i < 300; i++) leakOnUnreachableQueue();
            System.out.println("LEAK " + leak);
            for (int i = 0; i < 200; i++) Thread.ofVirtual().start(Billing::nothing).join();
            Thread.sleep(200);
            System.gc();
            Thread.sleep(100);
            System.gc();
            Thread.sleep(300);
            return;
        }
        for (int i = 0; i < 800; i++) Thread.ofVirtual().start(LockSupport::park); System.out.println("PARKED " + here());
        for (int i = 0; i < 50; i++) charge();
        System.out.println("CHARGE " + charge);
        Thread.sleep(300);
        if (args.length > 1) {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(Path.of(args[1]).toAbsolutePath().toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        }
    }

    private static String charge, leak;

    static void charge() {
        Dispatcher.execute(); charge = here();
    }

    private static void leakOnUnreachableQueue() {
        var q = new SynchronousQueue<Object>();
        Thread.ofVirtual().start(() -> put(q)); leak = here();
    }

    private static void put(SynchronousQueue<Object> q) {
        try {
            q.put("nobody takes this");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void nothing() {
    }

    /** The caller's position as a stack trace element prints it. */
    static String here() {
        var f = StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElseThrow().toStackTraceElement();
        return f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")";
    }
}

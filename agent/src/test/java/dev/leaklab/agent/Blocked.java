package dev.leaklab.agent;

import java.util.ArrayList;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Child program for proof mode: args[0] threads leak (each puts on a SynchronousQueue nobody else
 * can reach), args[1] wait on a queue the program still references, args[2] end normally. Then two
 * GCs; prints "LEAKSITE site", "KEPTSITE site" and one "PROVEN site count" line per reported site.
 */
public final class Blocked {
    static final BlockingQueue<Object> KEPT = new LinkedBlockingQueue<>();
    static String leakSite, keptSite;

    public static void main(String[] args) throws Throwable {
        int leaked = Integer.parseInt(args[0]), kept = Integer.parseInt(args[1]), healthy = Integer.parseInt(args[2]);
        var parked = new ArrayList<Thread>();
        for (int i = 0; i < leaked; i++) parked.add(leak());
        for (int i = 0; i < kept; i++) parked.add(keep());
        for (int i = 0; i < healthy; i++) Thread.ofVirtual().start(Blocked::work).join();
        for (Thread t : parked) {
            while (t.getState() != Thread.State.WAITING) Thread.sleep(1);
        }
        parked.clear();
        for (int gc = 0; gc < 2; gc++) {
            System.gc();
            Thread.sleep(200);
        }
        System.out.println("LEAKSITE " + leakSite);
        System.out.println("KEPTSITE " + keptSite);
        for (Object[] row : Origins.provenLeaks()) System.out.println("PROVEN " + row[0] + " " + row[1]);
        System.out.println("DONE");
    }

    private static Thread leak() {
        var q = new SynchronousQueue<Object>();
        Thread t = Thread.ofVirtual().start(() -> put(q)); leakSite = StartPaths.here();
        return t;
    }

    private static Thread keep() {
        Thread t = Thread.ofVirtual().start(Blocked::take); keptSite = StartPaths.here();
        return t;
    }

    private static void put(SynchronousQueue<Object> q) {
        try {
            q.put("result nobody takes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void take() {
        try {
            KEPT.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void work() {
        try {
            TimeUnit.MICROSECONDS.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

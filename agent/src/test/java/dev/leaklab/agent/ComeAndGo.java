package dev.leaklab.agent;

import java.lang.management.ManagementFactory;

/**
 * Child program: starts and joins args[0] virtual threads in waves, then prints the heap in use
 * after full GCs ("HEAP bytes") and, with the agent, what its registry still holds.
 */
public final class ComeAndGo {
    public static void main(String[] args) throws Throwable {
        int total = Integer.parseInt(args[0]), wave = 10_000;
        var threads = new Thread[wave];
        for (int done = 0; done < total; done += wave) {
            for (int i = 0; i < wave; i++) threads[i] = Thread.ofVirtual().start(ComeAndGo::work);
            for (int i = 0; i < wave; i++) threads[i].join();
        }
        java.util.Arrays.fill(threads, null);
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        System.out.println("HEAP " + used);
        if (args.length > 1) {
            System.out.println("STARTED " + Origins.started(true));
            System.out.println("ENDED " + Origins.ended(true));
            System.out.println("LIVE " + Origins.live(1000));
        }
    }

    private static void work() {
        Thread.onSpinWait();
    }
}

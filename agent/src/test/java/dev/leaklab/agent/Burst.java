package dev.leaklab.agent;

import java.util.concurrent.CountDownLatch;

/**
 * Child program: a burst of args[0] parked virtual threads from one line, then, a second and a
 * little later, args[1] more from another line; prints how many of each the registry attributed to
 * its line ("BURST n", "LATER n"), how many got no stack ("NOT_SAMPLED n"), and the registry's
 * live count of those ("NOT_SAMPLED_ROW n").
 */
public final class Burst {
    public static void main(String[] args) throws Throwable {
        int burst = Integer.parseInt(args[0]), later = Integer.parseInt(args[1]);
        var release = new CountDownLatch(1);
        Runnable park = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        var threads = new Thread[burst + later];
        for (int i = 0; i < burst; i++) threads[i] = Thread.ofVirtual().start(park); // the burst's line
        Thread.sleep(1_100); // the agent's stack window is one second
        for (int i = burst; i < burst + later; i++) threads[i] = startLater(park);
        int inBurst = 0, inLater = 0, notSampled = 0;
        for (Thread t : threads) {
            String site = Origins.site(t);
            if (site.startsWith("dev.leaklab.agent.Burst.main(")) inBurst++;
            else if (site.startsWith("dev.leaklab.agent.Burst.startLater(")) inLater++;
            else if (site.equals("no application frame")) notSampled++;
        }
        int notSampledRow = 0;
        for (Object[] row : Origins.liveBySite(100)) {
            if (((String) row[0]).startsWith("(not sampled")) notSampledRow = (Integer) row[1];
        }
        release.countDown();
        for (Thread t : threads) t.join();
        System.out.println("BURST " + inBurst);
        System.out.println("LATER " + inLater);
        System.out.println("NOT_SAMPLED " + notSampled);
        System.out.println("NOT_SAMPLED_ROW " + notSampledRow);
    }

    private static Thread startLater(Runnable task) {
        return Thread.ofVirtual().start(task);
    }
}

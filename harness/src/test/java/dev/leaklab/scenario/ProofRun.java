package dev.leaklab.scenario;

import dev.leaklab.result.ThreadKind;
import dev.leaklab.result.Variant;
import java.util.concurrent.TimeUnit;

import dev.leaklab.origins.ProvenLeak;
import dev.leaklab.origins.ThreadOrigins;

/**
 * Child program for ProofModeCatalogTest: runs one scenario on virtual threads under the agent's
 * proof mode at args[2] operations a second for args[3] seconds, with a GC every second, closes
 * it, GCs twice more, and prints "SUBMITTED n", "LEFT n" (virtual threads started and not ended,
 * collected or not) and "PROVEN site count" lines.
 */
public final class ProofRun {
    public static void main(String[] args) throws Exception {
        Scenario scenario = Catalog.find(args[0]).orElseThrow();
        Variant variant = Variant.valueOf(args[1].toUpperCase(java.util.Locale.ROOT));
        int rate = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        if (!ThreadOrigins.agentLoaded()) throw new IllegalStateException("run with -javaagent:leaklab-agent.jar=prove");
        long startedBefore = ThreadOrigins.started(true), endedBefore = ThreadOrigins.ended(true);
        int submitted = drive(scenario, variant, rate, seconds);
        Thread.sleep(500); // leaky threads reach the point where they block
        for (int gc = 0; gc < 2; gc++) {
            System.gc();
            Thread.sleep(300);
        }
        System.out.println("SUBMITTED " + submitted);
        System.out.println("LEFT " + ((ThreadOrigins.started(true) - startedBefore) - (ThreadOrigins.ended(true) - endedBefore)));
        for (ProvenLeak p : ThreadOrigins.provenLeaks()) System.out.println("PROVEN " + p.site() + " " + p.count());
        System.exit(0); // leaky scenarios leave threads and fixtures behind on purpose
    }

    /**
     * The load, in a method of its own: once it returns, no stack slot of main can still hold the
     * workload (an interpreted frame keeps dead locals reachable), as in a real server's request code.
     */
    private static int drive(Scenario scenario, Variant variant, int rate, long seconds) throws Exception {
        int submitted = 0;
        try (var workload = scenario.open(variant, ThreadKind.VIRTUAL.builder(scenario.name()))) {
            long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate, start = System.nanoTime(), nextGc = start;
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            for (long next = start; next < end; next += periodNanos) {
                long wait = next - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                workload.submit();
                submitted++;
                if (System.nanoTime() >= nextGc) {
                    System.gc();
                    nextGc += TimeUnit.SECONDS.toNanos(1);
                }
            }
        }
        return submitted;
    }
}

package dev.leaklab.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The registry holds threads weakly and forgets them when they end: 1,000,000 virtual threads come
 * and go, and the heap after GC is what it is after 10,000 (same waves, so the same peak registry
 * size). The agent's fixed cost (its classes' data, JFR's event metadata: about 0.9 MB here) does not
 * grow with threads; it is printed against a run without the agent, not asserted, because on this
 * toy program's 2 MB heap it is a large share of nothing.
 */
class RegistryMemoryIT {
    private static final int THREADS = 1_000_000, FEW = 10_000;
    /** Same heap, same collector for every run: the serial GC's System.gc() is a full, compacting GC. */
    private static final List<String> HEAP = List.of("-Xmx256m", "-Xms64m", "-XX:+UseSerialGC");

    @Test
    void heapAfterGcDoesNotGrowWithThreadsThatEnded() throws Exception {
        var withAgent = new java.util.ArrayList<>(HEAP);
        withAgent.add(ChildJvm.javaagent("quiet"));
        var without = ChildJvm.run(HEAP, ComeAndGo.class, String.valueOf(THREADS));
        var few = ChildJvm.run(withAgent, ComeAndGo.class, String.valueOf(FEW), "agent");
        var many = ChildJvm.run(withAgent, ComeAndGo.class, String.valueOf(THREADS), "agent");

        for (var r : List.of(without, few, many)) assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Long.parseLong(many.value("STARTED"))).isGreaterThanOrEqualTo(THREADS);
        assertThat(Long.parseLong(many.value("ENDED"))).isGreaterThanOrEqualTo(THREADS);
        assertThat(Integer.parseInt(many.value("LIVE"))).as("threads the registry still holds").isLessThan(10);
        long heapWithout = Long.parseLong(without.value("HEAP"));
        long heapFew = Long.parseLong(few.value("HEAP")), heapMany = Long.parseLong(many.value("HEAP"));
        System.out.printf("heap after GC: %,d bytes without the agent; with it %,d after %,d threads, %,d after %,d%n",
                heapWithout, heapFew, FEW, heapMany, THREADS);
        assertThat(heapMany).as("heap after %,d threads, vs %,d after %,d", THREADS, heapFew, FEW)
                .isLessThanOrEqualTo(heapFew * 105 / 100);
    }
}

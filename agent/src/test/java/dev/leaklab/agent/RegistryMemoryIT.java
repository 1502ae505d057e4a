package dev.leaklab.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The registry holds threads weakly and forgets them when they end: 1,000,000 virtual threads come
 * and go, and the heap after GC grows no more than it does without the agent between 10,000 and
 * 1,000,000 threads (same waves, so the same peak registry size; the JDK's own structures, e.g.
 * the scheduler's queues, grow a little under load), give or take 5% or 1 MiB. The agent's fixed cost
 * (ASM's and its own classes, the registry's table) does not grow with threads; it
 * is bounded loosely (on this toy program's 2 MB heap any fixed cost is a large share), tightly
 * enough to catch JFR's event machinery being loaded without a recording.
 */
class RegistryMemoryIT {
    private static final int THREADS = 1_000_000, FEW = 10_000;
    /** Same heap, same collector for every run: the serial GC's System.gc() is a full, compacting GC. */
    private static final List<String> HEAP = List.of("-Xmx256m", "-Xms64m", "-XX:+UseSerialGC");

    private static long heap(List<String> jvm, int threads, String... more) throws Exception {
        var args = new java.util.ArrayList<String>();
        args.add(String.valueOf(threads));
        args.addAll(List.of(more));
        // our test classes alone: the same small class path for every run (JUnit's jars would add noise)
        var r = ChildJvm.run(ChildJvm.home(ComeAndGo.class), jvm, ComeAndGo.class, args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        if (more.length > 0) {
            assertThat(Long.parseLong(r.value("STARTED"))).isGreaterThanOrEqualTo(threads);
            assertThat(Long.parseLong(r.value("ENDED"))).isGreaterThanOrEqualTo(threads);
            assertThat(Integer.parseInt(r.value("LIVE"))).as("threads the registry still holds").isLessThan(10);
        }
        return Long.parseLong(r.value("HEAP"));
    }

    @Test
    void heapAfterGcDoesNotGrowWithThreadsThatEnded() throws Exception {
        var withAgent = new java.util.ArrayList<>(HEAP);
        withAgent.add(ChildJvm.javaagent("quiet"));
        long fewWithout = heap(HEAP, FEW), manyWithout = heap(HEAP, THREADS);
        long fewWith = heap(withAgent, FEW, "agent"), manyWith = heap(withAgent, THREADS, "agent");

        System.out.printf("heap after GC, bytes: without the agent %,d after %,d threads, %,d after %,d;"
                + " with it %,d and %,d%n", fewWithout, FEW, manyWithout, THREADS, fewWith, manyWith);
        long jdkGrowth = Math.max(0, manyWithout - fewWithout);
        // The registry's hash table keeps the capacity of its busiest moment, which depends on how
        // the scheduler overlapped the waves (one doubling is ~128 KB at 10,000 entries); a registry
        // that kept ended threads would grow by 40 MB or more per million. So: 5% of the heap, or
        // 1 MiB, whichever is larger.
        long slack = Math.max(fewWith * 5 / 100, 1 << 20);
        assertThat(manyWith - fewWith).as("growth from %,d to %,d threads with the agent; %,d without it", FEW, THREADS, jdkGrowth)
                .isLessThanOrEqualTo(jdkGrowth + slack);
        // The fixed cost: the instrumentation's classes and the registry's table. JFR's event
        // machinery (about 0.8 MB) must not be among them while no recording was ever made.
        assertThat(fewWith - fewWithout).as("the agent's fixed cost, bytes").isLessThan(512 * 1024);
    }
}

package dev.leaklab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.result.Variant;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

import org.junit.jupiter.api.Test;

import dev.leaklab.junit.CheckThreadLeaks;

/**
 * Pins down the JDK behaviour that ExecutorNeverShutdown's header explains: the parked virtual
 * workers of a ThreadPoolExecutor nobody references are garbage collected; platform workers are
 * GC roots and stay. If a JDK changes this, the scenario's teaching changes with it.
 */
// It abandons pools on purpose: their platform workers (Thread-N) stay, and so may virtual ones.
@CheckThreadLeaks(ignoreNames = {"Thread-\\d+", "ens-\\d+"})
class UnreachablePoolTest {

    record Census(int collected, int alive) { }

    static Census abandonPools(Thread.Builder builder) throws Exception {
        var refs = new ArrayList<WeakReference<Thread>>();
        ThreadFactory recording = r -> {
            Thread t = builder.unstarted(r);
            refs.add(new WeakReference<>(t));
            return t;
        };
        for (int i = 0; i < 20; i++) {
            var pool = Executors.newFixedThreadPool(1, recording);
            pool.submit(() -> 42).get(); // the worker now parks in the queue's take(), and the pool is dropped
        }
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        int collected = 0, alive = 0;
        for (var ref : refs) {
            Thread t = ref.get();
            if (t == null) {
                collected++;
            } else if (t.isAlive()) {
                alive++;
            }
        }
        return new Census(collected, alive);
    }

    @Test
    void parkedVirtualWorkersOfAnUnreachablePoolAreCollected() throws Exception {
        var c = abandonPools(Thread.ofVirtual());
        assertThat(c.collected()).isEqualTo(20);
        assertThat(c.alive()).isZero();
    }

    @Test
    void parkedPlatformWorkersOfAnUnreachablePoolStay() throws Exception {
        var c = abandonPools(Thread.ofPlatform().daemon());
        assertThat(c.collected()).isZero();
        assertThat(c.alive()).isEqualTo(20);
    }

    @Test
    void theScenariosLeakyVariantKeepsItsVirtualWorkersThroughAGc() throws Exception {
        var workload = new ExecutorNeverShutdown().open(Variant.LEAKY, Thread.ofVirtual().name("ens-", 0));
        List<Thread> before = dev.leaklab.census.LiveThreads.allThreads().filter(t -> t.getName().startsWith("ens-")).toList();
        assertThat(before).isEmpty();
        for (int i = 0; i < 10; i++) {
            workload.submit();
        }
        System.gc();
        Thread.sleep(200);
        assertThat(dev.leaklab.census.LiveThreads.allThreads().filter(t -> t.getName().startsWith("ens-"))).hasSize(10);
    }
}

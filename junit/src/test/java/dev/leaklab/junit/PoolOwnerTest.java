package dev.leaklab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.leaklab.check.ThreadLeaks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.leaklab.junit.fixtures.Pools;

/**
 * A worker a pool starts on behalf of a submitter belongs to the pool's owner, the scope the pool
 * was created in (the agent records it when the pool is constructed), not to its first submitter.
 */
class PoolOwnerTest {

    @AfterEach
    void release() throws InterruptedException {
        Pools.shutDownLeaked();
    }

    @Test
    void aFixedPoolSharedByTheClassAndStartedInsideATestPasses() {
        assumeTrue(ThreadLeaks.agentLoaded(), "needs the leaklab agent: without it the test that starts the"
                + " class's pool is blamed for its workers (a snapshot cannot tell whose they are)");
        var results = Kit.run(Pools.SharedFixedPool.class);
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2).failed(0));
        results.containerEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    void aForkJoinPoolSharedByTheClassAndStartedInsideATestPasses() {
        assumeTrue(ThreadLeaks.agentLoaded(), "needs the leaklab agent: without it the test that starts the"
                + " class's pool is blamed for its workers (a snapshot cannot tell whose they are)");
        var results = Kit.run(Pools.SharedForkJoinPool.class);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
        results.containerEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    void aPoolCreatedInATestAndNeverShutDownFailsThatTest() {
        var results = Kit.run(Pools.PoolPerTest.class);
        String failure = Kit.failure(results);
        assertThat(failure).startsWith("ThreadLeakError: 1 thread leaked by PoolPerTest.leaksAPool()");
        if (ThreadLeaks.agentLoaded()) {
            assertThat(failure).contains("attributed by scope")
                    .contains("created at dev.leaklab.junit.fixtures.Pools$PoolPerTest.leaksAPool(Pools.java:"
                            + Pools.PoolPerTest.submitLine + ")");
        } else {
            assertThat(failure).contains("attributed by snapshot");
        }
        // the class's own check does not report the test's leak again
        results.containerEvents().assertStatistics(s -> s.failed(0));
    }
}

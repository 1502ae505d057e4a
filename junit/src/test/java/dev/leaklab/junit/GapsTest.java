package dev.leaklab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Arrays;
import java.util.Set;

import dev.leaklab.internal.census.VirtualThreads;
import dev.leaklab.check.ThreadLeaks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.leaklab.junit.fixtures.NewThread;
import dev.leaklab.junit.fixtures.Parked;
import dev.leaklab.junit.fixtures.Transitive;

/**
 * What this extension catches that goleak and randomizedtesting (and the checks built like them in
 * Kafka and Elasticsearch) do not; docs/junit.md lists these with the test that shows each.
 */
class GapsTest {

    @AfterEach
    void release() throws InterruptedException {
        Kit.release();
    }

    @Test
    void aLeakedVirtualThreadIsInvisibleToGetAllStackTracesAndThreadGroupsButCaughtHere() {
        NewThread.assumeVirtualThreads();
        // randomizedtesting and the in-house checks list threads through thread groups or
        // Thread.getAllStackTraces(): neither ever returns a virtual thread.
        Thread leaked = NewThread.virtual("invisible", Parked.task());
        leaked.start();
        try {
            Set<Thread> all = Thread.getAllStackTraces().keySet();
            assertThat(all).doesNotContain(leaked);
            ThreadGroup root = Thread.currentThread().getThreadGroup();
            while (root.getParent() != null) {
                root = root.getParent();
            }
            var enumerated = new Thread[all.size() + 64];
            int n = root.enumerate(enumerated, true);
            assertThat(Arrays.asList(enumerated).subList(0, n)).doesNotContain(leaked);
        } finally {
            // (released by the @AfterEach)
        }
        var results = Kit.run(dev.leaklab.junit.fixtures.Leaky.class, "leaksVirtualThread");
        assertThat(Kit.failure(results)).contains("1 thread · virtual");
    }

    @Test
    void aGrandchildIsBlamedOnTheTestThatStartedItsParentWhileAnotherTestRunsBeside() {
        assumeTrue(ThreadLeaks.agentLoaded(), "needs the leaklab agent (-javaagent:leaklab-agent.jar): the with-agent"
                + " surefire run of this module has it");
        var results = Kit.run(ParallelTest.PARALLEL, selectClass(Transitive.class));
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        assertThat(Kit.failure(results))
                .startsWith("ThreadLeakError: 1 thread leaked by Transitive.leaksAGrandchild() · attributed by scope")
                .contains(VirtualThreads.supported() ? "1 thread · virtual" : "1 thread · platform") // the fixture's kind on 17
                .contains("created at dev.leaklab.junit.fixtures.Transitive.lambda$leaksAGrandchild$0(Transitive.java:")
                .contains("by \"intermediate\"")
                .contains("names grandchild");
    }
}

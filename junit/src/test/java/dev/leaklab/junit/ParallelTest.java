package dev.leaklab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.leaklab.internal.census.VirtualThreads;
import dev.leaklab.check.ThreadLeaks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import dev.leaklab.junit.fixtures.ParallelLeaks;

/**
 * Sixteen tests at once, two of which leak: with the agent exactly those two fail, fifty runs in a
 * row, and their messages name the lines that started the threads; without it no test fails and
 * the class does, for both.
 */
class ParallelTest {

    static final int RUNS = 50;

    static final Map<String, String> PARALLEL = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", Integer.toString(ParallelLeaks.TESTS));

    @AfterEach
    void release() throws InterruptedException {
        Kit.release();
    }

    private static EngineExecutionResults runOnce() {
        ParallelLeaks.reset();
        return Kit.run(PARALLEL, selectClass(ParallelLeaks.class));
    }

    /** Failed test method name → message. */
    private static Map<String, String> failed(EngineExecutionResults results) {
        var out = new TreeMap<String, String>();
        for (Event e : results.testEvents().failed().list()) {
            String method = ((MethodSource) e.getTestDescriptor().getSource().orElseThrow()).getMethodName();
            out.put(method, e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow().getMessage());
        }
        return out;
    }

    @Test
    void withTheAgentExactlyTheTwoLeakingTestsFailFiftyRunsInARow() throws InterruptedException {
        assumeTrue(ThreadLeaks.agentLoaded(), "needs the leaklab agent (-javaagent:leaklab-agent.jar): the with-agent"
                + " surefire run of this module has it");
        int overlapping = Integer.MAX_VALUE;
        for (int run = 1; run <= RUNS; run++) {
            var results = runOnce();
            var failed = failed(results);
            assertThat(failed.keySet()).as("run %d: failed tests", run)
                    .containsExactly("leaksPlatform", "leaksVirtualThroughExecutor");
            results.testEvents().assertStatistics(s -> s.started(ParallelLeaks.TESTS).succeeded(ParallelLeaks.TESTS - 2));
            results.containerEvents().assertStatistics(s -> s.failed(0));
            assertThat(failed.get("leaksPlatform")).as("run %d", run)
                    .startsWith("1 thread leaked by ParallelLeaks.leaksPlatform() · attributed by scope")
                    .contains("1 thread · platform")
                    .contains("created at dev.leaklab.junit.fixtures.ParallelLeaks.leaksPlatform(ParallelLeaks.java:"
                            + ParallelLeaks.platformLine + ")")
                    .contains("names parallel-leak-platform");
            assertThat(failed.get("leaksVirtualThroughExecutor")).as("run %d", run)
                    .startsWith("1 thread leaked by ParallelLeaks.leaksVirtualThroughExecutor() · attributed by scope")
                    .contains("created at dev.leaklab.junit.fixtures.ParallelLeaks.leaksVirtualThroughExecutor(ParallelLeaks.java:"
                            + ParallelLeaks.virtualLine + ")");
            if (VirtualThreads.supported()) { // on 17 the fixture's executor is a pool of platform threads
                assertThat(failed.get("leaksVirtualThroughExecutor")).as("run %d", run)
                        .contains("1 thread · virtual").contains("container java.util.concurrent.ThreadPerTaskExecutor");
            }
            overlapping = Math.min(overlapping, ParallelLeaks.maxRunning.get());
            Kit.release();
        }
        // Evidence that they ran at once: the fewest tests seen running together in any run.
        System.out.println("ParallelTest: " + RUNS + " runs, at least " + overlapping + " of "
                + ParallelLeaks.TESTS + " tests running at once in every run");
        assertThat(overlapping).as("tests running at once, in the run with the fewest").isGreaterThanOrEqualTo(2);
    }

    /**
     * Without the agent a snapshot cannot tell which of sixteen concurrent tests started a thread: no
     * test fails, ten runs in a row; the class fails once, after its last test, for both leaks.
     */
    @Test
    void withoutTheAgentNoTestFailsAndTheClassReportsTheLeaks() throws InterruptedException {
        assumeFalse(ThreadLeaks.agentLoaded(), "checks the snapshot fallback: runs without the agent");
        for (int run = 1; run <= 10; run++) {
            var results = runOnce();
            assertThat(failed(results)).as("run %d: failed tests", run).isEmpty();
            results.testEvents().assertStatistics(s -> s.started(ParallelLeaks.TESTS).succeeded(ParallelLeaks.TESTS));
            List<String> warnings = Kit.reportEntries(results, "leaklab.warning");
            assertThat(warnings).as("run %d", run).singleElement().asString()
                    .contains("tests run concurrently and the leaklab agent is not loaded")
                    .contains("each class is checked once, after its last test, instead of each test");
            List<String> classFailures = Kit.failures(results.containerEvents());
            assertThat(classFailures).as("run %d", run).singleElement().asString()
                    .startsWith("ThreadLeakError: 2 threads leaked by dev.leaklab.junit.fixtures.ParallelLeaks (the class and"
                            + " its tests, checked per class: they ran concurrently")
                    .contains("attributed by snapshot (no leaklab agent)")
                    .contains("names parallel-leak-platform");
            Kit.release();
        }
    }
}

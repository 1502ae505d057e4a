package dev.leaklab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.Map;

import dev.leaklab.check.ThreadLeaks;
import dev.leaklab.check.ThreadLeakError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.leaklab.junit.fixtures.AutoDetected;
import dev.leaklab.junit.fixtures.ClassScope;
import dev.leaklab.junit.fixtures.Leaky;
import dev.leaklab.junit.fixtures.NewThread;
import dev.leaklab.junit.fixtures.Parked;
import dev.leaklab.junit.fixtures.Settling;
import dev.leaklab.junit.fixtures.Singletons;

/** The issue's acceptance cases, each run through the engine test kit. */
class ThreadLeakExtensionTest {

    @AfterEach
    void release() throws InterruptedException {
        Kit.release();
    }

    private static String attribution() {
        return ThreadLeaks.agentLoaded() ? "attributed by scope (leaklab agent)" : "attributed by snapshot (no leaklab agent)";
    }

    @Test
    void aTestLeakingAPlatformThreadFails() {
        String message = Kit.failure(Kit.run(Leaky.class, "leaksPlatformThread"));
        assertThat(message)
                .startsWith("ThreadLeakError: 1 thread leaked by Leaky.leaksPlatformThread() · " + attribution())
                .contains("1 thread · platform · WAITING · parked on java.util.concurrent.CountDownLatch$Sync")
                .contains("names leaky-platform")
                .contains("dev.leaklab.junit.fixtures.Parked.park(Parked.java:");
    }

    @Test
    void aTestLeakingAVirtualThreadFails() {
        NewThread.assumeVirtualThreads();
        String message = Kit.failure(Kit.run(Leaky.class, "leaksVirtualThread"));
        assertThat(message).contains("1 thread · virtual · WAITING").contains("names leaky-virtual");
    }

    @Test
    void aVirtualThreadLeakedInsideAnExecutorIsSeen() {
        NewThread.assumeVirtualThreads();
        // Not in the root container: the census walks the executor's own thread container too.
        String message = Kit.failure(Kit.run(Leaky.class, "leaksThroughVirtualExecutor"));
        assertThat(message).contains("1 thread · virtual · WAITING");
    }

    @Test
    void aCleanTestPasses() {
        Kit.run(Leaky.class, "clean").testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    @Timeout(60) // the linger is ten minutes: the check must return when the thread ends, not at the deadline
    void aThreadEndingWithinTheLingerPasses() {
        Kit.run(Leaky.class, "endsWithinLinger").testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void aThreadALibrarysThreadStartedNamesTheChainDownToTheTest() {
        String message = Kit.failure(Kit.run(Leaky.class, "leaksThroughALibrarysThread"));
        assertThat(message).startsWith("ThreadLeakError: 3 threads leaked by Leaky.leaksThroughALibrarysThread()");
        if (ThreadLeaks.agentLoaded()) {
            // The workers' own line is the library's; their creator's is the test's.
            assertThat(message)
                    .contains("created at dev.leaklab.junit.fixtures.Library.startPoolWorker(Library.java:")
                    .contains("by \"library-client\"")
                    // the client, which the test started inside the library's call: the test's line below
                    .containsPattern("created at dev\\.leaklab\\.junit\\.fixtures\\.Library\\.startClient\\(Library\\.java:\\d+\\)"
                            + " via java\\.lang\\.Thread\\.start by \"[^\"]+\"\\n +← called from dev\\.leaklab\\.junit\\.fixtures\\.Leaky"
                            + "\\.leaksThroughALibrarysThread\\(Leaky\\.java:" + Leaky.clientLine + "\\)")
                    .containsPattern("← by thread \"library-client\" · created at dev\\.leaklab\\.junit\\.fixtures\\.Library"
                            + "\\.startClient\\(Library\\.java:\\d+\\) ← dev\\.leaklab\\.junit\\.fixtures\\.Leaky"
                            + "\\.leaksThroughALibrarysThread\\(Leaky\\.java:" + Leaky.clientLine + "\\)");
        } else {
            assertThat(message).contains("names library-pool-N").contains("names library-client").doesNotContain("← ");
        }
    }

    @Test
    void aThreadOutlivingTheLingerFailsNamingItsLine() {
        String message = Kit.failure(Kit.run(Leaky.class, "outlivesLinger"));
        assertThat(message)
                .startsWith("ThreadLeakError: 1 thread leaked by Leaky.outlivesLinger() (still running 50 ms after it ended)");
        if (ThreadLeaks.agentLoaded()) {
            assertThat(message).contains("created at dev.leaklab.junit.fixtures.Leaky.outlivesLinger(Leaky.java:"
                    + Leaky.outlivesLine + ")");
        } else {
            assertThat(message).contains("its task began at dev.leaklab.junit.fixtures.Leaky.lambda$outlivesLinger$")
                    .contains("(Leaky.java:" + Leaky.outlivesLine + ")");
        }
    }

    @Test
    void threadsToldToStopOrEndingShortlyPassByDefaultFiftyTimesEach() {
        var results = Kit.run(Settling.class);
        results.testEvents().assertStatistics(s -> s.started(3 * Settling.REPETITIONS).succeeded(3 * Settling.REPETITIONS));
        results.containerEvents().assertStatistics(s -> s.failed(0));
        // The 100 ms hold is still running when each check starts: noted as ended, not blamed.
        assertThat(Kit.reportEntries(results, "leaklab.notLeaks"))
                .filteredOn(n -> n.contains("short-hold")).hasSize(Settling.REPETITIONS)
                .allSatisfy(n -> assertThat(n).containsPattern("1 thread ended within \\d+ ms after Settling.shortHold\\(\\)"));
    }

    @Test
    void aThreadStartedByAStaticInitializerIsReportedOnceAsClassLifetimeNotAsALeak() {
        var results = Kit.run(Singletons.class);
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        results.containerEvents().assertStatistics(s -> s.failed(0));
        assertThat(Kit.reportEntries(results, "leaklab.notLeaks")).singleElement().asString()
                .contains("1 class-lifetime thread, started by the static initializer of "
                        + Singletons.Timer.class.getName())
                .contains("singleton-timer");
        var blamed = Kit.run(Map.of(CheckThreadLeaks.BLAME_CLASS_LIFETIME_PROPERTY_NAME, "true",
                CheckThreadLeaks.IGNORE_CURRENT_PROPERTY_NAME, "false", CheckThreadLeaks.LINGER_PROPERTY_NAME, "0"),
                selectClass(Singletons.class));
        assertThat(Kit.failures(blamed.testEvents())).as("blamed when asked (on every test, as alive before)")
                .hasSize(2).allSatisfy(m -> assertThat(m).contains("names singleton-timer"));
    }

    @Test
    void ignoreNamesIgnoresMatchingThreadsOnly() {
        Kit.run(Leaky.class, "ignoredByName").testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Kit.failure(Kit.run(Leaky.class, "oneIgnoredByNameOneNot")))
                .contains("1 thread leaked").contains("names not-ignored").doesNotContain("ignored-1");
    }

    @Test
    void ignoreTopFramesIgnoresThreadsParkedThere() {
        Kit.run(Leaky.class, "ignoredByTopFrame").testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void ignoreSitesIgnoresThreadsALibraryStarted() {
        Kit.run(Leaky.class, "ignoredBySite").testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        String message = Kit.failure(Kit.run(Leaky.class, "librarySiteNotIgnored"));
        assertThat(message).contains("names library-worker");
        if (ThreadLeaks.agentLoaded()) {
            assertThat(message).contains("created at dev.leaklab.junit.fixtures.Library.startWorker(Library.java:");
        } else {
            assertThat(message).contains("created at: unknown without the leaklab agent · its task began at"
                    + " dev.leaklab.junit.fixtures.Library.lambda$startWorker$0(Library.java:");
        }
    }

    @Test
    void threadsRegisteredAsTheToolsOwnAreNotLeaks() {
        Kit.run(Leaky.class, "startsAToolThread").testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void theJdksIoPollersAreNotLeaks() {
        NewThread.assumeVirtualThreads();
        // Found by dogfooding: the SubPoller virtual threads were blamed on the first test to read a socket.
        Kit.run(Leaky.class, "firstVirtualThreadSocketRead").testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    }

    @Test
    void ignoreCurrentDecidesOnThreadsAliveBefore() throws InterruptedException {
        Kit.run(Leaky.class, "clean"); // the first check fixes the test run's own threads
        Thread before = NewThread.platform("alive-before", Parked.task());
        before.start();
        try {
            Kit.run(Leaky.class, "passesWithThreadAliveBefore").testEvents().assertStatistics(s -> s.succeeded(1));
            assertThat(Kit.failure(Kit.run(Leaky.class, "failsWithThreadAliveBefore")))
                    .contains("names alive-before · alive before it started (ignoreCurrent = false)");
        } finally {
            Kit.release();
            before.join();
        }
    }

    @Test
    void interruptThenFailStopsAThreadBlockedInTake() throws InterruptedException {
        String message = Kit.failure(Kit.run(Leaky.class, "interruptedTake"));
        assertThat(message).contains("names blocked-in-take")
                .contains("java.util.concurrent.LinkedBlockingQueue.take(")
                .contains("interrupted 1: 1 ended within 1000 ms, 0 still running");
        assertThat(!Leaky.taker.isAlive()).as("the interrupted thread ended").isTrue();
    }

    @Test
    void warnReportsAndPasses() {
        var results = Kit.run(Leaky.class, "warnsOnly");
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Kit.reportEntries(results, "leaklab.threadLeak")).singleElement().asString()
                .contains("1 thread leaked by Leaky.warnsOnly()").contains("names warned-about");
    }

    @Test
    void autoDetectionChecksClassesWithoutAnyAnnotation() throws InterruptedException {
        Kit.run(Map.of(), selectClass(AutoDetected.class)).testEvents().assertStatistics(s -> s.succeeded(1));
        Kit.release();
        // No linger: the fixture has no annotation to say so, and its leak is a parked thread.
        var detected = Kit.run(Map.of("junit.jupiter.extensions.autodetection.enabled", "true",
                CheckThreadLeaks.LINGER_PROPERTY_NAME, "0"), selectClass(AutoDetected.class));
        assertThat(Kit.failure(detected)).contains("names auto-detected-leak");
    }

    @Test
    void registeredTwiceItChecksOnce() {
        // @ExtendWith on the class and auto-detection at once: JUnit keeps one instance.
        var results = Kit.run(Map.of("junit.jupiter.extensions.autodetection.enabled", "true"),
                org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod(Leaky.class, "leaksPlatformThread"));
        var thrown = results.testEvents().failed().list().get(0)
                .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow();
        assertThat(thrown).isInstanceOf(ThreadLeakError.class).hasNoSuppressedExceptions();
    }

    @Test
    void classScopeLetsOneTestStopWhatAnotherStarted() {
        var perClass = Kit.run(ClassScope.PerClass.class);
        perClass.testEvents().assertStatistics(s -> s.failed(0).succeeded(2));
        perClass.containerEvents().assertStatistics(s -> s.failed(0));
        var leaky = Kit.run(ClassScope.PerClassLeaky.class);
        leaky.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Kit.failures(leaky.containerEvents())).singleElement().asString()
                .contains("1 thread leaked by dev.leaklab.junit.fixtures.ClassScope$PerClassLeaky (the class and its tests)")
                .contains("names class-scoped-leak");
        assertThat(Kit.failure(Kit.run(ClassScope.PerTest.class)))
                .contains("leaked by PerTest.starts()").contains("names handed-off");
    }

    @Test
    void aClassFixtureThatOutlivesTheClassFailsTheClassNotItsTests() {
        var results = Kit.run(ClassScope.LeakyBeforeAll.class);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Kit.failures(results.containerEvents())).singleElement().asString()
                .contains("1 thread leaked by dev.leaklab.junit.fixtures.ClassScope$LeakyBeforeAll (class lifecycle)")
                .contains("names fixture-server");
        Kit.run(ClassScope.CleanBeforeAll.class).allEvents().assertStatistics(s -> s.failed(0));
    }

    @Test
    void fixturesReleaseTheirThreads() throws InterruptedException {
        Kit.run(Leaky.class, "leaksPlatformThread");
        Parked.releaseAll(); // fails if a leaked fixture thread would not end
    }
}

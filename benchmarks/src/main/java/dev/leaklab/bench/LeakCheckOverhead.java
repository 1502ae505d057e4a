package dev.leaklab.bench;

import java.util.concurrent.TimeUnit;

import dev.leaklab.census.LiveThreads;
import dev.leaklab.check.ThreadLeaks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/*
 * WHAT DOES THE LEAK CHECK COST A TEST THAT LEAKS NOTHING?
 *
 * The JUnit extension (leaklab-junit) opens a watch before each test and closes it after:
 *
 *   without the agent   the id the next thread would get, before; after, if any thread was
 *                       created since (the next id moved on), one pass over the JDK's thread
 *                       containers keeping the threads created since (ids only grow);
 *   with the agent      the test thread gets a scope of its own before; after, if any thread
 *                       started since, the registry's index lists that scope's live threads.
 *
 * The pass without the agent still grows with the threads the JVM already has: a test suite that
 * starts a server or a pool for all its tests. Measured here with 100 and 10,000 such background
 * threads, parked, of either kind. cleanTest is one clean test's check around an empty body;
 * cleanTestStartingAThread around a body that starts and joins a virtual thread, and
 * startAndJoinOnly is that body alone: the check's own cost is the difference of the two, taken
 * pair by pair (results/reference/junit-check-20261204/run.sh runs them in rounds). The
 * extension's settings lookup (a few annotation reads) is not in them.
 *
 * The goals at 10,000 background threads: at most 50 us with the agent, 1 ms without.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-Xss512k"})
@State(Scope.Benchmark)
public class LeakCheckOverhead {

    @Param({"100", "10000"})
    public int background;

    @Param({Kinds.VIRTUAL, Kinds.PLATFORM})
    public String kind;

    /** How the fork was started; see JvmSetup. */
    @Param({JvmSetup.DEFAULT})
    public String jvm;

    private static final Runnable NOTHING = () -> { };

    private ParkedThreads parked;

    @Setup
    public void parkThreads() throws InterruptedException {
        JvmSetup.check(jvm);
        parked = new ParkedThreads().park(Kinds.factory(kind), background);
        long seen = LiveThreads.allThreads().count();
        if (seen < background) {
            throw new IllegalStateException("the census sees " + seen + " threads, " + background + " are parked");
        }
        ThreadLeaks.start().verifyNone(); // the first watch takes the run's baseline: once per JVM, not per test
    }

    @TearDown
    public void releaseThreads() throws InterruptedException {
        parked.close();
    }

    /** A clean test that starts no thread. With the agent nothing was started, so nothing is walked. */
    @Benchmark
    public void cleanTest() {
        ThreadLeaks.start().verifyNone();
    }

    /** A clean test that starts a virtual thread and joins it: without the agent, the containers are passed over once. */
    @Benchmark
    public Thread cleanTestStartingAThread() throws InterruptedException {
        var watch = ThreadLeaks.start();
        Thread t = Thread.ofVirtual().start(NOTHING);
        t.join();
        watch.verifyNone();
        return t;
    }

    /** The same test without the check: subtract it from the one above. */
    @Benchmark
    public Thread startAndJoinOnly() throws InterruptedException {
        Thread t = Thread.ofVirtual().start(NOTHING);
        t.join();
        return t;
    }

    /*
     * HOW TO RUN THIS TEST (the agent run needs the jvm label to match; JvmSetup checks it):
     *
     *   scripts/bench LeakCheckOverhead
     *   scripts/bench LeakCheckOverhead -p jvm=agent \
     *       -jvmArgsAppend "-javaagent:$(scripts/leaklab agent)=quiet --add-exports=java.base/jdk.internal.vm=ALL-UNNAMED -Xss512k"
     *
     * (-jvmArgsAppend on the command line replaces the one written on the class: repeat its flags.)
     *
     * Paired rounds, as measured: results/reference/junit-check-20261204/run.sh; the figures are in
     * results/junit-check-cost.md.
     */
}

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
 *   without the agent   a snapshot of every live thread before (the JDK's thread containers,
 *                       virtual threads included), and after, a walk over the live threads
 *                       looking for ones not in it;
 *   with the agent      the test thread gets a scope of its own before, and after, a walk over
 *                       the live threads asking the agent's registry which carry that scope.
 *
 * Both walk every live thread, so the cost grows with the threads the JVM already has: a test
 * suite that starts a server or a pool for all its tests. Measured here with 100 and 10,000 such
 * background threads, parked, of either kind. cleanTest is one clean test's check around an empty
 * body; cleanTestStartingAThread around a body that starts and joins a virtual thread, and
 * startAndJoinOnly is that body alone. The extension's settings lookup (a few annotation reads) is
 * not in them.
 *
 * The goal: under 1 ms per clean test with 100 background threads.
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

    /** A clean test that starts a virtual thread and joins it: the live threads are walked either way. */
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
     * The measured figures are in docs/junit.md.
     */
}

package dev.leaklab.bench;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

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
 * WHAT DOES PROOF MODE COST?
 *
 * Proof mode (issue 13) needs -Djdk.trackAllThreads=false, which swaps the JDK's root container
 * that keeps every virtual thread in a set for one that only counts them, and the agent, which
 * registers every virtual thread weakly and watches for the GC freeing one that never ended.
 * A virtual thread's start+join pays for both; its park and unpark pay for neither (the agent does
 * not touch parking): parkUnpark checks that.
 *
 *   startAndJoinOneVirtualThread  start a virtual thread that does nothing, join it
 *   parkUnpark                    one round trip through a SynchronousQueue with a virtual thread
 *                                 that echoes: two parks and two unparks
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Thread)
public class ProofCost {
    private static final Runnable NOTHING = () -> { };

    /** How the fork was started; see JvmSetup. */
    @Param({JvmSetup.DEFAULT})
    public String jvm;

    private final SynchronousQueue<Object> ping = new SynchronousQueue<>(), pong = new SynchronousQueue<>();
    private Thread echo;

    @Setup
    public void setUp() {
        JvmSetup.check(jvm);
        echo = Thread.ofVirtual().name("echo").start(() -> {
            try {
                while (true) pong.put(ping.take());
            } catch (InterruptedException stop) {
                // tear-down
            }
        });
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        echo.interrupt();
        echo.join();
    }

    @Benchmark
    public Thread startAndJoinOneVirtualThread() throws InterruptedException {
        Thread t = Thread.ofVirtual().unstarted(NOTHING);
        t.start();
        t.join();
        return t;
    }

    @Benchmark
    public Object parkUnpark() throws InterruptedException {
        ping.put(this);
        return pong.take();
    }

    /*
     * HOW TO RUN THIS TEST (the JVM flags go with the jvm label; JvmSetup refuses a mismatch):
     *
     *   scripts/bench -f 1 -wi 2 -i 3 ProofCost
     *   scripts/bench -f 1 -wi 2 -i 3 ProofCost -p jvm=untracked -jvmArgsAppend -Djdk.trackAllThreads=false
     *   scripts/bench -f 1 -wi 2 -i 3 ProofCost -p jvm=agent-prove \
     *       -jvmArgsAppend "-javaagent:$(scripts/leaklab agent)=prove,quiet -Djdk.trackAllThreads=false"
     *
     * The measured table is in results/agent-costs.md.
     */
}

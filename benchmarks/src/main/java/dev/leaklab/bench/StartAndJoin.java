package dev.leaklab.bench;

import java.util.concurrent.ThreadFactory;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/*
 * The two bodies that ThreadCreation and AgentCost both measure, written once: start one thread
 * that does nothing and join it; start BATCH, then join them all. JMH runs inherited benchmarks
 * under the subclass's name (ThreadCreation.startAndJoinOneThread, AgentCost.startAndJoinOneThread),
 * with the subclass's annotations and parameters; the subclass sets the factory in its @Setup.
 */
@State(Scope.Thread)
public abstract class StartAndJoin {

    /** Threads per invocation of startManyThenJoinMany: few enough to stay polite on a shared host. */
    public static final int BATCH = 100;

    static final Runnable NOTHING = () -> { };

    @Param({Kinds.PLATFORM, Kinds.VIRTUAL})
    public String kind;

    /** Where the threads come from: set by the subclass's @Setup from {@link #kind}. */
    protected ThreadFactory factory;
    private final Thread[] batch = new Thread[BATCH];

    @Benchmark
    public Thread startAndJoinOneThread() throws InterruptedException {
        Thread t = factory.newThread(NOTHING);
        t.start();
        t.join();
        return t;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Thread[] startManyThenJoinMany() throws InterruptedException {
        for (int i = 0; i < BATCH; i++) {
            batch[i] = factory.newThread(NOTHING);
            batch[i].start();
        }
        for (Thread t : batch) {
            t.join();
        }
        return batch;
    }
}

package dev.leaklab.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/*
 * A NEW THREAD PER TASK, OR A POOL?
 *
 * The seed's fix for unbounded fan-out is a bounded worker pool. With virtual threads the
 * advice flips: "do not pool virtual threads", start one per task and bound concurrency with a
 * Semaphore. What does each choice cost per task, for a short task (a few hundred ns of CPU)?
 *
 *   platformThreadPerTask   Executors.newThreadPerTaskExecutor(platform factory): pthread per task
 *   virtualThreadPerTask    Executors.newVirtualThreadPerTaskExecutor() equivalent
 *   fixedPool               Executors.newFixedThreadPool(cores): reused platform workers, a queue
 *   forkJoinPool            new ForkJoinPool(cores): reused workers, work-stealing queues
 *
 * Two shapes of load:
 *   submitOneThenWait       submit, then Future.get(): the latency of one task end to end,
 *                           including waking the waiting JMH thread.
 *   submitManyThenWaitAll   submit 100, then get() each: time per task when submissions overlap,
 *                           which is where a pool amortises its wake-ups.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Thread)
public class SpawnVsPool {

    public static final int BATCH = 100;
    /** Blackhole.consumeCPU tokens per task: a short task, a few hundred nanoseconds. */
    public static final int TASK_TOKENS = 100;

    private static final Callable<Integer> TASK = () -> {
        Blackhole.consumeCPU(TASK_TOKENS);
        return TASK_TOKENS;
    };

    @Param({"platformThreadPerTask", "virtualThreadPerTask", "fixedPool", "forkJoinPool"})
    public String executor;

    private ExecutorService service;
    private final Future<?>[] batch = new Future<?>[BATCH];

    @Setup
    public void createExecutor() {
        int cores = Runtime.getRuntime().availableProcessors();
        service = switch (executor) {
            case "platformThreadPerTask" -> Executors.newThreadPerTaskExecutor(Kinds.factory(Kinds.PLATFORM));
            case "virtualThreadPerTask" -> Executors.newThreadPerTaskExecutor(Kinds.factory(Kinds.VIRTUAL));
            case "fixedPool" -> Executors.newFixedThreadPool(cores);
            case "forkJoinPool" -> new ForkJoinPool(cores);
            default -> throw new IllegalArgumentException("unknown executor '" + executor + "'");
        };
    }

    @TearDown
    public void closeExecutor() {
        service.close();
    }

    @Benchmark
    public Object submitOneThenWait() throws InterruptedException, ExecutionException {
        return service.submit(TASK).get();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int submitManyThenWaitAll() throws InterruptedException, ExecutionException {
        for (int i = 0; i < BATCH; i++) {
            batch[i] = service.submit(TASK);
        }
        int sum = 0;
        for (Future<?> f : batch) {
            sum += (Integer) f.get();
        }
        return sum;
    }

    /*
     * HOW TO RUN THIS TEST:
     *
     *   scripts/bench SpawnVsPool
     *   scripts/bench --quick SpawnVsPool.submitOneThenWait
     *
     * OUTPUT (see the end of this file once a run has been pasted).
     */
}

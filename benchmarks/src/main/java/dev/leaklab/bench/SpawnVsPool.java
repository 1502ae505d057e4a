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
 * The Go guide's fix for unbounded fan-out is a bounded worker pool. With virtual threads the
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
     * OUTPUT of the README's run, `scripts/bench --quick` (1 fork, 2 x 500 ms warm-up, 5 x 500 ms
     * measurement, -prof gc) on a shared 2-core machine while other builds ran, JDK 25; rows
     * gc.churn/count/time and the parameter columns of other classes left out:
     *
     *   Benchmark                                                        (executor)  Mode  Cnt    Score       Error  Units
     *   SpawnVsPool.submitManyThenWaitAll                     platformThreadPerTask  avgt    5  348.976  ±  469.957  us/op
     *   SpawnVsPool.submitManyThenWaitAll:gc.alloc.rate.norm  platformThreadPerTask  avgt    5  357.270  ±   46.343   B/op
     *   SpawnVsPool.submitManyThenWaitAll                      virtualThreadPerTask  avgt    5    1.757  ±    2.171  us/op
     *   SpawnVsPool.submitManyThenWaitAll:gc.alloc.rate.norm   virtualThreadPerTask  avgt    5  377.015  ±    0.775   B/op
     *   SpawnVsPool.submitManyThenWaitAll                                 fixedPool  avgt    5    0.827  ±    0.766  us/op
     *   SpawnVsPool.submitManyThenWaitAll:gc.alloc.rate.norm              fixedPool  avgt    5   57.359  ±    1.547   B/op
     *   SpawnVsPool.submitManyThenWaitAll                              forkJoinPool  avgt    5    1.288  ±    2.620  us/op
     *   SpawnVsPool.submitManyThenWaitAll:gc.alloc.rate.norm           forkJoinPool  avgt    5   32.961  ±    1.830   B/op
     *   SpawnVsPool.submitOneThenWait                         platformThreadPerTask  avgt    5  754.170  ±  449.430  us/op
     *   SpawnVsPool.submitOneThenWait:gc.alloc.rate.norm      platformThreadPerTask  avgt    5  391.774  ±    7.406   B/op
     *   SpawnVsPool.submitOneThenWait                          virtualThreadPerTask  avgt    5  114.247  ±  654.639  us/op
     *   SpawnVsPool.submitOneThenWait:gc.alloc.rate.norm       virtualThreadPerTask  avgt    5  398.961  ±   14.212   B/op
     *   SpawnVsPool.submitOneThenWait                                     fixedPool  avgt    5  116.014  ±  509.533  us/op
     *   SpawnVsPool.submitOneThenWait:gc.alloc.rate.norm                  fixedPool  avgt    5  102.585  ±   45.954   B/op
     *   SpawnVsPool.submitOneThenWait                                  forkJoinPool  avgt    5  124.819  ±   41.418  us/op
     *   SpawnVsPool.submitOneThenWait:gc.alloc.rate.norm               forkJoinPool  avgt    5   57.644  ±    0.946   B/op
     */
}

package dev.leaklab.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/*
 * WHAT DOES IT COST TO MAKE A THREAD?
 *
 * The Go guide says goroutines are "so cheap to create that developers spawn them liberally".
 * On the JVM the answer depends on the kind of thread, and on which part of "making" we mean:
 *
 *   - createOnly: the Thread object, unstarted. For a platform thread this is a plain Java
 *     object; no OS thread exists yet. For a virtual thread it is the thread plus its
 *     continuation. Cheap for both: this is not where the cost is.
 *
 *   - startAndJoinOneThread: start one thread that does nothing, and wait for it to end. A
 *     platform thread means pthread_create, a 1 MiB stack mapping (-Xss), the JVM's JavaThread
 *     set-up, and an OS context switch to run it and another to wake the joiner. A virtual
 *     thread means a task on the ForkJoinPool scheduler and an unpark of the joiner. This is
 *     the latency a "thread per task" design pays on every task.
 *
 *   - startManyThenJoinMany: start 100, then join 100: time per thread when starts overlap
 *     (what a burst of new work costs). The platform threads overlap on 2 cores; the virtual
 *     ones queue on the scheduler's carriers.
 *
 * Run with -prof gc to see the heap allocated per thread (gc.alloc.rate.norm, B/op). It cannot
 * see a platform thread's native stack, the JVM's native JavaThread structure or the kernel's
 * task_struct and kernel stack: for those, see ParkedFootprint (RSS and NMT).
 *
 * The task is empty on purpose: a virtual thread that never blocks never unmounts, so no stack
 * chunk is allocated; the footprint of a thread that waits is ParkedFootprint's subject.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class ThreadCreation extends StartAndJoin { // startAndJoinOneThread, startManyThenJoinMany

    @Setup
    public void setUp() {
        factory = Kinds.factory(kind);
    }

    @Benchmark
    public Thread createOnly() {
        return factory.newThread(NOTHING);
    }

    /*
     * HOW TO RUN THIS TEST:
     *
     *   scripts/bench ThreadCreation -prof gc
     *   scripts/bench --quick ThreadCreation          (adds -prof gc itself)
     *
     * or, without the script:
     *   java -jar benchmarks/target/benchmarks.jar ThreadCreation -prof gc
     *
     * OUTPUT of the README's run, `scripts/bench --quick` (1 fork, 2 x 500 ms warm-up, 5 x 500 ms
     * measurement, -prof gc) on a shared 2-core machine while other builds ran, JDK 25; rows
     * gc.churn/count/time and the parameter columns of other classes left out:
     *
     *   Benchmark                                                  (kind)  Mode  Cnt    Score       Error  Units
     *   ThreadCreation.createOnly                                platform  avgt    5    0.212  ±    1.009  us/op
     *   ThreadCreation.createOnly:gc.alloc.rate.norm             platform  avgt    5  264.003  ±    0.014   B/op
     *   ThreadCreation.createOnly                                 virtual  avgt    5    0.067  ±    0.105  us/op
     *   ThreadCreation.createOnly:gc.alloc.rate.norm              virtual  avgt    5  272.001  ±    0.001   B/op
     *   ThreadCreation.startAndJoinOneThread                     platform  avgt    5  833.075  ±  970.251  us/op
     *   ThreadCreation.startAndJoinOneThread:gc.alloc.rate.norm  platform  avgt    5  299.558  ±   13.632   B/op
     *   ThreadCreation.startAndJoinOneThread                      virtual  avgt    5   27.009  ±   56.742  us/op
     *   ThreadCreation.startAndJoinOneThread:gc.alloc.rate.norm   virtual  avgt    5  432.372  ±   20.695   B/op
     *   ThreadCreation.startManyThenJoinMany                     platform  avgt    5  189.329  ±  139.945  us/op
     *   ThreadCreation.startManyThenJoinMany:gc.alloc.rate.norm  platform  avgt    5  266.566  ±    1.941   B/op
     *   ThreadCreation.startManyThenJoinMany                      virtual  avgt    5    1.566  ±    3.469  us/op
     *   ThreadCreation.startManyThenJoinMany:gc.alloc.rate.norm   virtual  avgt    5  338.307  ±    5.609   B/op
     */
}

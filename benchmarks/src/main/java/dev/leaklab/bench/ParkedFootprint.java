package dev.leaklab.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.leaklab.bench.footprint.Footprint;
import dev.leaklab.bench.footprint.FootprintProfiler;
import dev.leaklab.bench.footprint.MemoryReading;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/*
 * WHAT DOES A LEAKED (PARKED) THREAD COST IN MEMORY?
 *
 * A leaked thread does nothing: it waits forever. What it costs is memory, and where that
 * memory lives depends on the kind of thread:
 *
 *   - A platform thread has a native stack: 1 MiB reserved (-Xss), but only the pages it has
 *     touched are resident. The JVM also keeps a native JavaThread structure for it, and the
 *     kernel a task_struct and a kernel stack. None of this is on the Java heap.
 *   - A virtual thread that parks copies its frames into a stack chunk, an object on the Java
 *     heap. Nothing native is left behind: the carrier thread goes on to run others.
 *
 * So one instrument is not enough. Each reading, taken right after a full GC, has four numbers:
 * heap in use, the process's RSS (/proc/self/status VmRSS), and Native Memory Tracking's
 * "Thread" category: committed total and committed stack.
 *
 * ISOLATING THE THREADS' COST: a slope, not a division. Within one invocation we park N/4
 * threads, read, park N/4 more, read, ... four readings at N/4, N/2, 3N/4 and N threads, and
 * report the least-squares slope of each kind of memory against the thread count (bytes per
 * additional parked thread). Everything the four readings share has no slope and drops out:
 * the JVM itself, JMH, the virtual-thread scheduler's carrier threads (started with the first
 * virtual thread), the JIT-compiled code of the thread body, and glibc's cache of a few freed
 * thread stacks (reused by the first threads). A single "(after - before) / N" would charge
 * all of that to the threads.
 *
 * The heap is fixed and touched up front (-Xms = -Xmx, -XX:+AlwaysPreTouch): its pages are
 * resident from the start, so heap growth does not show up in RSS, and the RSS slope is the
 * native part only. Per-thread total = footprint.heap + footprint.rss. Kernel memory
 * (task_struct, the 16 KiB kernel stack) is in neither: RSS counts user pages only.
 *
 * Each reading runs two full GCs: after one, the first reading of an invocation sometimes still
 * held some 300 B per thread of the previous invocation's (joined) virtual threads.
 *
 * Warm-up matters here too: until the JIT has compiled the thread body, its frames are
 * interpreted frames, which are larger in a virtual thread's stack chunk. Compare the warm-up
 * iterations' footprint.heap with the measured ones in a run's output.
 *
 * Depth: each thread recurses D frames (descend, never inlined) and parks at the bottom, since
 * a real leaked thread is parked deep in a framework, not in run(). A platform thread's stack
 * pages are touched once and stay resident; a virtual thread's chunk holds exactly the frames.
 *
 * N is larger for virtual threads (platformThreads / virtualThreads): on a shared 2-core CI
 * host we keep platform threads at a couple of thousand; virtual threads are cheap to park.
 *
 * The primary score (ms) is the time of a whole invocation (start and park N threads, four
 * full GCs and readings, release) and is NOT a per-thread cost. The results are the
 * footprint.* secondary metrics, in B/thread, which need our profiler:
 *   -prof dev.leaklab.bench.footprint.FootprintProfiler   (scripts/bench adds it)
 * JMH's -prof gc cannot see any of this: it counts allocation, not what stays live, and
 * nothing native.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 2, jvmArgsAppend = {
        "-XX:NativeMemoryTracking=summary", "-XX:+UseG1GC", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class ParkedFootprint {

    /** Readings per invocation, at N/4, N/2, 3N/4 and N threads. */
    public static final int STEPS = 4;

    @Param({Kinds.PLATFORM, Kinds.VIRTUAL})
    public String kind;

    /** Frames of our own between the thread's run() and the park. */
    @Param({"1", "16", "128"})
    public int depth;

    /** N when kind = platform. */
    @Param({"2000"})
    public int platformThreads;

    /** N when kind = virtual. */
    @Param({"20000"})
    public int virtualThreads;

    private ThreadFactory factory;
    private int threads;

    @Setup(Level.Trial)
    public void setUp() {
        factory = Kinds.factory(kind);
        threads = kind.equals(Kinds.PLATFORM) ? platformThreads : virtualThreads;
        if (threads < STEPS || depth < 1) {
            throw new IllegalArgumentException("need at least " + STEPS + " threads and depth >= 1");
        }
        if (!FootprintProfiler.active()) {
            System.out.println("NOTE: no footprint.* results without -prof " + FootprintProfiler.NAME);
        }
        // A -jvmArgsAppend on the command line replaces the flags on this class: say what is lost.
        if (!MemoryReading.nmtEnabled()) {
            System.out.println("NOTE: no footprint.nmt.* results without -XX:NativeMemoryTracking=summary");
        }
        if (!ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+AlwaysPreTouch")) {
            System.out.println("NOTE: without -XX:+AlwaysPreTouch (and -Xms = -Xmx) footprint.rss includes heap growth");
        }
    }

    @Benchmark
    public Footprint parkThreadsAndReadMemory() throws InterruptedException {
        var parked = new ParkedThreads(threads);
        try {
            int[] counts = new int[STEPS];
            var readings = new ArrayList<MemoryReading>(STEPS);
            for (int step = 1; step <= STEPS; step++) {
                counts[step - 1] = parked.parkUpTo(threads * step / STEPS);
                readings.add(MemoryReading.afterFullGc());
            }
            Footprint footprint = Footprint.slopeOf(counts, readings);
            FootprintProfiler.publish(footprint);
            return footprint;
        } finally {
            parked.releaseAll();
        }
    }

    /** Recurses {@code frames} deep, then parks until released: the shape of a leaked thread. */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static int descend(int frames, ParkedThreads owner) {
        if (frames > 1) {
            return descend(frames - 1, owner) + 1;
        }
        owner.parkHere();
        return 1;
    }

    final class ParkedThreads {
        private final Thread[] started;
        private int count;
        private volatile boolean released;

        ParkedThreads(int capacity) {
            started = new Thread[capacity];
        }

        /** Starts threads until {@code target} are parked at the bottom of their descent. */
        int parkUpTo(int target) throws InterruptedException {
            for (int i = count; i < target; i++) {
                started[i] = factory.newThread(() -> descend(depth, this));
                started[i].start();
            }
            for (int i = count; i < target; i++) {
                Kinds.awaitBlocked(started[i]);
            }
            count = target;
            return count;
        }

        void parkHere() {
            while (!released) {
                LockSupport.park(this);
            }
        }

        /** Also releases threads started by a parkUpTo that failed half-way. */
        void releaseAll() throws InterruptedException {
            released = true;
            for (Thread t : started) {
                if (t != null) {
                    LockSupport.unpark(t);
                }
            }
            for (Thread t : started) {
                if (t != null) {
                    t.join();
                }
            }
        }
    }

    /*
     * HOW TO RUN THIS TEST:
     *
     *   scripts/bench ParkedFootprint                 (adds the footprint profiler itself)
     *   scripts/bench --quick ParkedFootprint -p depth=128
     *
     * or, without the script:
     *   java -jar benchmarks/target/benchmarks.jar ParkedFootprint \
     *        -prof dev.leaklab.bench.footprint.FootprintProfiler
     *
     * OUTPUT of the README's run, `scripts/bench --quick` (1 fork, 2 x 500 ms warm-up, 5 x 500 ms
     * measurement, -prof gc) on a shared 2-core machine while other builds ran, JDK 25; rows
     * gc.churn/count/time and the parameter columns of other classes left out:
     *
     *   Benchmark                                                      (depth)    (kind)  (platformThreads)  (virtualThreads)  Mode  Cnt         Score          Error     Units
     *   ParkedFootprint.parkThreadsAndReadMemory                             1  platform               2000             20000    ss    5      1814.610  ±     979.233     ms/op
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.heap              1  platform               2000             20000    ss    5       187.671  ±     520.931  B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.nmt.stack         1  platform               2000             20000    ss    5     28685.271  ±     114.268  B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.nmt.thread        1  platform               2000             20000    ss    5     32444.241  ±     598.808  B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.rss               1  platform               2000             20000    ss    5     12241.306  ±    2714.978  B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:gc.alloc.rate.norm          1  platform               2000             20000    ss    5    695200.000  ±   73068.160      B/op
     *   ParkedFootprint.parkThreadsAndReadMemory                             1   virtual               2000             20000    ss    5       554.179  ±     380.446     ms/op
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.heap              1   virtual               2000             20000    ss    5       601.792  ±       6.123  B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.nmt.stack         1   virtual               2000             20000    ss    5           ≈ 0                 B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.nmt.thread        1   virtual               2000             20000    ss    5           ≈ 0                 B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.rss               1   virtual               2000             20000    ss    5         2.114  ±       9.297  B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:gc.alloc.rate.norm          1   virtual               2000             20000    ss    5  13479049.600  ±     897.958      B/op
     *   ParkedFootprint.parkThreadsAndReadMemory                            16  platform               2000             20000    ss    5      1787.028  ±     659.498     ms/op
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.heap             16  platform               2000             20000    ss    5       127.135  ±     637.885  B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.nmt.stack        16  platform               2000             20000    ss    5     28684.288  ±     105.803  B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.nmt.thread       16  platform               2000             20000    ss    5     32496.325  ±     148.360  B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.rss              16  platform               2000             20000    ss    5     12381.553  ±    1436.196  B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:gc.alloc.rate.norm         16  platform               2000             20000    ss    5    699667.200  ±   80689.443      B/op
     *   ParkedFootprint.parkThreadsAndReadMemory                            16   virtual               2000             20000    ss    5      1673.570  ±    2449.963     ms/op
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.heap             16   virtual               2000             20000    ss    5      1114.132  ±      11.648  B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.nmt.stack        16   virtual               2000             20000    ss    5           ≈ 0                 B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.nmt.thread       16   virtual               2000             20000    ss    5           ≈ 0                 B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.rss              16   virtual               2000             20000    ss    5        22.561  ±     157.815  B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:gc.alloc.rate.norm         16   virtual               2000             20000    ss    5  23778246.400  ±  308113.506      B/op
     *   ParkedFootprint.parkThreadsAndReadMemory                           128  platform               2000             20000    ss    5      2227.178  ±    1503.262     ms/op
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.heap            128  platform               2000             20000    ss    5         6.164  ±     520.778  B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.nmt.stack       128  platform               2000             20000    ss    5     34488.156  ±   13510.381  B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.nmt.thread      128  platform               2000             20000    ss    5     37784.260  ±   15942.300  B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.rss             128  platform               2000             20000    ss    5     17714.708  ±   12845.780  B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:gc.alloc.rate.norm        128  platform               2000             20000    ss    5    721273.600  ±  108020.596      B/op
     *   ParkedFootprint.parkThreadsAndReadMemory                           128   virtual               2000             20000    ss    5      8330.590  ±   10410.829     ms/op
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.heap            128   virtual               2000             20000    ss    5      4845.151  ±      18.384  B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.nmt.stack       128   virtual               2000             20000    ss    5           ≈ 0                 B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.nmt.thread      128   virtual               2000             20000    ss    5           ≈ 0                 B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:footprint.rss             128   virtual               2000             20000    ss    5         0.655  ±       3.569  B/thread
     *   ParkedFootprint.parkThreadsAndReadMemory:gc.alloc.rate.norm        128   virtual               2000             20000    ss    5  98111316.800  ±  299583.441      B/op
     */
}

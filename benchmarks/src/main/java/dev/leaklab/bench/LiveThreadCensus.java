package dev.leaklab.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import dev.leaklab.census.LiveThreads;
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
 * WHAT DOES IT COST TO COUNT THE LIVE THREADS, VIRTUAL ONES INCLUDED?
 *
 * A leak detector reads the live-thread count again and again (the Go guide's "monitor the
 * goroutine count"). ThreadMXBean.getThreadCount() is cheap but blind to virtual threads. Two
 * ways see them:
 *
 *   census              leaklab's LiveThreads.census(): reads the JDK's thread containers
 *                       (jdk.internal.vm.ThreadContainers), classifies each platform thread and
 *                       takes the virtual threads from the containers' own counts. No stacks, no
 *                       safepoint; needs --add-exports java.base/jdk.internal.vm=ALL-UNNAMED.
 *   walkCensus          the same numbers by walking the container tree and looking at every thread,
 *                       virtual ones included: what census() did before it used the counts.
 *   dumpThreadsAsJson   HotSpotDiagnosticMXBean.dumpThreads(file, JSON), the supported API (same
 *                       as jcmd Thread.dump_to_file): complete, with every stack, and heavy.
 *
 * Each is measured with N virtual threads parked in the background (N = 0, 1000, 100000 by
 * default; -p parkedVirtualThreads=1000000 for a million, which needs about a gigabyte of heap),
 * since a reading's cost grows with the number of threads it has to look at, and a leak is
 * exactly when that number is large; -p parkedPlatformThreads=N parks platform threads beside them.
 * The setup checks that the census sees them all.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
@State(Scope.Benchmark)
public class LiveThreadCensus {

    @Param({"0", "1000", "100000"})
    public int parkedVirtualThreads;

    /** Platform threads parked beside them (-p parkedPlatformThreads=4000: a stress cell's leak). */
    @Param({"0"})
    public int parkedPlatformThreads;

    private ParkedThreads parked;
    private HotSpotDiagnosticMXBean hotspot;
    private Path dump;

    @Setup
    public void parkThreads() throws InterruptedException, IOException {
        parked = new ParkedThreads().park(Thread.ofVirtual().factory(), parkedVirtualThreads)
                .park(Thread.ofPlatform().stackSize(64 * 1024).factory(), parkedPlatformThreads);
        var census = LiveThreads.census();
        if (census.appVirtual() < parkedVirtualThreads || census.appPlatform() < parkedPlatformThreads) {
            throw new IllegalStateException("census sees " + census + ", " + parkedVirtualThreads + " virtual and "
                    + parkedPlatformThreads + " platform threads are parked");
        }
        hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        dump = Files.createTempDirectory("leaklab-census").resolve("threads.json");
    }

    @TearDown
    public void releaseThreads() throws InterruptedException, IOException {
        parked.close();
        Files.deleteIfExists(dump);
        Files.deleteIfExists(dump.getParent());
    }

    @Benchmark
    public LiveThreads.Census census() {
        return LiveThreads.census();
    }

    @Benchmark
    public LiveThreads.Census walkCensus() {
        return LiveThreads.walkCensus();
    }

    @Benchmark
    public long dumpThreadsAsJson() throws IOException {
        Files.deleteIfExists(dump); // dumpThreads refuses to overwrite
        hotspot.dumpThreads(dump.toString(), ThreadDumpFormat.JSON);
        return Files.size(dump);
    }

    /*
     * HOW TO RUN THIS TEST:
     *
     *   scripts/bench LiveThreadCensus
     *   scripts/bench --quick LiveThreadCensus.census
     *
     * OUTPUT of one run on a shared 2-core machine while other builds ran (load average 5.6 to
     * 13.6), JDK 25, gc.alloc.rate/count/time rows left out:
     *
     *   scripts/bench -f 2 -wi 3 -w 1s -i 5 -r 1s -prof gc -p parkedVirtualThreads=0,100000,1000000 \
     *       -rff /tmp/scale-census.json 'LiveThreadCensus\.(census|walkCensus)$'
     *
     *   Benchmark                                       (parkedVirtualThreads)  Mode  Cnt         Score          Error   Units
     *   LiveThreadCensus.census                                              0  avgt   10         0.003 ±        0.001   ms/op
     *   LiveThreadCensus.census:gc.alloc.rate.norm                           0  avgt   10      3240.020 ±        0.004    B/op
     *   LiveThreadCensus.census                                         100000  avgt   10         0.015 ±        0.025   ms/op
     *   LiveThreadCensus.census:gc.alloc.rate.norm                      100000  avgt   10      3717.268 ±       16.427    B/op
     *   LiveThreadCensus.census                                        1000000  avgt   10         0.015 ±        0.007   ms/op
     *   LiveThreadCensus.census:gc.alloc.rate.norm                     1000000  avgt   10      3844.559 ±      424.959    B/op
     *   LiveThreadCensus.walkCensus                                          0  avgt   10         0.007 ±        0.003   ms/op
     *   LiveThreadCensus.walkCensus:gc.alloc.rate.norm                       0  avgt   10      7416.046 ±        0.021    B/op
     *   LiveThreadCensus.walkCensus                                     100000  avgt   10        66.261 ±       39.713   ms/op
     *   LiveThreadCensus.walkCensus:gc.alloc.rate.norm                  100000  avgt   10   6178459.673 ±   144602.634    B/op
     *   LiveThreadCensus.walkCensus                                    1000000  avgt   10       958.520 ±      329.580   ms/op
     *   LiveThreadCensus.walkCensus:gc.alloc.rate.norm                 1000000  avgt   10  66538224.000 ± 21577732.465    B/op
     *
     * census does not look at the parked virtual threads: its cost is flat from 0 to a million.
     * dumpThreadsAsJson, from an earlier run (scripts/bench --quick, before census used the
     * containers' counts): 5.9 ms at 0, 76.4 ms at 1000, 2785 ± 5843 ms and 745 MB allocated
     * per dump at 100000 parked virtual threads.
     */
}

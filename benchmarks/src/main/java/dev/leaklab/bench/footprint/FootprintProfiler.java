package dev.leaklab.bench.footprint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Turns the footprint that ParkedFootprint measured in an iteration into JMH secondary results
 * in B/thread: footprint.heap, footprint.rss, footprint.nmt.thread, footprint.nmt.stack.
 *
 * <p>Why a profiler and not {@code @AuxCounters}: JMH sums EVENTS counters over iterations
 * (AggregationPolicy.SUM) and labels them "#"; bytes per thread must average, with a unit. The
 * benchmark itself has to take the readings, since only it knows when its threads are parked,
 * so it publishes them here and this profiler reports them. It runs in the forked JVM, next to
 * the benchmark. Other benchmarks publish nothing and get no footprint results.
 *
 * <p>Use: {@code -prof dev.leaklab.bench.footprint.FootprintProfiler} (scripts/bench adds it).
 */
public final class FootprintProfiler implements InternalProfiler {

    public static final String NAME = FootprintProfiler.class.getName();
    public static final String UNIT = "B/thread";

    private static final AtomicReference<Footprint> PUBLISHED = new AtomicReference<>();
    private static volatile boolean active;

    public FootprintProfiler() {
        active = true;
    }

    /** True in a JVM where JMH created this profiler, i.e. the run asked for it. */
    public static boolean active() {
        return active;
    }

    /** Called by a benchmark once per iteration. */
    public static void publish(Footprint footprint) {
        PUBLISHED.set(footprint);
    }

    @Override
    public String getDescription() {
        return "Memory per parked thread (heap, RSS, NMT thread/stack), as measured by ParkedFootprint";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        PUBLISHED.set(null);
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        Footprint f = PUBLISHED.getAndSet(null);
        if (f == null) {
            return List.of();
        }
        var results = new ArrayList<ScalarResult>();
        add(results, "footprint.heap", f.heapBytesPerThread());
        add(results, "footprint.rss", f.rssBytesPerThread());
        add(results, "footprint.nmt.thread", f.nmtThreadBytesPerThread());
        add(results, "footprint.nmt.stack", f.nmtStackBytesPerThread());
        return results;
    }

    /** A value the readings could not give (NaN) is left out rather than reported as a number. */
    private static void add(List<ScalarResult> results, String label, double bytesPerThread) {
        if (!Double.isNaN(bytesPerThread)) {
            results.add(new ScalarResult(label, bytesPerThread, UNIT, AggregationPolicy.AVG));
        }
    }
}

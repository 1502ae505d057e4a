package dev.leaklab.bench.footprint;

import java.util.List;
import java.util.function.ToLongFunction;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Memory per thread: for each kind of memory, the least-squares slope of the readings against
 * the number of threads alive when each was taken. A slope, not "(after - before) / N": what
 * every reading shares (the JVM itself, the scheduler's carrier threads, JIT-compiled code,
 * the arrays that hold the threads) has no slope and drops out.
 *
 * @param threads the number of threads at the last reading
 * Each other component is in bytes per thread, NaN where the readings could not tell (-1).
 */
public record Footprint(int threads, double heapBytesPerThread, double rssBytesPerThread,
                        double nmtThreadBytesPerThread, double nmtStackBytesPerThread) {

    /** {@code readings.get(i)} was taken with {@code threadCounts[i]} threads alive. */
    public static Footprint slopeOf(int[] threadCounts, List<MemoryReading> readings) {
        if (threadCounts.length != readings.size() || threadCounts.length < 2) {
            throw new IllegalArgumentException("need one reading per thread count, at least two");
        }
        return new Footprint(threadCounts[threadCounts.length - 1],
                slope(threadCounts, readings, MemoryReading::heapUsedBytes),
                slope(threadCounts, readings, MemoryReading::rssBytes),
                slope(threadCounts, readings, MemoryReading::nmtThreadBytes),
                slope(threadCounts, readings, MemoryReading::nmtStackBytes));
    }

    private static double slope(int[] x, List<MemoryReading> readings, ToLongFunction<MemoryReading> y) {
        var regression = new SimpleRegression();
        for (int i = 0; i < x.length; i++) {
            long v = y.applyAsLong(readings.get(i));
            if (v < 0) {
                return Double.NaN;
            }
            regression.addData(x[i], v);
        }
        return regression.getSlope();
    }
}

package dev.leaklab.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The fork's CPU time per operation, in the score's unit: the score (wall time per operation)
 * times the share of the iteration's wall time the process spent on a CPU (every thread: the
 * benchmark's, carriers, GC, JIT). On a shared machine a thread start's wall time also holds the
 * time its threads waited for a CPU that another process had; its CPU time does not, so this
 * secondary result (":cpu") tells apart two agents far better when the machine is busy. Use with
 * {@code -prof dev.leaklab.bench.CpuTimeProfiler} (average-time benchmarks).
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private long cpuStart, wallStart;

    @Override
    public String getDescription() {
        return "Process CPU time per operation (score x CPU time / wall time of the iteration)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        wallStart = System.nanoTime();
        cpuStart = cpuNanos();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long cpu = cpuNanos() - cpuStart, wall = System.nanoTime() - wallStart;
        if (cpu < 0 || wall <= 0) return List.of();
        var primary = result.getPrimaryResult();
        double perOp = primary.getScore() * cpu / wall;
        return List.of(new ScalarResult("cpu", perOp, primary.getScoreUnit(), AggregationPolicy.AVG));
    }

    private static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }
}

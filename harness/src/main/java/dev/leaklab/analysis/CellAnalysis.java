package dev.leaklab.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import dev.leaklab.monitor.LeakRule;
import dev.leaklab.analysis.CellRecording.Phase;
import dev.leaklab.analysis.CellRecording.Point;
import dev.leaklab.analysis.CellRecording.Sample;
import dev.leaklab.result.CellResult.Flood;
import dev.leaklab.result.CellResult.Host;
import dev.leaklab.result.CellResult.Memory;
import dev.leaklab.result.CellResult.Series;
import dev.leaklab.result.CellResult.Threads;
import dev.leaklab.result.Fit;
import dev.leaklab.result.Verdict;

/**
 * Turns one cell's recording into its findings: the slope of live threads over the load phase,
 * whether the idle tail came back to the baseline, the verdict, memory per thread, peaks.
 * Only recorded data is used; the configured rate never enters a figure.
 */
public final class CellAnalysis {

    /** A memory-per-thread slope needs the count to move by at least this much. */
    static final int MIN_THREAD_RANGE = 20;

    private CellAnalysis() {
    }

    /** The thread and memory findings; flood figures come from {@link FloodAnalysis}. */
    public record Findings(Threads threads, Verdict verdict, String reason, Memory memory, Series series,
                           Double offeredPerSec, Host host) { }

    /** The live-thread sampler's period (LiveThreadsEvent, leaklab.jfc). */
    static final double SAMPLE_PERIOD_MS = 100;
    /** Other processes using this much of the machine leave the cell less than it would have alone. */
    static final double BUSY_OTHERS_CPU = 0.5;
    /** The sampler waiting this many periods for a CPU means the cell's timing was not its own. */
    static final double BUSY_SAMPLER_PERIODS = 3;

    public static Findings analyse(CellRecording rec) {
        List<Sample> samples = rec.samples();
        var load = rec.phase(dev.leaklab.result.Phase.LOAD);
        var idle = rec.phase(dev.leaklab.result.Phase.IDLE);
        if (samples.isEmpty() || load.isEmpty()) {
            var threads = new Threads(samples.size(), null, null, null, null, null, null, null);
            return new Findings(threads, Verdict.INCONCLUSIVE,
                    samples.isEmpty() ? "no live-thread samples were recorded" : "the load phase never started",
                    memory(rec, List.of()), series(rec, samples.isEmpty() ? Instant.EPOCH : samples.getFirst().time()), null,
                    host(rec, samples.isEmpty() ? Instant.EPOCH : samples.getFirst().time(), Instant.MAX));
        }
        Instant t0 = load.get().start();
        List<Sample> before = between(samples, Instant.EPOCH, t0);
        List<Sample> during = between(samples, t0, load.get().end());
        List<Sample> tail = idle.map(p -> between(samples, p.start(), p.end())).orElse(List.of());

        Integer baseline = before.isEmpty() ? (during.isEmpty() ? null : during.getFirst().app())
                : median(before.subList(Math.max(0, before.size() - 3), before.size()));
        Integer peak = samples.stream().filter(s -> !s.time().isBefore(t0)).mapToInt(Sample::app).max().stream().boxed().findFirst().orElse(null);
        Integer endOfLoad = during.isEmpty() ? null : during.getLast().app();
        Integer endOfIdle = tail.isEmpty() ? null : median(tail.subList(Math.max(0, tail.size() - 3), tail.size()));

        Fit slope = Regression.fit(seconds(during, t0), during.stream().mapToDouble(Sample::app).toArray());
        Boolean returned = endOfIdle == null || baseline == null ? null : LeakRule.backToBaseline(baseline, endOfIdle);
        Integer leftBehind = endOfIdle == null || baseline == null ? null : LeakRule.above(baseline, endOfIdle);
        var threads = new Threads(samples.size(), baseline, peak, endOfLoad, endOfIdle, slope, returned, leftBehind);

        String verdictReason;
        Verdict verdict;
        if (slope == null) {
            verdict = Verdict.INCONCLUSIVE;
            verdictReason = "too few samples in the load phase (" + during.size() + ") to fit a slope";
        } else if (returned == null) {
            verdict = Verdict.INCONCLUSIVE;
            verdictReason = String.format(Locale.ROOT, "grew at %.1f threads/s during load, but no idle tail was recorded",
                    slope.slope());
        } else if (returned) {
            verdict = Verdict.HEALTHY;
            verdictReason = String.format(Locale.ROOT, "back to the baseline of %d after the idle tail (load slope %.2f/s)",
                    baseline, slope.slope());
        } else if (slope.ciLow() > 0) {
            verdict = Verdict.LEAKING;
            verdictReason = String.format(Locale.ROOT,
                    "grew at %.1f threads/s (95%% CI %.1f to %.1f) and stayed %d above the baseline of %d when idle",
                    slope.slope(), slope.ciLow(), slope.ciHigh(), leftBehind, baseline);
        } else {
            verdict = Verdict.INCONCLUSIVE;
            verdictReason = String.format(Locale.ROOT,
                    "stayed %d above the baseline when idle, but did not grow significantly during load (slope %.2f/s)",
                    leftBehind, slope.slope());
        }
        List<Sample> growth = new ArrayList<>(during);
        growth.addAll(tail);
        return new Findings(threads, verdict, verdictReason, memory(rec, growth), series(rec, t0), offered(load.get(), during),
                host(rec, t0, load.get().end() == null ? Instant.MAX : load.get().end()));
    }

    /**
     * How busy the host was from {@code from} to {@code to} (the load phase, where the rates and
     * latencies are taken; the next cell's JVM starts during this one's idle tail): the other
     * processes' share of the CPU from JFR's jdk.CPULoad, and how regularly the sampler got to
     * run. Either one is enough to call the host busy.
     */
    static Host host(CellRecording rec, Instant from, Instant to) {
        var cpu = rec.cpu().stream().filter(c -> !c.time().isBefore(from) && !c.time().isAfter(to)).toList();
        Double others = cpu.isEmpty() ? null : cpu.stream().mapToDouble(CellRecording.CpuLoad::others).average().getAsDouble();
        Double own = cpu.isEmpty() ? null : cpu.stream().mapToDouble(CellRecording.CpuLoad::jvm).average().getAsDouble();
        var times = rec.samples().stream().map(Sample::time).filter(t -> !t.isBefore(from) && !t.isAfter(to)).toList();
        double[] gaps = new double[Math.max(0, times.size() - 1)];
        for (int i = 1; i < times.size(); i++) {
            gaps[i - 1] = Duration.between(times.get(i - 1), times.get(i)).toNanos() / 1e6;
        }
        Arrays.sort(gaps);
        Double p50 = gaps.length == 0 ? null : round1(gaps[gaps.length / 2]);
        Double max = gaps.length == 0 ? null : round1(gaps[gaps.length - 1]);
        var why = new ArrayList<String>();
        if (others != null && others >= BUSY_OTHERS_CPU) {
            why.add(String.format(Locale.ROOT, "other processes used %.0f%% of the machine's CPU", others * 100));
        }
        if (max != null && max >= BUSY_SAMPLER_PERIODS * SAMPLE_PERIOD_MS) {
            why.add(String.format(Locale.ROOT, "the %.0f ms sampler waited up to %.0f ms for a CPU", SAMPLE_PERIOD_MS, max));
        }
        return new Host(others == null ? null : round3(others), own == null ? null : round3(own), p50, max,
                !why.isEmpty(), why.isEmpty() ? null : String.join("; ", why));
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** Operations per second the driver achieved: the phase's own count, or the samples' when it never ended. */
    static Double offered(Phase load, List<Sample> during) {
        double seconds = Duration.between(load.start(), load.end()).toNanos() / 1e9;
        long ops = load.finished() ? load.operations() : during.isEmpty() ? 0 : during.getLast().submitted();
        return seconds > 0 ? Math.round(ops / seconds * 10) / 10.0 : null;
    }

    /**
     * Bytes per thread as the slope of each memory reading against the live thread count at
     * that moment (the nearest sample within 150 ms), over load and idle: fixed costs drop out
     * as the intercept, unlike a division of totals.
     */
    static Memory memory(CellRecording rec, List<Sample> samples) {
        boolean varies = samples.size() >= 3 && samples.stream().mapToInt(Sample::app).max().getAsInt()
                - samples.stream().mapToInt(Sample::app).min().getAsInt() >= MIN_THREAD_RANGE;
        return new Memory(
                varies ? perThread(rec.heapAfterGc(), samples) : null,
                varies ? perThread(rec.rss(), samples) : null,
                varies ? perThread(rec.nmtThreadStack(), samples) : null,
                max(rec.heapAfterGc()), max(rec.rss()), max(rec.nmtThreadStack()));
    }

    private static Fit perThread(List<Point> points, List<Sample> samples) {
        if (samples.isEmpty()) {
            return null;
        }
        Instant from = samples.getFirst().time().minusMillis(150);
        Instant to = samples.getLast().time().plusMillis(150);
        var x = new ArrayList<Double>();
        var y = new ArrayList<Double>();
        for (Point p : points) {
            if (p.time().isBefore(from) || p.time().isAfter(to)) {
                continue;
            }
            Sample nearest = nearest(samples, p.time());
            if (Duration.between(nearest.time(), p.time()).abs().toMillis() <= 150) {
                x.add((double) nearest.app());
                y.add((double) p.bytes());
            }
        }
        return Regression.fit(x.stream().mapToDouble(Double::doubleValue).toArray(),
                y.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static Sample nearest(List<Sample> samples, Instant t) {
        int lo = 0, hi = samples.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (samples.get(mid).time().isBefore(t)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        Sample best = samples.get(lo);
        if (lo > 0 && Duration.between(samples.get(lo - 1).time(), t).abs()
                .compareTo(Duration.between(best.time(), t).abs()) < 0) {
            best = samples.get(lo - 1);
        }
        return best;
    }

    static Series series(CellRecording rec, Instant t0) {
        var phaseStarts = new LinkedHashMap<String, Double>();
        for (Phase p : rec.phases()) {
            phaseStarts.put(p.name(), sec(p.start(), t0));
        }
        if (!rec.phases().isEmpty()) {
            phaseStarts.put(dev.leaklab.result.Phase.END.id(), sec(rec.phases().getLast().end(), t0));
        }
        var s = rec.samples();
        return new Series(
                s.stream().map(x -> sec(x.time(), t0)).toList(),
                s.stream().map(Sample::platform).toList(),
                s.stream().map(Sample::virtual).toList(),
                rec.rss().stream().map(p -> sec(p.time(), t0)).toList(), rec.rss().stream().map(Point::bytes).toList(),
                rec.heapAfterGc().stream().map(p -> sec(p.time(), t0)).toList(), rec.heapAfterGc().stream().map(Point::bytes).toList(),
                rec.nmtThreadStack().stream().map(p -> sec(p.time(), t0)).toList(), rec.nmtThreadStack().stream().map(Point::bytes).toList(),
                phaseStarts);
    }

    private static double sec(Instant t, Instant t0) {
        return Math.round(Duration.between(t0, t).toNanos() / 1e6) / 1e3;
    }

    private static double[] seconds(List<Sample> samples, Instant t0) {
        return samples.stream().mapToDouble(s -> Duration.between(t0, s.time()).toNanos() / 1e9).toArray();
    }

    private static List<Sample> between(List<Sample> samples, Instant from, Instant to) {
        Predicate<Sample> in = s -> !s.time().isBefore(from) && !s.time().isAfter(to);
        return samples.stream().filter(in).toList();
    }

    private static int median(List<Sample> samples) {
        int[] v = samples.stream().mapToInt(Sample::app).sorted().toArray();
        return v[v.length / 2];
    }

    private static Long max(List<Point> points) {
        return points.stream().mapToLong(Point::bytes).max().stream().boxed().findFirst().orElse(null);
    }
}

package dev.leaklab.load;

import dev.leaklab.io.Durations;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

import dev.leaklab.scenario.Scenario;
import dev.leaklab.result.ThreadKind;
import dev.leaklab.result.Variant;
import dev.leaklab.internal.census.IoPollers;
import dev.leaklab.census.LiveThreads;
import dev.leaklab.census.LiveThreads.Census;
import dev.leaklab.monitor.LeakRule;

/**
 * The Go guide's runnable example, for any scenario: offer work at a rate, print the live thread
 * count every few seconds, stop the load, stop the scenario its variant's way, wait an idle tail,
 * and say whether the count came back to where it started.
 *
 * <p>The count is the JVM's ({@link LiveThreads}): main plus what the scenario started; the
 * JVM's own threads and the harness's fixtures are left out, each by identity. The load runs on
 * the calling thread, so the baseline is that one thread, like the Go guide's one goroutine.
 *
 * <p>The load stops at {@code platformThreadCap} live platform threads (all of this JVM's, as the
 * OS counts them): a leaky platform-thread scenario would otherwise run the host out of threads.
 */
public record LiveRun(Scenario scenario, Variant variant, ThreadKind kind, Rate rate, Duration duration,
                      Duration reportEvery, Duration idle, int platformThreadCap) {

    /** What the run saw. {@code leftBehind} is application threads above the baseline after the idle tail; {@link LeakRule} judges it. */
    public record Result(Census baseline, Census peak, Census afterIdle, long submitted, long failed, String firstFailure) {
        public int leftBehind() {
            return LeakRule.above(baseline.app(), afterIdle.app());
        }

        public boolean cleanedUp() {
            return LeakRule.backToBaseline(baseline.app(), afterIdle.app());
        }
    }

    public Result execute(PrintWriter out) throws Exception {
        out.printf(Locale.ROOT, "leaklab run %s: %s, %s threads, %s for %s (report every %s, idle tail %s)%n",
                scenario.name(), variant.label(), kind.label(), rate, Durations.format(duration),
                Durations.format(reportEvery), Durations.format(idle));
        long failed = 0;
        String firstFailure = null;
        Census baseline, peak;
        if (kind == ThreadKind.VIRTUAL) {
            IoPollers.start(); // the JDK's own virtual threads belong in the baseline, not in the leak
        }
        Scenario.Workload workload = scenario.open(variant, kind.builder(scenario.name()));
        try {
            baseline = LiveThreads.census();
            peak = baseline;
            out.println("[START] " + line(baseline));

            long ops = Math.round(rate.perSecond() * duration.toNanos() / 1e9);
            var pacer = new Pacer(rate);
            var threads = ManagementFactory.getThreadMXBean();
            long start = pacer.startNanos();
            long nextReport = reportEvery.toNanos();
            for (long i = 0; i < ops; i++) {
                while (pacer.dueNanos(i) - start >= nextReport) {
                    peak = report(out, start, nextReport, peak);
                    nextReport += reportEvery.toNanos();
                }
                int platform = threads.getThreadCount();
                if (platform >= platformThreadCap) {
                    out.printf(Locale.ROOT, "[CAP] stopped the load after %d operations at %d live platform threads"
                            + " (cap %d from this host's limits; see --thread-cap)%n", i, platform, platformThreadCap);
                    ops = i;
                    break;
                }
                pacer.awaitNext();
                try {
                    workload.submit();
                } catch (Exception e) {
                    if (failed++ == 0) {
                        firstFailure = e.toString();
                    }
                }
            }
            while (nextReport <= duration.toNanos()) {
                peak = report(out, start, nextReport, peak);
                nextReport += reportEvery.toNanos();
            }
            out.printf(Locale.ROOT, "[STOP] load stopped after %d operations%s; closing the scenario (%s)%n",
                    ops, failed > 0 ? " (" + failed + " failed, first: " + firstFailure + ")" : "",
                    variant == Variant.LEAKY ? "leaky: it leaves its threads behind" : "fixed: it cancels and joins its threads");
        } finally {
            workload.close();
        }
        sleep(idle);
        Census after = LiveThreads.census();
        out.printf(Locale.ROOT, "[IDLE %s] %s%n", Durations.format(idle), line(after));
        var result = new Result(baseline, peak, after, Math.round(rate.perSecond() * duration.toNanos() / 1e9), failed, firstFailure);
        if (result.cleanedUp()) {
            out.printf(Locale.ROOT, "All threads cleaned up: back to the baseline of %d after %s idle%s.%n",
                    baseline.app(), Durations.format(idle), result.leftBehind() > 0
                            ? String.format(Locale.ROOT, " (%d above it, within the tolerance of %d)", result.leftBehind(), LeakRule.TOLERANCE)
                            : "");
        } else {
            out.printf(Locale.ROOT, "LEAK: %d threads above the baseline of %d after %s idle (peak %d; tolerance %d); they stayed up.%n",
                    result.leftBehind(), baseline.app(), Durations.format(idle), peak.app(), LeakRule.TOLERANCE);
        }
        return result;
    }

    private static Census report(PrintWriter out, long startNanos, long atNanos, Census peak) {
        Pacer.sleepUntil(startNanos + atNanos);
        Census now = LiveThreads.census();
        out.println("[AFTER " + Durations.format(Duration.ofNanos(atNanos)) + "] " + line(now));
        return now.app() > peak.app() ? now : peak;
    }

    static String line(Census c) {
        return String.format(Locale.ROOT, "threads: %d (platform %d, virtual %d)", c.app(), c.appPlatform(), c.appVirtual());
    }

    private static void sleep(Duration d) {
        Pacer.sleepUntil(System.nanoTime() + d.toNanos());
    }

}

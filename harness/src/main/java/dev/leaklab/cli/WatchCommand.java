package dev.leaklab.cli;

import dev.leaklab.load.Pacer;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.leaklab.analysis.Regression;
import dev.leaklab.io.Durations;
import dev.leaklab.internal.io.Printable;
import dev.leaklab.io.UserError;
import dev.leaklab.profile.ProfileDiff;
import dev.leaklab.profile.ProfileText;
import dev.leaklab.profile.StackGroups;
import dev.leaklab.dump.ThreadDumps;
import dev.leaklab.profile.ThreadProfile;
import dev.leaklab.monitor.ThreadWatch;
import dev.leaklab.monitor.Level;
import dev.leaklab.monitor.ThreadWatch.Reading;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "The Go guide's thread-count monitor for another JVM, with its alert levels.",
            "",
            "Every --interval for --for: the count of platform and virtual threads, the baseline (the "
                + "first reading), the least-squares slope, whether the count grows monotonically, and the "
                + "Go guide's levels: WARNING above 100 over the baseline, CRITICAL above 1,000 over it, "
                + "EMERGENCY above 10,000 in total. The Go guide applies them to idle periods: a traffic spike "
                + "also rises above the baseline. At the end, the stack group that grew most is named.",
            "",
            "Each reading is one JSON thread dump the target writes (jcmd Thread.dump_to_file, about "
                + "1.2 KB per thread; every thread is briefly stopped for its stack), counted as it "
                + "streams; a target older than JDK 21 answers Thread.print instead (platform threads: it has "
                + "no virtual ones). Each line shows what its reading cost.",
            "",
            "Exit code: the worst level reached: 0 OK, 3 WARNING, 4 CRITICAL, 5 EMERGENCY; 6 when the "
                + "target went away after the first reading (the summary covers the readings before); 2 is bad "
                + "input, such as no such pid or a JVM that cannot be attached.",
            "",
            "Example:",
            "  leaklab watch 7431 --interval 10s --for 5m"})
final class WatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PID", description = "The JVM to watch.")
    long pid;

    /** Each reading stops every thread of the target for its stack: more often would change what it measures. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    @Option(names = "--interval", defaultValue = "10s", paramLabel = "DURATION", description = "Time between readings, at least 1s (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--for", defaultValue = "5m", paramLabel = "DURATION", description = "How long to watch (default: ${DEFAULT-VALUE}).")
    Duration watchFor;

    @Override
    public Integer call() {
        if (interval.compareTo(MIN_INTERVAL) < 0 || watchFor.isNegative()) {
            throw new UserError("--interval must be at least " + Durations.format(MIN_INTERVAL)
                    + " and --for must not be negative, e.g. --interval 10s --for 5m");
        }
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "leaklab watch pid %d: a reading every %s for %s%n", pid,
                Durations.format(interval), Durations.format(watchFor));
        var watch = new ThreadWatch();
        ThreadProfile first = null, last = null;
        boolean targetGone = false;
        long start = System.nanoTime();
        for (long k = 0; ; k++) {
            long due = start + k * interval.toNanos();
            if (due - start > watchFor.toNanos()) {
                break;
            }
            Pacer.sleepUntil(due);
            var groups = new StackGroups();
            long t0 = System.nanoTime();
            long bytes;
            try {
                bytes = ThreadDumps.visitLive(pid, groups);
            } catch (UserError e) {
                if (first == null) {
                    throw new UserError(e.getMessage());
                }
                targetGone = true;
                // A JVM that exits while it writes its dump answers jcmd with nothing: say what happened.
                boolean ended = ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
                out.println("reading failed, watch ends: " + (ended ? "pid " + pid + " has ended" : e.getMessage()));
                break;
            }
            long costMillis = (System.nanoTime() - t0) / 1_000_000;
            var profile = groups.profile();
            if (first == null) { // the note says what the target cannot show: before the table
                out.print(profile.header().noteLine());
                out.printf(Locale.ROOT, "%8s %9s %9s %9s %9s  %-9s  %s%n", "time", "platform", "virtual", "total",
                        "vs base", "level", "reading cost");
            }
            first = first == null ? profile : first;
            last = profile;
            var reading = new Reading((t0 - start) / 1e9, profile.platform(), profile.virtual(), costMillis, bytes);
            Level level = watch.add(reading);
            out.printf(Locale.ROOT, "%7.1fs %9d %9d %9d %+9d  %-9s  %d ms, %.1f MB%n", reading.seconds(),
                    reading.platform(), reading.virtual(), reading.total(), reading.total() - watch.baseline(),
                    level, costMillis, bytes / 1e6);
            out.flush();
        }
        int exitCode = targetGone ? Main.EXIT_TARGET_GONE : watch.worst().exitCode;
        summary(out, watch, first, last, targetGone, exitCode);
        return exitCode;
    }

    /** Ends with one line naming the one exit code: the worst level's, or 6 when the target went away. */
    private static void summary(PrintWriter out, ThreadWatch watch, ThreadProfile first, ThreadProfile last,
                                boolean targetGone, int exitCode) {
        var readings = watch.readings();
        var slope = Regression.fit(watch.seconds(), watch.totals());
        out.println();
        out.printf(Locale.ROOT, "baseline %d (first reading), last %d (%+d), peak %d, over %d readings%n",
                watch.baseline(), readings.getLast().total(), readings.getLast().total() - watch.baseline(),
                watch.peak(), readings.size());
        if (slope != null) {
            out.printf(Locale.ROOT, "slope %+.2f threads/s (95%% CI ±%.2f)%s%s%n", slope.slope(), slope.halfWidth(),
                    slope.rSquared() == null ? "" : String.format(Locale.ROOT, ", R² %.3f", slope.rSquared()),
                    watch.growingMonotonically() ? "; growing monotonically" : "");
        }
        if (first != last) {
            var top = ProfileDiff.of(first, last).changes().getFirst();
            if (top.growth() > 0) {
                out.printf(Locale.ROOT, "grew most: %+d %s · %s%n", top.growth(), top.mark(), ProfileText.groupLine(top.group()));
                out.println("    at " + Printable.escape(top.group().headline()));
            }
        }
        out.printf(Locale.ROOT, "worst level: %s (%s); %sexit code %d%n", watch.worst(), watch.worst().meaning,
                targetGone ? "the target went away before --for ended: " : "", exitCode);
    }

}

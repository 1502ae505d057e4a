package dev.leaklab.cli;

import dev.leaklab.io.UserError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import jdk.jfr.Recording;

import dev.leaklab.internal.io.AtomicFile;
import java.util.concurrent.Callable;

import dev.leaklab.load.LiveRun;
import dev.leaklab.load.Rate;
import dev.leaklab.scenario.Scenario;
import dev.leaklab.result.ThreadKind;
import dev.leaklab.result.Variant;
import dev.leaklab.stress.HostLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run one leak scenario like the Go guide's example, printing the live thread count.",
            "",
            "Starts work at a rate, prints the live thread count (the JVM's own, virtual threads included) every few seconds, stops, waits an idle tail, and says whether the count returned to its baseline.",
            "",
            "The load stops early at --thread-cap live platform threads, derived from the host's limits as for 'leaklab stress'. "
                + "If the JVM runs out of memory or native threads anyway, leaklab prints one line and exits with code 7.",
            "",
            "Examples:",
            "  leaklab run send-without-receiver --variant leaky --kind virtual",
            "  leaklab run send-without-receiver --kind virtual --duration 5m --jfr rec.jfr &",
            "  jcmd $! JFR.dump name=leaklab filename=rec.jfr; leaklab leaks rec.jfr --dump $!"})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", description = "A scenario from 'leaklab list'.")
    Scenario scenario;

    @Option(names = "--variant", defaultValue = "leaky", description = "leaky or fixed (default: ${DEFAULT-VALUE}).")
    Variant variant;

    @Option(names = "--kind", defaultValue = "platform", description = "platform or virtual threads (default: ${DEFAULT-VALUE}).")
    ThreadKind kind;

    @Option(names = "--rate", defaultValue = "50/s", description = "Operations offered per second, e.g. 50/s (default: ${DEFAULT-VALUE}).")
    Rate rate;

    @Option(names = "--duration", defaultValue = "10s", description = "How long to offer load, e.g. 10s (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--report-every", defaultValue = "2s", description = "Time between count lines (default: ${DEFAULT-VALUE}).")
    Duration reportEvery;

    @Option(names = "--idle", defaultValue = "2s", description = "Idle tail after the scenario is stopped (default: ${DEFAULT-VALUE}).")
    Duration idle;

    @Option(names = "--thread-cap", paramLabel = "N", description = "Stop the load at this many live platform threads (default: derived from the host's limits).")
    Integer threadCap;

    @Option(names = "--unsafe", description = "Allow --thread-cap above what the host's limits make safe.")
    boolean unsafe;

    @Option(names = "--jfr", paramLabel = "FILE",
            description = "Record the run under JFR (thread starts with the creator's stack, ends, virtual threads' too) into FILE,"
                    + " written when the run ends; while it runs, 'jcmd PID JFR.dump name=leaklab filename=FILE' writes what is"
                    + " recorded so far, for 'leaklab leaks FILE --dump PID'.")
    Path jfr;

    @Override
    public Integer call() throws Exception {
        requirePositive("--duration", duration);
        requirePositive("--report-every", reportEvery);
        if (idle.isNegative()) {
            throw new UserError("--idle must not be negative, e.g. 2s");
        }
        int cap = HostLimits.read().platformThreadCap(threadCap, unsafe);
        var run = new LiveRun(scenario, variant, kind, rate, duration, reportEvery, idle, cap);
        if (jfr == null) {
            run.execute(spec.commandLine().getOut());
            return 0;
        }
        Path dir = jfr.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserError("cannot write " + jfr + ": no such folder " + dir);
        }
        // Opened first, so that a FILE it may not write (a folder, a device, a link) is refused before the run.
        try (var file = openForJfr(jfr); var recording = new Recording()) {
            recording.setName(RECORDING_NAME);
            recording.enable("jdk.ThreadStart").withStackTrace();
            recording.enable("jdk.ThreadEnd");
            recording.enable("jdk.VirtualThreadStart");
            recording.enable("jdk.VirtualThreadEnd");
            recording.setToDisk(true);
            recording.start();
            run.execute(spec.commandLine().getOut());
            recording.stop();
            // beside FILE, or for a device, a FIFO or standard output, in the temporary folder
            Path whole = Files.isRegularFile(jfr) || !Files.exists(jfr) ? Files.createTempFile(dir, ".leaklab-run-", ".jfr")
                    : Files.createTempFile(".leaklab-run-", ".jfr");
            try {
                recording.dump(whole);
                Files.copy(whole, file.stream());
            } finally {
                Files.deleteIfExists(whole);
            }
            file.commit();
        }
        spec.commandLine().getOut().println("Recording: " + jfr);
        return 0;
    }

    private static AtomicFile openForJfr(Path jfr) {
        if (Files.isDirectory(jfr)) {
            throw new UserError("cannot write " + jfr + ": it is a folder; name a file, e.g. --jfr rec.jfr");
        }
        try {
            return AtomicFile.open(jfr);
        } catch (java.nio.file.FileSystemException e) {
            throw new UserError("cannot write " + jfr + ": " + UserError.describe(e));
        } catch (java.io.IOException e) {
            throw new UserError("cannot write " + jfr + ": " + e.getMessage());
        }
    }

    /** What {@code jcmd PID JFR.dump name=...} names. */
    static final String RECORDING_NAME = "leaklab";

    private static void requirePositive(String option, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new UserError(option + " must be positive, e.g. 10s");
        }
    }
}

package dev.leaklab.stress;

import dev.leaklab.child.CellMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.leaklab.link.CellSpec;
import dev.leaklab.result.Outcome;

/**
 * One cell's child JVM: launched with explicit flags, its output drained to files, held to a
 * deadline. However it ends (normally, killed, crashed, hung) the result is an {@link Ended}.
 */
final class Child {

    /** How the child ended, and what it said last on stderr. */
    record Ended(Outcome outcome, String detail, Integer exitCode, List<String> stderrTail, Duration wall,
                 long launchedEpochMillis, long exitedEpochMillis) {
        Ended(Outcome outcome, String detail, Integer exitCode, List<String> stderrTail, Duration wall) {
            this(outcome, detail, exitCode, stderrTail, wall, 0, 0);
        }

        /** The same end, with the wall-clock times of the launch and the exit (the time split needs them). */
        Ended at(long launched, long exited) {
            return new Ended(outcome, detail, exitCode, stderrTail, wall, launched, exited);
        }
    }

    static final Duration GRACE = Duration.ofSeconds(5);
    static final int STDERR_TAIL_LINES = 12;
    /** Where a hung child's threads are written before it is stopped, to tell what it waited on. */
    static final String HUNG_DUMP = "threads-at-deadline.txt";
    /** The longest a child may take to reach its {@code main} before it counts as hung. */
    static final Duration START_UP = Duration.ofSeconds(120);

    private Child() {
    }

    /**
     * Runs the command with its output in {@code stdout}/{@code stderr}; ends it at the deadline
     * (SIGTERM, so JFR can write the recording, then SIGKILL after a grace period). The deadline
     * counts from the moment the child creates {@value CellSpec#STARTED_FILE} in {@code dir} (at most
     * {@link #START_UP} after its launch), not from its launch. When
     * {@code killAfter} is set, SIGKILLs it then: a fault played for tests.
     */
    static Ended run(Children children, List<String> command, Path dir, Path stdout, Path stderr, Duration deadline,
                     Duration killAfter) throws IOException, InterruptedException {
        var child = launch(children, command, dir, stdout, stderr);
        child.release();
        return child.await(children, deadline, killAfter, Progress.NONE);
    }

    /** Starts the child; it runs until {@link Launched#await}, and a held one waits for {@link Launched#go}. */
    static Launched launch(Children children, List<String> command, Path dir, Path stdout, Path stderr) throws IOException {
        long launched = System.currentTimeMillis();
        long start = System.nanoTime();
        Process p = children.start(new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()));
        return new Launched(p, dir, stderr, launched, start);
    }

    /** What the parent hears of a running child's phases while it waits for its end. */
    interface Progress {
        Progress NONE = new Progress() { };

        /** The child has begun its idle tail ({@value CellSpec#IDLE_FILE}). */
        default void idle() { }

        /** The child has ended its phases ({@value CellSpec#PHASES_FILE} exists) and is exiting. */
        default void phasesDone() { }
    }

    /** How often the parent looks for the child's progress files while it runs. */
    static final long PROGRESS_POLL_MILLIS = 10;

    /**
     * A started child. One launched with {@link CellMain#HOLD_PROPERTY} sets up and then holds twice,
     * reading its stdin: {@link #go} (a byte) starts its warm-up, {@link #release} (the end of the
     * stream) lets it settle and measure. A child without the property reads nothing.
     */
    static final class Launched {
        private final Process p;
        private final Path dir;
        private final Path stderr;
        private final long launchedEpochMillis;
        private final long startNanos;
        private boolean went;
        private boolean released;

        private Launched(Process p, Path dir, Path stderr, long launchedEpochMillis, long startNanos) {
            this.p = p;
            this.dir = dir;
            this.stderr = stderr;
            this.launchedEpochMillis = launchedEpochMillis;
            this.startNanos = startNanos;
        }

        /** Lets a held child start its warm-up (the cell before it has ended its phases). */
        void go() {
            if (went || released) {
                return;
            }
            went = true;
            try {
                p.getOutputStream().write('\n');
                p.getOutputStream().flush();
            } catch (IOException gone) {
                // the child has ended already: await says how
            }
        }

        /** Lets a held child measure (the cell before it has exited and been analysed); also lets it go. */
        void release() {
            if (released) {
                return;
            }
            released = true;
            try {
                p.getOutputStream().close();
            } catch (IOException gone) {
                // as in go
            }
        }

        /**
         * Waits for the child's end, at most the deadline (counted from its {@code main}, or from now
         * for a child that reached it while it was held), telling {@code progress} of its idle tail
         * and of the end of its phases. The child is stopped if it is still alive when this returns.
         */
        Ended await(Children children, Duration deadline, Duration killAfter, Progress progress)
                throws IOException, InterruptedException {
            try {
                return Child.await(p, dir, stderr, deadline, killAfter, startNanos, progress)
                        .at(launchedEpochMillis, System.currentTimeMillis());
            } finally {
                children.finished(p); // an exception or an interrupt here must not leave the child running
            }
        }
    }

    private static Ended await(Process p, Path dir, Path stderr, Duration deadline, Duration killAfter, long start,
                               Progress progress) throws IOException, InterruptedException {
        boolean timedOut = false;
        boolean injectedKill = false;
        if (killAfter != null && killAfter.compareTo(deadline) < 0) {
            if (!p.waitFor(killAfter.toNanos(), TimeUnit.NANOSECONDS)) {
                p.destroyForcibly();
                injectedKill = true;
            }
        }
        long from = awaitStartUp(p, dir.resolve(CellSpec.STARTED_FILE), start);
        if (!awaitEnd(p, dir, from + deadline.toNanos(), progress)) {
            timedOut = true;
            threadDump(p.pid(), dir.resolve(HUNG_DUMP));
            p.destroy();
            if (!p.waitFor(GRACE.toNanos(), TimeUnit.NANOSECONDS)) {
                p.destroyForcibly();
            }
        }
        int code = p.waitFor();
        var wall = Duration.ofNanos(System.nanoTime() - start);
        List<String> tail = tail(stderr);
        if (timedOut) {
            return new Ended(Outcome.TIMED_OUT, "outlived its deadline of " + deadline.toSeconds() + " s"
                    + String.format(java.util.Locale.ROOT, " (counted from its start-up, which took %.1f s)", (from - start) / 1e9)
                    + " and was stopped" + (code == 143 ? " (SIGTERM)" : code == 137 ? " (SIGKILL after " + GRACE.toSeconds() + " s)" : ""),
                    code, tail, wall);
        }
        return classify(code, tail, wall, injectedKill);
    }

    /** Waits for the child's end until {@code deadlineNanos}, polling for its progress files; false at the deadline. */
    private static boolean awaitEnd(Process p, Path dir, long deadlineNanos, Progress progress) throws InterruptedException {
        boolean idle = false;
        boolean done = false;
        while (true) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return p.waitFor(0, TimeUnit.NANOSECONDS);
            }
            if (p.waitFor(Math.min(left, PROGRESS_POLL_MILLIS * 1_000_000L), TimeUnit.NANOSECONDS)) {
                return true;
            }
            if (!idle && Files.exists(dir.resolve(CellSpec.IDLE_FILE))) {
                idle = true;
                progress.idle();
            }
            if (!done && Files.exists(dir.resolve(CellSpec.PHASES_FILE))) {
                done = true;
                progress.phasesDone();
            }
        }
    }

    /**
     * Waits until the child has started (the marker exists), has ended, or has had
     * {@link #START_UP}; returns the {@link System#nanoTime()} its deadline counts from.
     */
    private static long awaitStartUp(Process p, Path marker, long start) throws InterruptedException {
        while (p.isAlive() && !Files.exists(marker)) {
            if (System.nanoTime() - start >= START_UP.toNanos()) {
                return start; // never reached main: charged from its launch, so the deadline has passed
            }
            p.waitFor(20, TimeUnit.MILLISECONDS);
        }
        return System.nanoTime();
    }

    /** jcmd Thread.print of a hung child, at most {@link #GRACE}; a child too far gone for it leaves no file. */
    private static void threadDump(long pid, Path file) throws InterruptedException {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process j = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "Thread.print")
                    .redirectOutput(file.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!j.waitFor(GRACE.toNanos(), TimeUnit.NANOSECONDS)) {
                j.destroyForcibly();
            }
        } catch (IOException e) {
            // no jcmd: the child is stopped all the same
        }
    }

    static Ended classify(int code, List<String> tail, Duration wall, boolean injectedKill) {
        boolean oom = tail.stream().anyMatch(l -> l.contains("OutOfMemoryError"));
        if (code == CellMain.EXIT_OOM || oom) {
            return new Ended(Outcome.OOM, tail.stream().filter(l -> l.contains("OutOfMemoryError")).findFirst()
                    .orElse("out of memory"), code, tail, wall);
        }
        return switch (code) {
            case 0 -> new Ended(Outcome.COMPLETED, "ran every phase", code, tail, wall);
            case CellMain.EXIT_CAPPED -> new Ended(Outcome.CAPPED, tail.stream().filter(l -> l.contains("cap"))
                    .findFirst().orElse("stopped the load at the thread cap"), code, tail, wall);
            default -> new Ended(Outcome.CRASHED, describeExit(code) + (injectedKill ? " (fault injected by --inject-kill-after)" : ""),
                    code, tail, wall);
        };
    }

    static String describeExit(int code) {
        if (code > 128) {
            int signal = code - 128;
            String name = switch (signal) {
                case 9 -> "SIGKILL";
                case 15 -> "SIGTERM";
                case 6 -> "SIGABRT";
                case 11 -> "SIGSEGV";
                case 2 -> "SIGINT";
                default -> "signal " + signal;
            };
            return "killed by " + name + " (exit code " + code + ")";
        }
        return "exited with code " + code;
    }

    static List<String> tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        var all = new ArrayList<String>();
        for (String line : new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8).lines().toList()) {
            if (!line.startsWith("[") || !line.contains("][info][jfr")) { // JFR's own start-up chatter
                all.add(line);
            }
        }
        return List.copyOf(all.subList(Math.max(0, all.size() - STDERR_TAIL_LINES), all.size()));
    }
}

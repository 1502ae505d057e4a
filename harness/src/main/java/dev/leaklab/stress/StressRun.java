package dev.leaklab.stress;

import dev.leaklab.link.CellSpec;
import dev.leaklab.format.Units;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.leaklab.analysis.CellAnalysis;
import dev.leaklab.analysis.FloodAnalysis;
import dev.leaklab.analysis.CellRecording;
import dev.leaklab.child.CellMain;
import dev.leaklab.link.Hlog;
import dev.leaklab.link.PhaseLog;
import dev.leaklab.result.CellResult;
import dev.leaklab.result.Outcome;
import dev.leaklab.result.ResultJson;
import dev.leaklab.result.RunResult;
import dev.leaklab.result.ThreadKind;

/**
 * The stress harness's parent: runs each cell in a child JVM of its own (as JMH and jcstress
 * fork), then reads what the child recorded, analyses it, and rewrites run.json after every cell.
 * A child that crashes, is killed or hangs becomes that cell's outcome; the run goes on.
 */
public final class StressRun {

    private final StressConfig config;
    private final PrintWriter out;
    private final Path jfc;
    private final Children children = new Children();
    /** Counted down once the main loop has written run.json after a stop: the shutdown hook waits for it. */
    private final java.util.concurrent.CountDownLatch savedAfterStop = new java.util.concurrent.CountDownLatch(1);
    /** How long the shutdown hook waits for that write before the JVM goes down anyway. */
    static final Duration SAVE_ON_STOP = Duration.ofSeconds(2);

    /** The children's AOT cache, chosen (and built if need be) before the first cell. */
    private ChildAotCache.Choice aot;

    private StressRun(StressConfig config, PrintWriter out) {
        this.config = config;
        this.out = out;
        this.jfc = config.out().resolve("leaklab.jfc");
    }

    public static RunResult execute(StressConfig config, PrintWriter out) throws IOException, InterruptedException {
        var run = new StressRun(config, out);
        // Ctrl-C or SIGTERM to this JVM alone: the JVM would leave the running child behind.
        var hook = Thread.ofPlatform().name("leaklab-stress-stop").unstarted(run::stopOnSignal);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run.run();
        } finally {
            run.children.stopAll(); // every other way out: an exception, an interrupt
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    private void stopOnSignal() {
        out.println("leaklab stress: stopping: the running cell is ended; run.json keeps the cells that ran (complete: false)");
        out.flush();
        children.stopAll();
        try {
            savedAfterStop.await(SAVE_ON_STOP.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private RunResult run() throws IOException, InterruptedException {
        Files.createDirectories(config.out().resolve("cells"));
        try (InputStream in = StressRun.class.getResourceAsStream("/dev/leaklab/jfr/leaklab.jfc")) {
            Files.copy(in, jfc, StandardCopyOption.REPLACE_EXISTING);
        }
        String startedAt = Instant.now().toString();
        if (config.aotCache()) {
            Path training = config.out().resolve("aot-training");
            aot = ChildAotCache.ensure(ChildClassPath.entries(), childFlags(JfrOptions.relative(training, jfc),
                    ThreadKind.VIRTUAL, config.recording()), config.recording(), training);
            if (aot.on()) {
                deleteTree(training);
            }
        } else {
            aot = new ChildAotCache.Choice(null, "off (--no-aot-cache)");
        }
        out.println("  child AOT cache: " + aot.note());
        var env = environment();
        List<CellSpec> cells = config.cells();
        var results = new ArrayList<CellResult>();
        Path runJson = config.out().resolve(ResultJson.FILE_NAME);
        // run.json as it stands: written before the first cell and after each, so a run cut short still reads
        java.util.function.Function<String, RunResult> snapshot = finishedAt -> new RunResult(RunResult.SCHEMA_VERSION,
                RunResult.KIND, startedAt, finishedAt, finishedAt != null, env, config.asMap(), results);
        ResultJson.write(runJson, snapshot.apply(null));

        long runStart = System.nanoTime();
        for (int i = 0; i < cells.size(); i++) {
            CellSpec cell = cells.get(i);
            out.printf(Locale.ROOT, "[%d/%d %s elapsed, ETA %s] %s %s %s %s/s ...%n", i + 1, cells.size(),
                    clock(Duration.ofNanos(System.nanoTime() - runStart)), clock(eta(cells, i, results)),
                    cell.scenario(), cell.variant().label(), cell.kind().label(), Units.rate(cell.ratePerSec()));
            CellResult r;
            try {
                r = runCell(cell, i + 1 < cells.size() ? cells.get(i + 1) : null);
            } catch (Children.Stopped stopped) {
                savedAfterStop.countDown(); // run.json already holds every cell that ran
                return snapshot.apply(null);
            }
            results.add(r);
            out.printf(Locale.ROOT, "    -> %s, %s in %.1f s: %s%n", r.verdict(), r.outcome(), r.wallSeconds(),
                    r.analysisError() != null ? "analysis failed: " + r.analysisError() : r.verdictReason());
            if (r.host() != null && r.host().busy()) {
                out.printf(Locale.ROOT, "       host busy: %s; this cell's rates and latencies are not a clean measurement%n",
                        r.host().note());
            }
            ResultJson.write(runJson, snapshot.apply(null));
            if (children.stopping()) {
                savedAfterStop.countDown();
                return snapshot.apply(null);
            }
        }
        var done = snapshot.apply(Instant.now().toString());
        ResultJson.write(runJson, done);
        SummaryTable.print(done, out);
        out.println("Results: " + runJson.toAbsolutePath());
        if (config.recording()) {
            out.println("Recordings: " + config.out().toAbsolutePath().resolve("cells") + "/*/cell.jfr"
                    + " (open with: jfr summary FILE; jfr view thread-count FILE; or JDK Mission Control)");
        } else {
            out.println("Recording off: no cell.jfr, no verdicts; throughput and latency only (compare with a run that had it on:"
                    + " leaklab compare ON_RUN " + config.out() + ")");
        }
        return done;
    }

    /** The next cell's child, started while the current one idled, held until its turn; else null. */
    private Child.Launched ahead;

    /**
     * Runs one cell, and starts the {@code next} one's JVM ahead, as this one's idle tail begins:
     * the next child starts up and sets up meanwhile, then holds. It warms up once this one has
     * ended its phases, and settles and measures only once this one has exited and been analysed
     * (and run.json written), so no two cells measure at the same time.
     */
    private CellResult runCell(CellSpec cell, CellSpec next) throws IOException, InterruptedException {
        Path dir = cellDir(cell);
        Child.Launched child = ahead != null ? ahead : launch(cell);
        ahead = null;
        child.go();
        child.release();
        var progress = new Child.Progress() {
            @Override
            public void idle() {
                if (next == null || children.stopping()) {
                    return;
                }
                try {
                    ahead = launch(next);
                } catch (IOException e) {
                    ahead = null; // started in its turn instead, where a failure to start is reported
                }
            }

            @Override
            public void phasesDone() {
                if (ahead != null) {
                    ahead.go();
                }
            }
        };
        Child.Ended ended = child.await(children, config.deadline(cell), config.killAfter(), progress);
        long analysisStart = System.nanoTime();
        CellResult r = analyse(cell, dir, ended);
        return withTiming(r, timing(dir, ended, System.nanoTime() - analysisStart));
    }

    private Path cellDir(CellSpec cell) {
        return config.out().resolve("cells").resolve(cell.id());
    }

    /** Writes the cell's spec and starts its child, held ({@link CellMain#HOLD_PROPERTY}) until told to go. */
    private Child.Launched launch(CellSpec cell) throws IOException {
        Path dir = cellDir(cell);
        Files.createDirectories(dir);
        ResultJson.mapper().writeValue(dir.resolve(CellSpec.FILE).toFile(), cell);
        return Child.launch(children, command(cell, dir), dir, dir.resolve("stdout.log"), dir.resolve("stderr.log"));
    }

    /** What the child recorded, read and analysed: one pass over its recording, phases and .hlog. */
    private CellResult analyse(CellSpec cell, Path dir, Child.Ended ended) throws IOException {
        Path spec = dir.resolve(CellSpec.FILE);
        Path jfr = dir.resolve("cell.jfr");
        Path hlog = dir.resolve(Hlog.FILE);

        var artifacts = new LinkedHashMap<String, String>();
        artifacts.put("spec", rel(spec));
        var files = new LinkedHashMap<String, Path>();
        files.put("jfr", jfr);
        files.put("hlog", hlog);
        files.put("stdout", dir.resolve("stdout.log"));
        files.put("stderr", dir.resolve("stderr.log"));
        files.put("threadsAtDeadline", dir.resolve(Child.HUNG_DUMP));
        for (var f : files.entrySet()) {
            if (Files.exists(f.getValue()) && (Files.size(f.getValue()) > 0 || !f.getKey().equals("jfr"))) {
                artifacts.put(f.getKey(), rel(f.getValue()));
            }
        }
        if (!artifacts.containsKey("jfr") && Files.isDirectory(dir.resolve("jfr-repo"))) {
            // a killed child writes no cell.jfr (JFR leaves an empty one): its data is in the repository
            artifacts.put("jfrRepository", rel(dir.resolve("jfr-repo")));
        }
        Outcome outcome = ended.outcome();
        String detail = children.stopping() ? "stopped with the run (the parent was told to stop): " + ended.detail() : ended.detail();
        Path phasesFile = dir.resolve(CellSpec.PHASES_FILE);
        if (Files.exists(phasesFile)) {
            artifacts.put("phases", rel(phasesFile));
        }
        try {
            List<PhaseLog> phases = readPhases(phasesFile);
            PhaseLog load = phases.stream().filter(p -> p.phase().equals(dev.leaklab.result.Phase.LOAD.id())).findFirst().orElse(null);
            if (!cell.recording()) {
                return unrecorded(cell, ended, outcome, detail, artifacts, load, phases, hlog);
            }
            var rec = CellRecording.read(jfr, dir.resolve("jfr-repo"));
            var findings = CellAnalysis.analyse(rec);
            var memory = findings.memory();
            if (memory != null && !preTouched(cell.kind())) {
                // without pre-touch RSS also grows as the heap's pages are first touched: not a per-thread figure
                memory = new CellResult.Memory(memory.heapBytesPerThread(), null, memory.nmtStackBytesPerThread(),
                        memory.peakHeapAfterGcBytes(), memory.peakRssBytes(), memory.peakNmtStackBytes());
            }
            var flood = cell.flood() == null ? null : load != null && load.flood() != null
                    ? FloodAnalysis.analyse(load.durationNanos(), load.operations(), load.flood(), phases.getLast().flood(), hlog)
                    : FloodAnalysis.analyse(rec, hlog);
            if (rec.capped().isPresent() && outcome == Outcome.COMPLETED) {
                outcome = Outcome.CAPPED; // the recording says so even if the exit code was lost
            }
            return new CellResult(cell.id(), cell.scenario(), cell.variant(), cell.kind(), cell.ratePerSec(), cell.repeat(),
                    findings.offeredPerSec(), outcome, detail, ended.exitCode(), ended.stderrTail(), seconds(ended.wall()), artifacts,
                    rec.source().name(), findings.threads(), findings.verdict(), findings.reason(), memory,
                    flood, findings.series(), null, findings.host());
        } catch (IOException | RuntimeException e) {
            return new CellResult(cell.id(), cell.scenario(), cell.variant(), cell.kind(), cell.ratePerSec(), cell.repeat(),
                    null, outcome, detail, ended.exitCode(), ended.stderrTail(), seconds(ended.wall()), artifacts,
                    CellRecording.Source.NONE.name(), null, dev.leaklab.result.Verdict.INCONCLUSIVE,
                    "the recording could not be analysed", null, null, null, e.toString());
        }
    }

    /**
     * Where the cell's wall time went: the launch and exit as the parent saw them, the child's
     * {@code main} from its start marker, the phases from its phases.json, its holds (waiting for
     * the cell before it, {@value CellSpec#HELD_FILE}) taken out of the set-up and the warm-up. A
     * part the child never reached (killed before it wrote them) is null.
     */
    static CellResult.Timing timing(Path dir, Child.Ended ended, long analysisNanos) {
        Long main = null;
        try {
            String s = Files.readString(dir.resolve(CellSpec.STARTED_FILE)).strip();
            main = s.isEmpty() ? null : Long.parseLong(s);
        } catch (IOException | NumberFormatException e) {
            // no marker (never reached main), or one from an older child: no split there
        }
        List<PhaseLog> phases;
        try {
            phases = readPhases(dir.resolve(CellSpec.PHASES_FILE));
        } catch (IOException | RuntimeException e) {
            phases = List.of();
        }
        Long first = phases.isEmpty() ? null : phases.getFirst().startEpochMillis();
        Long last = phases.isEmpty() ? null
                : phases.getLast().startEpochMillis() + Math.round(phases.getLast().durationNanos() / 1e6);
        boolean clocked = ended.launchedEpochMillis() > 0;
        // a hold before the first phase is in the set-up's span, one after it in the phases'
        long heldBefore = 0;
        long heldDuring = 0;
        Long held = null;
        try {
            if (Files.exists(dir.resolve(CellSpec.HELD_FILE))) {
                held = 0L;
                for (String line : Files.readAllLines(dir.resolve(CellSpec.HELD_FILE))) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] f = line.strip().split(" ");
                    if (f.length != 2) {
                        throw new NumberFormatException("not two times: " + line);
                    }
                    long from = Long.parseLong(f[0]);
                    long wait = Long.parseLong(f[1]) - from;
                    if (first != null && from >= first) {
                        heldDuring += wait;
                    } else {
                        heldBefore += wait;
                    }
                    held += wait;
                }
            }
        } catch (IOException | NumberFormatException e) {
            held = null; // unreadable: no hold taken out, as for a child that was not held
            heldBefore = 0;
            heldDuring = 0;
        }
        return new CellResult.Timing(
                clocked && main != null ? millisToSeconds(main - ended.launchedEpochMillis()) : null,
                main != null && first != null ? millisToSeconds(first - main - heldBefore) : null,
                first != null ? millisToSeconds(last - first - heldDuring) : null,
                clocked && last != null ? millisToSeconds(ended.exitedEpochMillis() - last) : null,
                Math.round(analysisNanos / 1e6) / 1e3,
                held == null ? null : millisToSeconds(held));
    }

    private static Double millisToSeconds(long millis) {
        return millis / 1e3;
    }

    private static CellResult withTiming(CellResult c, CellResult.Timing t) {
        return new CellResult(c.id(), c.scenario(), c.variant(), c.kind(), c.ratePerSec(), c.repeat(), c.offeredPerSec(),
                c.outcome(), c.outcomeDetail(), c.exitCode(), c.stderrTail(), c.wallSeconds(), c.artifacts(), c.recording(),
                c.threads(), c.verdict(), c.verdictReason(), c.memory(), c.flood(), c.series(), c.analysisError(), c.host(), t);
    }

    /**
     * A cell run without leaklab's recording: no live-thread samples, so no slope, memory or
     * verdict; the flood's throughput and latency come from the child's own account and .hlog.
     */
    private CellResult unrecorded(CellSpec cell, Child.Ended ended, Outcome outcome, String detail,
                                  Map<String, String> artifacts, PhaseLog load, List<PhaseLog> phases, Path hlog)
            throws IOException {
        Double offered = load == null || load.durationNanos() <= 0 ? null
                : Math.round(load.operations() / (load.durationNanos() / 1e9) * 10) / 10.0;
        var flood = cell.flood() == null || load == null || load.flood() == null ? null
                : FloodAnalysis.analyse(load.durationNanos(), load.operations(), load.flood(), phases.getLast().flood(), hlog);
        String reason = RECORDING_OFF + (load == null ? "; the child left no account of its load phase" : "");
        return new CellResult(cell.id(), cell.scenario(), cell.variant(), cell.kind(), cell.ratePerSec(), cell.repeat(),
                offered, outcome, detail, ended.exitCode(), ended.stderrTail(), seconds(ended.wall()), artifacts,
                CellRecording.Source.OFF.name(), null, dev.leaklab.result.Verdict.INCONCLUSIVE, reason, null, flood, null, null, null);
    }

    /** The verdict reason of every cell run with {@code --recording off}. */
    static final String RECORDING_OFF = "recording off (--recording off): no live-thread samples were taken, so no verdict,"
            + " thread counts or memory; only the flood's throughput and latency were measured";

    private static List<PhaseLog> readPhases(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return List.of(ResultJson.mapper().readValue(file.toFile(), PhaseLog[].class));
    }

    /** leaklab.jfc as a cell's child names it: from {@code <out>/cells/<id>/}, two folders up. */
    static final String SETTINGS_FROM_CELL = "../../leaklab.jfc";

    /** The child's command line: every flag explicit, so a cell can be re-run by hand from run.json (in the cell's folder). */
    List<String> command(CellSpec cell, Path dir) {
        var cmd = new ArrayList<String>();
        cmd.add(javaExecutable());
        cmd.addAll(childFlags(JfrOptions.relative(dir, jfc), cell.kind(), config.recording()));
        cmd.add("-D" + CellMain.PARENT_PROPERTY + "=" + ProcessHandle.current().pid()); // the child exits if this JVM dies
        cmd.add("-D" + CellMain.HOLD_PROPERTY + "=true"); // it waits for its turn on its stdin
        cmd.add("-cp");
        cmd.add(ChildClassPath.value());
        cmd.add(CellMain.class.getName());
        cmd.add(dir.toAbsolutePath().resolve(CellSpec.FILE).toString());
        return cmd;
    }

    /** The flags of a platform cell's child (the ones run.json's environment shows), from a cell's folder. */
    List<String> childFlags(String settings) {
        return childFlags(settings, ThreadKind.PLATFORM, config.recording());
    }

    /**
     * Pre-touch (seconds on a busy host) only where RSS per thread is the figure: a platform
     * thread's stack is native memory, so RSS must move with threads alone. A virtual thread's
     * stack is on the heap, measured after GC, which pre-touch does not change.
     */
    static boolean preTouched(ThreadKind kind) {
        return kind == ThreadKind.PLATFORM;
    }

    /**
     * The child's JVM flags. Every path in them is relative to the cell's folder, the child's working
     * folder: JFR splits its options at commas and reads quotes and {@code =}, and the JVM expands
     * {@code %p} in the error file's name, so no part of {@code --out} (which may hold any of them) goes in
     * ({@link JfrOptions}). {@code settings}: leaklab.jfc, relative to the child's working folder
     * ({@code ../../leaklab.jfc} from a cell's).
     */
    List<String> childFlags(String settings, ThreadKind kind, boolean recording) {
        // a fixed heap (pre-touched where RSS is measured): RSS then moves with threads, not with heap growth or uncommit
        var flags = new ArrayList<String>(List.of("-Xms" + config.heapMegabytes() + "m", "-Xmx" + config.heapMegabytes() + "m"));
        if (preTouched(kind)) {
            flags.add("-XX:+AlwaysPreTouch");
        }
        if (aot != null && aot.on()) {
            flags.add("-XX:AOTCache=" + aot.file());
        }
        if (recording) {
            // flush-interval: a killed child's repository is readable up to its last flush
            flags.add("-XX:StartFlightRecording=name=leaklab,settings=" + settings + ",filename=cell.jfr"
                    + ",dumponexit=true,flush-interval=250ms");
            flags.add("-XX:FlightRecorderOptions=repository=jfr-repo");
        }
        flags.addAll(List.of(
                // kept with the recording off too: the comparison then differs by the recording alone
                "-XX:NativeMemoryTracking=summary",
                "-XX:ErrorFile=hs_err_pid%p.log",
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"));
        if (config.childOption() != null) {
            flags.add(config.childOption());
        }
        return List.copyOf(flags);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private RunResult.Environment environment() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var limits = config.hostLimits();
        var hostLimits = new LinkedHashMap<String, Long>(limits.limits());
        hostLimits.put("threads in use at start", limits.inUse());
        hostLimits.put("safe platform-thread cap", (long) limits.safeThreadCap());
        return new RunResult.Environment(Runtime.version().toString(), System.getProperty("java.vendor"),
                System.getProperty("java.home"), childFlags(SETTINGS_FROM_CELL),
                Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize(),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"), hostLimits);
    }

    private Duration eta(List<CellSpec> cells, int done, List<CellResult> results) {
        if (results.isEmpty()) {
            return cells.stream().map(c -> c.planned().plusSeconds(2)).reduce(Duration.ZERO, Duration::plus);
        }
        // a cell's own time: a child started ahead spent part of its wall time waiting, beside the cell before it
        double mean = results.stream().mapToDouble(r -> r.wallSeconds()
                - (r.timing() != null && r.timing().heldSeconds() != null ? r.timing().heldSeconds() : 0)).average().orElse(0) + 0.5;
        return Duration.ofMillis(Math.round(mean * (cells.size() - done) * 1000));
    }

    private String rel(Path p) {
        return config.out().toAbsolutePath().relativize(p.toAbsolutePath()).toString();
    }

    static String clock(Duration d) {
        return String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
    }


    private static double seconds(Duration d) {
        return Math.round(d.toMillis() / 100.0) / 10.0;
    }
}

package dev.leaklab.stress;

import dev.leaklab.child.ScaleMain;
import dev.leaklab.link.ScaleReading;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.leaklab.format.Units;
import dev.leaklab.result.ResultJson;
import dev.leaklab.result.ThreadKind;

/**
 * {@code leaklab stress --scale}: how the cost of a leaked thread, and of leaklab's own tools,
 * grows with the number of threads. One child JVM ({@link ScaleMain}) parks virtual threads up to
 * each checkpoint (10k, 100k, 1M by default), another parks platform threads up to the host's cap;
 * at each checkpoint the parent runs {@code jcmd JFR.dump}, {@code leaklab dump} and
 * {@code leaklab leaks} against the child, each in a JVM of its own, and records their wall time and
 * peak RSS. Writes {@code scale.json} and prints a table.
 */
public final class ScaleRun {

    public static final String FILE_NAME = "scale.json";
    public static final String KIND = "leaklab-scale";
    public static final int SCHEMA_VERSION = 1;

    /**
     * Heap the virtual-thread child is given per thread: a budget, several times what a parked
     * virtual thread is expected to hold, so the heap is never what stops the run.
     */
    public static final long HEAP_BUDGET_PER_VIRTUAL_THREAD = 4096;
    public static final long HEAP_BASE_BYTES = 256L << 20;
    /** How often a tool's peak RSS (VmHWM) is read while it runs. */
    static final long POLL_MILLIS = 20;

    /**
     * @param virtualCheckpoints parked virtual threads at each checkpoint, increasing
     * @param platformCheckpoints parked platform threads at each checkpoint, never above the host's cap
     * @param heapBytes          the virtual child's heap cap (sized by {@link #heapFor})
     * @param budget             the whole profile's time; a child still running then is stopped
     */
    public record Config(List<Integer> virtualCheckpoints, List<Integer> platformCheckpoints, long heapBytes,
                         int platformThreadCap, Path out, Duration budget) { }

    /** One tool run against the child: wall time, peak RSS of its JVM, exit code, output size. */
    public record Tool(String command, double seconds, long peakRssBytes, int exitCode, long outputBytes) { }

    /**
     * One checkpoint, with the parent's per-thread figures: {@code heapPerThreadBytes} is (heap at
     * this checkpoint - heap with no threads) / threads, {@code heapMarginalBytes} the same against
     * the previous checkpoint (is the cost linear?); likewise for RSS.
     */
    public record Checkpoint(int threads, double startSeconds, Double startsPerSec, long heapAfterGcBytes, long rssBytes,
                             Double heapPerThreadBytes, Double heapMarginalBytes, Double rssPerThreadBytes,
                             Double rssMarginalBytes, double censusMedianMicros, double censusMaxMicros, int censusApp,
                             double walkMillis, boolean walkAgrees, Map<String, Tool> tools) { }

    /** One child's run: its kind, flags, checkpoints, and how it ended. */
    public record KindRun(String kind, List<String> jvmFlags, List<Checkpoint> checkpoints, String outcome) { }

    public record Result(int schemaVersion, String kind, String startedAt, String finishedAt, boolean complete,
                         Map<String, Object> environment, Map<String, Object> config, List<KindRun> runs) { }

    private final Config config;
    private final PrintWriter out;
    private final long deadlineNanos;

    private ScaleRun(Config config, PrintWriter out) {
        this.config = config;
        this.out = out;
        this.deadlineNanos = System.nanoTime() + config.budget().toNanos();
    }

    /** The virtual child's heap for {@code threads} parked virtual threads. */
    public static long heapFor(int threads) {
        return HEAP_BASE_BYTES + threads * HEAP_BUDGET_PER_VIRTUAL_THREAD;
    }

    /** MemAvailable from /proc/meminfo, or -1 where it cannot be read. */
    public static long availableBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the caller says it cannot tell
        }
        return -1;
    }

    public static Result execute(Config config, PrintWriter out) throws IOException, InterruptedException {
        return new ScaleRun(config, out).run();
    }

    private Result run() throws IOException, InterruptedException {
        Files.createDirectories(config.out());
        Path jfc = config.out().resolve("leaklab.jfc");
        try (var in = ScaleRun.class.getResourceAsStream("/dev/leaklab/jfr/leaklab.jfc")) {
            Files.copy(in, jfc, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String startedAt = Instant.now().toString();
        var env = new LinkedHashMap<String, Object>();
        env.put("javaVersion", Runtime.version().toString());
        env.put("javaHome", System.getProperty("java.home"));
        env.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        env.put("memAvailableBytesAtStart", availableBytes());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        var cfg = new LinkedHashMap<String, Object>();
        cfg.put("virtualCheckpoints", config.virtualCheckpoints());
        cfg.put("platformCheckpoints", config.platformCheckpoints());
        cfg.put("virtualHeapBytes", config.heapBytes());
        cfg.put("platformThreadCap", config.platformThreadCap());
        cfg.put("budgetSeconds", config.budget().toSeconds());
        var runs = new ArrayList<KindRun>();
        Path json = config.out().resolve(FILE_NAME);
        ResultJson.write(json, new Result(SCHEMA_VERSION, KIND, startedAt, null, false, env, cfg, runs));
        runs.add(runKind(ThreadKind.VIRTUAL, config.virtualCheckpoints(), jfc));
        ResultJson.write(json, new Result(SCHEMA_VERSION, KIND, startedAt, null, false, env, cfg, runs));
        if (!config.platformCheckpoints().isEmpty()) {
            runs.add(runKind(ThreadKind.PLATFORM, config.platformCheckpoints(), jfc));
        }
        boolean complete = runs.stream().allMatch(r -> r.outcome().equals("COMPLETED"));
        var result = new Result(SCHEMA_VERSION, KIND, startedAt, Instant.now().toString(), complete, env, cfg, runs);
        ResultJson.write(json, result);
        String table = table(result);
        Files.writeString(config.out().resolve("summary.txt"), table);
        out.print(table);
        out.println("Results: " + json.toAbsolutePath());
        out.flush();
        return result;
    }

    private KindRun runKind(ThreadKind kind, List<Integer> checkpoints, Path jfc) throws IOException, InterruptedException {
        Path dir = config.out().resolve(kind.label());
        Files.createDirectories(dir);
        var flags = new ArrayList<String>();
        if (kind == ThreadKind.VIRTUAL) {
            flags.add("-Xmx" + (config.heapBytes() >> 20) + "m"); // no -Xms: RSS follows the heap the threads take
        } else {
            flags.add("-Xmx256m");
        }
        // relative to the child's working folder, dir: no part of --out goes into an option string (JfrOptions)
        flags.add("-XX:StartFlightRecording=name=scale,settings=" + JfrOptions.relative(dir, jfc));
        flags.add("-XX:ErrorFile=hs_err_pid%p.log");
        flags.add("--add-exports");
        flags.add("java.base/jdk.internal.vm=ALL-UNNAMED");
        var cmd = new ArrayList<String>();
        cmd.add(StressRun.javaExecutable());
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(ChildClassPath.value());
        cmd.add(ScaleMain.class.getName());
        cmd.add(kind.label());
        cmd.add(String.join(",", checkpoints.stream().map(String::valueOf).toList()));
        out.printf(Locale.ROOT, "%s threads: checkpoints %s%s%n", kind.label(), checkpoints,
                kind == ThreadKind.VIRTUAL ? ", heap cap " + (config.heapBytes() >> 20) + " MiB" : "");
        out.flush();
        Process child = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectError(dir.resolve("stderr.log").toFile()).start();
        var readings = new ArrayList<ScaleReading>();
        var points = new ArrayList<Checkpoint>();
        String outcome = "COMPLETED";
        try (var lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             var next = new BufferedWriter(new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.startsWith(ScaleReading.LINE)) {
                    continue;
                }
                var r = ResultJson.mapper().readValue(line.substring(ScaleReading.LINE.length()), ScaleReading.class);
                readings.add(r);
                Map<String, Tool> tools = new LinkedHashMap<>();
                if (r.threads() > 0) {
                    tools = tools(child.pid(), dir, r.threads());
                    var c = checkpoint(readings, tools);
                    points.add(c);
                    out.println("  " + row(kind, c));
                    out.flush();
                }
                if (System.nanoTime() - deadlineNanos > 0) {
                    outcome = "STOPPED_AT_BUDGET";
                    break;
                }
                next.write("next\n");
                next.flush();
            }
        }
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            child.waitFor();
        }
        int code = child.exitValue();
        if (outcome.equals("COMPLETED") && (code != 0 || points.size() < checkpoints.size())) {
            outcome = "CRASHED: exit code " + code + " after " + points.size() + " of " + checkpoints.size()
                    + " checkpoints; see " + dir.resolve("stderr.log");
        }
        if (!outcome.equals("COMPLETED")) {
            out.println("  " + kind.label() + ": " + outcome);
        }
        return new KindRun(kind.label(), flags, points, outcome);
    }

    static Checkpoint checkpoint(List<ScaleReading> readings, Map<String, Tool> tools) {
        var zero = readings.getFirst();
        var now = readings.getLast();
        var prev = readings.get(readings.size() - 2);
        int n = now.threads();
        int dn = n - prev.threads();
        return new Checkpoint(n, round(now.startSeconds(), 3),
                now.startSeconds() > 0 ? round(dn / now.startSeconds(), 0) : null,
                now.heapAfterGcBytes(), now.rssBytes(),
                round((now.heapAfterGcBytes() - zero.heapAfterGcBytes()) / (double) n, 1),
                round((now.heapAfterGcBytes() - prev.heapAfterGcBytes()) / (double) dn, 1),
                round((now.rssBytes() - zero.rssBytes()) / (double) n, 1),
                round((now.rssBytes() - prev.rssBytes()) / (double) dn, 1),
                round(now.censusMedianMicros(), 1), round(now.censusMaxMicros(), 1), now.censusApp(),
                round(now.walkMillis(), 1), now.walkAgrees(), tools);
    }

    /** JFR.dump of the child's recording, then leaklab dump and leaklab leaks against the child. */
    private Map<String, Tool> tools(long pid, Path dir, int threads) throws IOException, InterruptedException {
        var tools = new LinkedHashMap<String, Tool>();
        Path jfr = dir.resolve("recording-" + threads + ".jfr");
        Path dump = dir.resolve("dump-" + threads + ".txt");
        Path leaks = dir.resolve("leaks-" + threads + ".txt");
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        tools.put("jfrDump", tool(List.of(jcmd, String.valueOf(pid), "JFR.dump", "name=scale",
                "filename=" + JfrOptions.relative(dir, jfr)), dir, jfr)); // the child resolves it in its working folder, dir
        tools.put("dump", tool(leaklab("dump", String.valueOf(pid), "-o", dump.toAbsolutePath().toString()), dir, dump));
        tools.put("leaks", tool(leaklab("leaks", jfr.toAbsolutePath().toString(), "--dump", String.valueOf(pid),
                "-o", leaks.toAbsolutePath().toString()), dir, leaks));
        Files.deleteIfExists(jfr); // large at a million threads; the run keeps only small files
        return tools;
    }

    private static List<String> leaklab(String... args) {
        var cmd = new ArrayList<String>(List.of(StressRun.javaExecutable(),
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.leaklab.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs one tool to its end, reading its peak RSS (VmHWM) from /proc while it runs. */
    private Tool tool(List<String> cmd, Path dir, Path output) throws IOException, InterruptedException {
        String name = cmd.get(0).endsWith("jcmd") ? String.join(" ", cmd.subList(2, cmd.size() - 1))
                : "leaklab " + cmd.get(cmd.indexOf("dev.leaklab.cli.Main") + 1);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("tools.log").toFile()))
                .redirectErrorStream(true).start();
        Path status = Path.of("/proc", String.valueOf(p.pid()), "status");
        long peak = 0;
        while (!p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, hwm(status));
            if (System.nanoTime() - deadlineNanos > 0) {
                p.destroyForcibly();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long size = Files.exists(output) ? Files.size(output) : 0;
        return new Tool(name, round(seconds, 2), peak, p.exitValue(), size);
    }

    private static long hwm(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended between two reads
        }
        return 0;
    }

    private static Double round(double v, int digits) {
        if (!Double.isFinite(v)) {
            return null;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    static String table(Result result) {
        var sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-8s %9s %9s %10s %10s %10s %10s %12s %9s %11s %11s %11s%n",
                "kind", "threads", "starts/s", "heap/thr", "heap marg", "rss/thr", "rss marg", "census p50",
                "walk", "jfr dump", "dump", "leaks"));
        for (var run : result.runs()) {
            for (var c : run.checkpoints()) {
                sb.append(row(ThreadKind.valueOf(run.kind().toUpperCase(Locale.ROOT)), c)).append('\n');
            }
            if (!run.outcome().equals("COMPLETED")) {
                sb.append(run.kind()).append(": ").append(run.outcome()).append('\n');
            }
        }
        sb.append("heap/thr, rss/thr: (memory at the checkpoint - memory with no threads) / threads; marg: the same against the\n"
                + "previous checkpoint. census p50: median of " + ScaleMain.CENSUS_READINGS + " census() readings; walk: one walkCensus().\n"
                + "jfr dump, dump, leaks: wall seconds / peak RSS of that tool's JVM against the child.\n");
        return sb.toString();
    }

    static String row(ThreadKind kind, Checkpoint c) {
        return String.format(Locale.ROOT, "%-8s %9d %9s %10s %10s %10s %10s %9.1f µs %6.0f ms %11s %11s %11s",
                kind.label(), c.threads(), c.startsPerSec() == null ? "-" : String.format(Locale.ROOT, "%.0f", c.startsPerSec()),
                bytes(c.heapPerThreadBytes()), bytes(c.heapMarginalBytes()), bytes(c.rssPerThreadBytes()),
                bytes(c.rssMarginalBytes()), c.censusMedianMicros(), c.walkMillis(),
                tool(c.tools().get("jfrDump")), tool(c.tools().get("dump")), tool(c.tools().get("leaks")));
    }

    private static String bytes(Double b) {
        return b == null ? "-" : Units.bytes(b);
    }

    private static String tool(Tool t) {
        if (t == null) {
            return "-";
        }
        if (t.exitCode() != 0) {
            return "exit " + t.exitCode();
        }
        return String.format(Locale.ROOT, "%.1fs/%dM", t.seconds(), t.peakRssBytes() >> 20);
    }
}

package dev.leaklab.cli;

import dev.leaklab.io.UserError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import dev.leaklab.io.Durations;
import dev.leaklab.load.Rate;
import dev.leaklab.scenario.Catalog;
import dev.leaklab.scenario.Scenario;
import dev.leaklab.result.ThreadKind;
import dev.leaklab.result.Variant;
import dev.leaklab.link.CellSpec;
import dev.leaklab.report.Reports;
import dev.leaklab.stress.AllCrashed;
import dev.leaklab.stress.HostLimits;
import dev.leaklab.stress.RssExperiment;
import dev.leaklab.stress.ScaleRun;
import dev.leaklab.stress.StressConfig;
import dev.leaklab.stress.StressRun;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "stress", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run the leak matrix, each cell in its own JVM under JFR, and write run.json.",
            "",
            "Runs scenario x variant x kind x rate, each cell in its own JVM under JFR, and records thread-count growth slopes, heap, RSS and native stack per thread, and the child's outcome. Results: run.json plus each cell's cell.jfr (and cell.hlog for the flood) in --out.",
            "",
            "The flood is unbounded-fan-out: a thread per message against a bounded pool (platform) or a Semaphore (virtual), with a downstream call of --service-time that hangs --hang-fraction of the time; the fixed variant's call has --call-timeout.",
            "",
            "Profiles: --quick (default) runs the whole default matrix in about 3 minutes on 2 cores (170 s measured on 2026-12-04); --full runs longer cells and sweeps the flood at 50, 500 and 5000 messages/s; --scale runs no scenario but parks a million virtual threads (and platform threads up to the host's cap) and measures, at each checkpoint, heap and RSS per thread, how fast threads start, what a census costs, and the time and peak memory of 'leaklab dump' and 'leaklab leaks' against that JVM (scale.json in --out, at most 15 minutes); --rss fits the RSS of parked platform threads as fixed + marginal x threads under JFR on/off, NMT on/off and MALLOC_ARENA_MAX unset/2/1 (rss.json in --out)."})
final class StressCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final class Profile {
        @Option(names = "--quick", description = "Short cells (warmup 0.3s, load 3s, idle up to 1s), one rate: 50/s. The default.")
        boolean quick;

        @Option(names = "--full", description = "Long cells (warmup 2s, load 20s, idle 5s); the flood sweeps 50, 500, 5000/s.")
        boolean full;

        @Option(names = "--scale", description = "No scenarios: park virtual threads up to each of --scale-checkpoints in one JVM,"
                + " and platform threads up to the host's cap in another, measuring at each checkpoint. At most 15 minutes.")
        boolean scale;

        @Option(names = "--rss", description = "No scenarios: RSS of parked platform threads at --rss-checkpoints under JFR on/off,"
                + " NMT on/off and MALLOC_ARENA_MAX unset/2/1, fitted as fixed + marginal x threads: rss.json in --out.")
        boolean rss;
    }

    @Option(names = "--rss-checkpoints", split = ",", paramLabel = "N", defaultValue = "150,1000,4000",
            description = "--rss: parked platform threads at each checkpoint, increasing, at most the host's cap (default: ${DEFAULT-VALUE}).")
    List<Integer> rssCheckpoints;

    @Option(names = "--rss-repeat", defaultValue = "3", description = "--rss: children per configuration (default: ${DEFAULT-VALUE}).")
    int rssRepeat;

    @Option(names = "--scale-checkpoints", split = ",", paramLabel = "N", defaultValue = "10000,100000,1000000",
            description = "--scale: parked virtual threads at each checkpoint, increasing (default: ${DEFAULT-VALUE}).")
    List<Integer> scaleCheckpoints;

    static final Duration SCALE_BUDGET = Duration.ofMinutes(15);

    @ArgGroup(exclusive = true)
    Profile profile = new Profile();

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME", description = "Scenarios to run (default: all). See 'leaklab list'.")
    List<Scenario> scenarios;

    @Option(names = "--variants", split = ",", paramLabel = "VARIANT", description = "leaky, fixed (default: both).")
    List<Variant> variants;

    @Option(names = "--kinds", split = ",", paramLabel = "KIND", description = "platform, virtual (default: both).")
    List<ThreadKind> kinds;

    @Option(names = "--rates", split = ",", paramLabel = "RATE", description = "Offered rates for every scenario, e.g. 50,500,5000 (default: the profile's).")
    List<Rate> rates;

    @Option(names = "--repeat", defaultValue = "1", description = "Run each cell this many times (for 'leaklab compare'; default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: results/runs/<timestamp>/). Must not exist yet, or be empty.")
    Path out;

    @Option(names = "--warmup", description = "Warm-up per cell, running the fixed variant (default: the profile's).")
    Duration warmup;

    @Option(names = "--load", description = "Load phase per cell (default: the profile's).")
    Duration load;

    @Option(names = "--idle", description = "Idle tail per cell, at most (default: the profile's); it ends sooner once three samples are back at the baseline.")
    Duration idle;

    @Option(names = "--gc-every", defaultValue = "1s", description = "Explicit GC this often in the child, so heap-after-GC can be fitted against the thread count; 0s turns it off (default: ${DEFAULT-VALUE}).")
    Duration gcEvery;

    @Option(names = "--heap", defaultValue = "512m", description = "Heap cap of each child, e.g. 512m, 1g (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--thread-cap", description = "Stop a cell's load at this many live platform threads (default: derived from the host's limits).")
    Integer threadCap;

    @Option(names = "--no-aot-cache", description = "Start the children without the ahead-of-time cache of their classes"
            + " (built on first use beside leaklab-cell.jar; it cuts each child's start-up and set-up).")
    boolean noAotCache;

    @Option(names = "--unsafe", description = "Allow --thread-cap and --heap above what the host's limits make safe.")
    boolean unsafe;

    @Option(names = "--service-time", defaultValue = "50ms", description = "Flood: time of one downstream call (default: ${DEFAULT-VALUE}).")
    Duration serviceTime;

    @Option(names = "--hang-fraction", defaultValue = "0.2", description = "Flood: fraction of downstream calls that never answer (default: ${DEFAULT-VALUE}).")
    double hangFraction;

    @Option(names = "--call-timeout", defaultValue = "200ms", description = "Flood: the fixed variant's timeout on the downstream call (default: ${DEFAULT-VALUE}).")
    Duration callTimeout;

    @Option(names = "--workers", defaultValue = "16", description = "Flood: pool size, or Semaphore permits for virtual threads (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--queue", defaultValue = "64", description = "Flood: the platform pool's queue capacity (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--deadline-allowance", defaultValue = "30s", description = "Time a child gets beyond its phases before it counts as hung and is stopped (default: ${DEFAULT-VALUE}).")
    Duration deadlineAllowance;

    @Option(names = "--recording", defaultValue = "on", paramLabel = "on|off", description = "off: run the children without"
            + " leaklab's JFR recording (and its 100 ms live-thread census), to measure what the recording costs. Such a run"
            + " has no thread counts, memory or verdicts (each cell is INCONCLUSIVE and says why), only the flood's"
            + " throughput and latency; compare it with a run that had it on (default: ${DEFAULT-VALUE}).")
    String recording;

    @Option(names = "--inject-kill-after", hidden = true, description = "Test fault: SIGKILL every child this long after it starts.")
    Duration killAfter;

    @Option(names = "--inject-hang-after-load", hidden = true, description = "Test fault: every child hangs after its load phase.")
    boolean hangAfterLoad;

    @Option(names = "--inject-child-option", hidden = true, description = "Test fault: add this JVM option to every child.")
    String childOption;

    @Override
    public Integer call() throws Exception {
        if (profile.scale) {
            return scale();
        }
        if (profile.rss) {
            return rss();
        }
        var config = config();
        var w = spec.commandLine().getOut();
        var limits = config.hostLimits(); // read once per run: the cap, the banner and run.json agree
        w.printf(Locale.ROOT, "leaklab stress (%s): %d cells, each in its own JVM (Java %s at %s)%n", config.profile(),
                config.cells().size(), Runtime.version(), System.getProperty("java.home"));
        w.printf(Locale.ROOT, "  scenarios: %s%n", String.join(", ", config.scenarios().stream().map(Scenario::name).toList()));
        w.printf(Locale.ROOT, "  variants: %s; kinds: %s; rates/s: %s; repeat: %d%n",
                String.join(",", config.variants().stream().map(Variant::label).toList()),
                String.join(",", config.kinds().stream().map(ThreadKind::label).toList()), config.rates(), config.repeat());
        w.printf(Locale.ROOT, "  phases: warmup %s, load %s, idle %s; samples every 100ms; GC every %s%n",
                Durations.format(config.warmup()), Durations.format(config.load()), Durations.format(config.idle()),
                config.gcEvery().isZero() ? "never" : Durations.format(config.gcEvery()));
        w.printf(Locale.ROOT, "  safety: heap cap %d MiB per child; platform-thread cap %d (host: %s, %d threads in use);"
                        + " a child is stopped %s after its planned phases%n",
                config.heapMegabytes(), config.platformThreadCap(), limits.limits(), limits.inUse(),
                Durations.format(config.deadlineAllowance()));
        w.printf(Locale.ROOT, "  flood: service %s, hang fraction %s, call timeout %s, %d workers, queue %d%n",
                Durations.format(serviceTime), hangFraction, Durations.format(callTimeout), workers, queue);
        if (!config.recording()) {
            w.printf(Locale.ROOT, "  recording: OFF (no JFR, no live-thread census): throughput and latency only, no verdicts%n");
        }
        w.printf(Locale.ROOT, "  out: %s%n", config.out().toAbsolutePath());
        // Running and reporting are separate steps (as in jcstress): the run writes run.json, the
        // report is made from it afterwards, and a run that was stopped is reported by hand.
        var run = StressRun.execute(config, w);
        if (run.complete()) {
            Reports.makeAfterRun(config.out(), w); // prints where the report is, or one line why not
        }
        // a fault injected by a test (--inject-kill-after) crashes every cell on purpose
        var crashed = run.complete() && killAfter == null ? AllCrashed.of(run.cells()) : java.util.Optional.<AllCrashed>empty();
        if (crashed.isPresent()) {
            spec.commandLine().getErr().println("leaklab stress: " + crashed.get().line() + " (each cell's stderr.log in "
                    + dev.leaklab.internal.io.Printable.escape(config.out().toAbsolutePath().resolve("cells").toString()) + ")");
            return Main.EXIT_NO_CELL_RAN;
        }
        return 0;
    }

    StressConfig config() throws IOException {
        boolean full = profile.full;
        boolean recordingOn = recordingOn();
        if (!scaleCheckpoints.equals(List.of(10000, 100000, 1000000))) {
            throw new UserError("--scale-checkpoints goes with --scale");
        }
        if (!rssCheckpoints.equals(List.of(150, 1000, 4000)) || rssRepeat != 3) {
            throw new UserError("--rss-checkpoints and --rss-repeat go with --rss");
        }
        List<Scenario> chosen = scenarios == null ? Catalog.all() : scenarios;
        Map<String, List<Double>> rateMap = new LinkedHashMap<>();
        for (Scenario s : chosen) {
            List<Double> r;
            if (rates != null) {
                r = rates.stream().map(Rate::perSecond).toList();
            } else if (full && s.name().equals("unbounded-fan-out")) {
                r = List.of(50.0, 500.0, 5000.0);
            } else {
                r = List.of(50.0);
            }
            rateMap.put(s.name(), r);
        }
        Duration w = warmup != null ? warmup : full ? Duration.ofSeconds(2) : Duration.ofMillis(300);
        Duration l = load != null ? load : full ? Duration.ofSeconds(20) : Duration.ofSeconds(3);
        Duration i = idle != null ? idle : full ? Duration.ofSeconds(5) : Duration.ofSeconds(1);
        requireNonNegative("--warmup", w);
        requirePositive("--load", l);
        requirePositive("--idle", i);
        requireNonNegative("--gc-every", gcEvery);
        if (repeat < 1) {
            throw new UserError("--repeat must be at least 1");
        }
        if (!(hangFraction >= 0 && hangFraction <= 1)) {
            throw new UserError("--hang-fraction must be between 0 and 1, e.g. 0.2");
        }
        if (workers < 1 || queue < 1) {
            throw new UserError("--workers and --queue must be at least 1");
        }
        requirePositive("--call-timeout", callTimeout);
        requirePositive("--deadline-allowance", deadlineAllowance);
        requireNonNegative("--service-time", serviceTime);

        var limits = HostLimits.read(); // read once per run: the cap, the banner and run.json agree
        int cap = limits.platformThreadCap(threadCap, unsafe);
        long heapMb = megabytes(heap);
        long safeHeapMb = HostLimits.safeHeapBytes() / (1024 * 1024);
        if (heapMb > safeHeapMb && !unsafe) {
            throw new UserError("--heap " + heap + " is above the safe " + safeHeapMb + "m (a quarter of this machine's memory); add --unsafe to override");
        }
        Path dir = out != null ? out : defaultOut();
        if (Files.exists(dir) && (!Files.isDirectory(dir) || !isEmpty(dir))) {
            throw new UserError("--out " + dir + " already exists and is not an empty folder; choose another");
        }
        try {
            Files.createDirectories(dir); // now, so that a folder that cannot be made is one line before anything runs
        } catch (java.nio.file.FileSystemException e) {
            throw new UserError("--out " + dir + ": " + UserError.describe(e));
        }
        var flood = new CellSpec.FloodSpec(serviceTime.toMillis(), hangFraction, callTimeout.toMillis(), workers, queue);
        return new StressConfig(full ? "full" : "quick", chosen,
                variants == null ? List.of(Variant.values()) : variants.stream().distinct().toList(),
                kinds == null ? List.of(ThreadKind.values()) : kinds.stream().distinct().toList(),
                rateMap, repeat, w, l, i, gcEvery, heapMb, cap, flood, dir, deadlineAllowance, killAfter, hangAfterLoad, limits,
                recordingOn, !noAotCache, childOption);
    }

    /** --recording, which takes on or off and nothing else. */
    private boolean recordingOn() {
        return switch (recording.trim().toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new UserError("--recording takes on or off, not '" + recording + "'");
        };
    }

    private int scale() throws IOException, InterruptedException {
        if (!recordingOn()) {
            throw new UserError("--recording off goes with the scenario matrix, not --scale");
        }
        if (scenarios != null || variants != null || kinds != null || rates != null || repeat != 1) {
            throw new UserError("--scale runs no scenarios: drop --scenarios, --variants, --kinds, --rates and --repeat");
        }
        List<Integer> virtual = scaleCheckpoints;
        for (int i = 0; i < virtual.size(); i++) {
            if (virtual.get(i) < 1 || (i > 0 && virtual.get(i) <= virtual.get(i - 1))) {
                throw new UserError("--scale-checkpoints must be positive and increasing, e.g. 10000,100000,1000000");
            }
        }
        int most = virtual.getLast();
        long heap = ScaleRun.heapFor(most);
        long available = ScaleRun.availableBytes();
        // the tools' JVMs and the platform child need room beside the virtual child's heap
        if (available >= 0 && heap > available / 2 && !unsafe) {
            throw new UserError(String.format(Locale.ROOT, "--scale needs a heap of %d MiB for %,d virtual threads "
                    + "(%d KiB each, a budget, plus %d MiB), more than half of the %d MiB this host has available; "
                    + "ask for fewer with --scale-checkpoints, e.g. 10000,100000, or add --unsafe",
                    heap >> 20, most, ScaleRun.HEAP_BUDGET_PER_VIRTUAL_THREAD / 1024, ScaleRun.HEAP_BASE_BYTES >> 20, available >> 20));
        }
        var limits = HostLimits.read();
        int cap = threadCap == null ? limits.safeThreadCap() : threadCap;
        if (cap > limits.safeThreadCap() && !unsafe) {
            throw new UserError("--thread-cap " + cap + " is above the safe cap of " + limits.safeThreadCap()
                    + " derived from this host's limits " + limits.limits() + "; add --unsafe to override");
        }
        var platform = new java.util.ArrayList<>(virtual.stream().map(c -> Math.min(c, cap)).distinct().toList());
        if (platform.size() < 2 && platform.getFirst() > 1000) {
            platform.addFirst(1000); // two checkpoints at least, so the marginal cost can be seen
        }
        Path dir = out != null ? out : defaultOut();
        if (Files.exists(dir) && (!Files.isDirectory(dir) || !isEmpty(dir))) {
            throw new UserError("--out " + dir + " already exists and is not an empty folder; choose another");
        }
        var w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "leaklab stress (scale): virtual threads to %s, platform threads to %s (host cap %d; %s),"
                        + " at most %d min (Java %s)%n  out: %s%n", virtual, platform, cap, limits.limits(),
                SCALE_BUDGET.toMinutes(), Runtime.version(), dir.toAbsolutePath());
        var result = ScaleRun.execute(new ScaleRun.Config(virtual, platform, heap, cap, dir, SCALE_BUDGET), w);
        return result.complete() ? 0 : 1;
    }

    private int rss() throws IOException, InterruptedException {
        if (!recordingOn()) {
            throw new UserError("--recording off goes with the scenario matrix, not --rss (which already runs JFR on and off)");
        }
        if (scenarios != null || variants != null || kinds != null || rates != null || repeat != 1) {
            throw new UserError("--rss runs no scenarios: drop --scenarios, --variants, --kinds, --rates and --repeat");
        }
        var limits = HostLimits.read();
        for (int i = 0; i < rssCheckpoints.size(); i++) {
            int c = rssCheckpoints.get(i);
            if (c < 1 || (i > 0 && c <= rssCheckpoints.get(i - 1))) {
                throw new UserError("--rss-checkpoints must be positive and increasing, e.g. 150,1000,4000");
            }
            if (c > limits.safeThreadCap() && !unsafe) {
                throw new UserError("--rss-checkpoints " + c + " is above the safe cap of " + limits.safeThreadCap()
                        + " platform threads derived from this host's limits " + limits.limits() + "; add --unsafe to override");
            }
        }
        if (rssRepeat < 1) {
            throw new UserError("--rss-repeat must be at least 1");
        }
        Path dir = out != null ? out : defaultOut();
        if (Files.exists(dir) && (!Files.isDirectory(dir) || !isEmpty(dir))) {
            throw new UserError("--out " + dir + " already exists and is not an empty folder; choose another");
        }
        var w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "leaklab stress (rss): platform threads parked to %s, 12 configurations x %d children (Java %s)%n  out: %s%n",
                rssCheckpoints, rssRepeat, Runtime.version(), dir.toAbsolutePath());
        var result = RssExperiment.execute(rssCheckpoints, rssRepeat, dir, w);
        return result.cells().stream().allMatch(c -> c.outcome().equals("COMPLETED")) ? 0 : 1;
    }

    static Path defaultOut() {
        String home = System.getenv("LEAKLAB_HOME");
        Path base = home == null ? Path.of("results", "runs") : Path.of(home, "results", "runs");
        return base.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    static long megabytes(String size) {
        var m = java.util.regex.Pattern.compile("(\\d+)([mMgG])").matcher(size.trim());
        if (!m.matches()) {
            throw new UserError("--heap '" + size + "' is not a size: write it as 512m or 1g");
        }
        long n = Long.parseLong(m.group(1));
        long mb = m.group(2).equalsIgnoreCase("g") ? n * 1024 : n;
        if (mb < 64) {
            throw new UserError("--heap must be at least 64m");
        }
        return mb;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void requirePositive(String option, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new UserError(option + " must be positive, e.g. 3s");
        }
    }

    private static void requireNonNegative(String option, Duration d) {
        if (d.isNegative()) {
            throw new UserError(option + " must not be negative");
        }
    }
}

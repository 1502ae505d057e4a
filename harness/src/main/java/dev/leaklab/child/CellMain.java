package dev.leaklab.child;

import dev.leaklab.link.CellSpec;
import dev.leaklab.link.PhaseLog;
import dev.leaklab.result.Phase;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.leaklab.flood.FloodRecorder;
import dev.leaklab.link.Hlog;
import dev.leaklab.jfr.CappedEvent;
import dev.leaklab.jfr.LiveThreadsEvent;
import dev.leaklab.jfr.PhaseEvent;
import dev.leaklab.jfr.PhaseStartEvent;
import dev.leaklab.load.Pacer;
import dev.leaklab.load.Rate;
import dev.leaklab.result.ResultJson;
import dev.leaklab.scenario.Catalog;
import dev.leaklab.scenario.Scenario;
import dev.leaklab.scenario.UnboundedFanOut;
import dev.leaklab.result.Variant;
import dev.leaklab.census.LiveThreads;
import jdk.jfr.FlightRecorder;

/**
 * The child JVM of one stress cell. The parent starts it with a heap cap, NMT and a JFR recording
 * of ours; it runs warmup (the fixed variant, to load classes and warm the JIT), load at the
 * offered rate, the variant's stop, and an idle tail, and marks each phase in the recording.
 * Everything the parent analyses is in the recording and the .hlog: nothing is reported on stdout.
 *
 * <p>Exit codes: 0 completed, {@value #EXIT_CAPPED} stopped at the thread cap, {@value #EXIT_OOM}
 * out of memory in the driver, {@value #EXIT_ORPHANED} its parent went away. Leaked threads cannot
 * keep it alive: it ends with System.exit, which also makes JFR write the recording.
 */
public final class CellMain {

    public static final int EXIT_CAPPED = 3;
    public static final int EXIT_OOM = 4;
    public static final int EXIT_ORPHANED = 5;
    /** How often the child checks that its parent is still there. */
    static final long PARENT_CHECK_MILLIS = 250;
    /** The stress parent's pid, set on the child's command line. */
    public static final String PARENT_PROPERTY = "leaklab.stress.parent";
    /** Set on the child that trains the AOT cache: the JVM has JFR off then, so no samples come to wait for. */
    public static final String TRAINING_PROPERTY = "leaklab.stress.aot-training";
    /**
     * Set by the stress parent, which starts a cell's JVM while the cell before it idles: the child
     * sets up, then holds until the parent writes a byte to its stdin (or closes it), so no two
     * cells' phases overlap. Without it (a cell re-run by hand) the child goes at once.
     */
    public static final String HOLD_PROPERTY = "leaklab.stress.hold";
    static final long SETTLE_MILLIS = 300;
    /**
     * Live-thread samples the settle and the idle tail wait for at least, beyond their planned
     * time: the analysis takes the median of the last three of each. On a starved host the sampler
     * can miss a whole short phase; waiting for its samples keeps the verdict's evidence whole
     * without changing what it requires.
     */
    static final int MIN_PHASE_SAMPLES = 3;
    /** The longest a phase waits for those samples beyond its planned time. */
    static final long MAX_SAMPLE_WAIT_MILLIS = 10_000;

    private final CellSpec spec;
    private final FloodRecorder flood;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final java.util.List<PhaseLog> phases = new java.util.ArrayList<>();
    /** The application's live threads in the last {@link #MIN_PHASE_SAMPLES} samples, newest last. */
    private final java.util.ArrayDeque<Integer> recent = new java.util.ArrayDeque<>();
    private boolean capped;

    private final Path dir;
    private static final boolean HELD = Boolean.getBoolean(HOLD_PROPERTY);
    /** Each hold's start and end, epoch ms. */
    private final java.util.List<long[]> holds = new java.util.ArrayList<>();

    private CellMain(CellSpec spec, FloodRecorder flood, Path dir) {
        this.spec = spec;
        this.flood = flood;
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        exitWhenOrphaned();
        var specFile = Path.of(args[0]);
        // the parent's deadline counts from now; the time (epoch ms) splits the cell's start-up from its set-up
        java.nio.file.Files.writeString(specFile.resolveSibling(CellSpec.STARTED_FILE), String.valueOf(System.currentTimeMillis()));
        var spec = ResultJson.mapper().readValue(specFile.toFile(), CellSpec.class);
        FloodRecorder flood = spec.flood() == null ? null : new FloodRecorder(specFile.resolveSibling(Hlog.FILE));
        int code;
        var cell = new CellMain(spec, flood, specFile.toAbsolutePath().getParent());
        if (HELD) {
            cell.scenario(UnboundedFanOut.Observer.NONE); // its classes are set-up, loaded before the hold
            cell.hold(); // until the cell before this one has ended its phases
        }
        try {
            code = cell.run();
        } catch (OutOfMemoryError e) {
            System.err.println("leaklab-cell: java.lang.OutOfMemoryError: " + e.getMessage());
            code = EXIT_OOM;
        }
        if (flood != null) {
            flood.close();
        }
        try {
            ResultJson.mapper().writeValue(specFile.resolveSibling(CellSpec.PHASES_FILE).toFile(), cell.phases);
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("leaklab-cell: could not write " + CellSpec.PHASES_FILE + ": " + e);
        }
        System.exit(code);
    }

    private int run() throws Exception {
        if (spec.recording()) { // without a recording nobody would read the samples: their cost is the recording's
            FlightRecorder.addPeriodicEvent(LiveThreadsEvent.class, this::sample);
        }
        startDaemon("leaklab-gc-ticker", spec.gcEveryMillis(), System::gc);
        if (flood != null) {
            startDaemon("leaklab-hlog-writer", 1000, flood::writeInterval);
        }
        var rate = new Rate(spec.ratePerSec());

        // Warm-up runs the fixed variant: it loads the same classes and warms the JIT without
        // leaking, then a short settle gives the baseline the load phase is measured against.
        phase(Phase.WARMUP, () -> {
            if (spec.warmupMillis() > 0) {
                try (var w = scenario(UnboundedFanOut.Observer.NONE).open(Variant.FIXED, spec.kind().builder(spec.scenario()))) {
                    offer(w, rate, spec.warmupMillis(), spec.platformThreadCap());
                }
            }
            if (HELD) {
                hold(); // until the cell before this one has exited and been analysed: the baseline and load are this JVM's alone
                writeHolds();
            }
            long from = samples.get();
            sleep(SETTLE_MILLIS);
            awaitSamples(from);
            return 0L;
        });
        submitted.set(0);
        Integer baseline = baseline();
        Scenario.Workload workload = scenario(flood).open(spec.variant(), spec.kind().builder(spec.scenario()));
        phase(Phase.LOAD, () -> offer(workload, rate, spec.loadMillis(), spec.platformThreadCap()));
        phase(Phase.STOP, () -> {
            workload.close();
            return 0L;
        });
        if (spec.fault() == CellSpec.Fault.HANG_AFTER_LOAD) {
            while (true) {
                LockSupport.park(); // play a hung child: only the parent's deadline ends this
            }
        }
        if (HELD) {
            java.nio.file.Files.writeString(dir.resolve(CellSpec.IDLE_FILE), ""); // the parent may start the next cell
        }
        phase(Phase.IDLE, () -> {
            long from = samples.get();
            long end = System.nanoTime() + spec.idleMillis() * 1_000_000L;
            while (System.nanoTime() < end && !backAtBaseline(baseline, from)) {
                sleep(10);
            }
            awaitSamples(from);
            return 0L;
        });
        return capped ? EXIT_CAPPED : 0;
    }

    /**
     * A parent killed outright (SIGKILL, a crash) cannot stop its children: so the child watches.
     * The parent names itself in {@value #PARENT_PROPERTY} (a cell re-run by hand has none and is
     * not watched). When the child's parent is no longer that process (it was re-parented to PID 1
     * or a subreaper, perhaps before this JVM even started), it exits, and halts if exiting hangs.
     */
    private static void exitWhenOrphaned() {
        Long parentPid = Long.getLong(PARENT_PROPERTY);
        if (parentPid == null) {
            return;
        }
        Runnable check = () -> {
            var now = ProcessHandle.current().parent();
            if (now.isEmpty() || now.get().pid() != parentPid || !now.get().isAlive()) {
                System.err.println("leaklab-cell: the stress parent (pid " + parentPid + ") is gone; exiting");
                var halt = Thread.ofPlatform().daemon().unstarted(() -> {
                    sleep(5_000);
                    Runtime.getRuntime().halt(EXIT_ORPHANED);
                });
                LiveThreads.registerToolThread(halt).start();
                System.exit(EXIT_ORPHANED);
            }
        };
        check.run();
        startDaemon("leaklab-parent-watch", PARENT_CHECK_MILLIS, check);
    }

    private Scenario scenario(UnboundedFanOut.Observer observer) {
        if (spec.flood() != null) {
            var f = spec.flood();
            return new UnboundedFanOut(new UnboundedFanOut.Settings(Duration.ofMillis(f.serviceTimeMillis()), f.hangFraction(),
                    Duration.ofMillis(f.callTimeoutMillis()), f.workers(), f.queue()), observer);
        }
        return Catalog.find(spec.scenario()).orElseThrow(() -> new IllegalArgumentException("no scenario " + spec.scenario()));
    }

    /**
     * Offers load at the rate until the time is up, and returns the operations offered. Stops early
     * when live platform threads reach the cap (checked on every operation through
     * ThreadMXBean's counter, which is cheap and counts exactly what the cap protects: OS threads).
     * A driver that cannot keep up (thread creation is not free) offers fewer operations than the
     * rate asks for; the phase still ends on time, and the count it did offer is recorded.
     */
    private long offer(Scenario.Workload w, Rate rate, long millis, int cap) {
        var mx = ManagementFactory.getThreadMXBean();
        long ops = Math.round(rate.perSecond() * millis / 1000.0);
        var pacer = new Pacer(rate);
        long end = pacer.startNanos() + millis * 1_000_000L;
        long i = 0;
        for (; i < ops && pacer.dueNanos(i) < end && System.nanoTime() < end; i++) {
            int platform = mx.getThreadCount();
            if (platform >= cap) {
                var e = new CappedEvent();
                e.platformThreads = platform;
                e.cap = cap;
                e.commit();
                System.err.printf("leaklab-cell: stopped the load at %d live platform threads (cap %d)%n", platform, cap);
                capped = true;
                break;
            }
            pacer.awaitNext();
            try {
                w.submit();
            } catch (Exception e) {
                System.err.println("leaklab-cell: operation failed: " + e);
            }
            submitted.incrementAndGet();
        }
        return i;
    }

    private void sample() {
        // JFR runs this hook on its "JFR Periodic Tasks" thread, which lives in the main thread
        // group: register it by identity so it never counts as the scenario's.
        LiveThreads.registerToolThread(Thread.currentThread());
        var c = LiveThreads.census();
        var e = new LiveThreadsEvent();
        e.platform = c.appPlatform();
        e.virtual = c.appVirtual();
        e.jvm = c.jvmPlatform();
        e.harness = c.tool();
        e.submitted = submitted.get();
        if (flood != null) {
            e.rejected = flood.rejectedCount();
            e.completed = flood.completedCount();
            e.timedOut = flood.timedOutCount();
        }
        var rt = Runtime.getRuntime();
        e.heapUsed = rt.totalMemory() - rt.freeMemory();
        e.commit();
        synchronized (recent) {
            recent.addLast(c.appPlatform() + c.appVirtual());
            if (recent.size() > MIN_PHASE_SAMPLES) {
                recent.removeFirst();
            }
        }
        samples.incrementAndGet();
    }

    /** Reads a byte of stdin, or its end (which makes every later hold return at once), and notes the wait. */
    private void hold() throws java.io.IOException {
        long from = System.currentTimeMillis();
        System.in.read();
        holds.add(new long[] {from, System.currentTimeMillis()});
    }

    /** {@value CellSpec#HELD_FILE}: a line per hold, its start and end (epoch ms), for the parent's time split. */
    private void writeHolds() throws java.io.IOException {
        var text = new StringBuilder();
        for (long[] h : holds) {
            text.append(h[0]).append(' ').append(h[1]).append('\n');
        }
        java.nio.file.Files.writeString(dir.resolve(CellSpec.HELD_FILE), text);
    }

    /** The baseline as the analysis takes it: the median of the last three samples before the load; null without any. */
    private Integer baseline() {
        synchronized (recent) {
            if (recent.isEmpty()) {
                return null;
            }
            int[] v = recent.stream().mapToInt(Integer::intValue).sorted().toArray();
            return v[v.length / 2];
        }
    }

    /**
     * True once the last {@link #MIN_PHASE_SAMPLES} samples, all taken after the {@code from}-th,
     * are at or below the baseline: the idle tail's reading (the median of its last three) is then
     * what a longer tail would read, since nothing starts threads while idle, so the tail ends
     * there rather than at its planned time. A count still above the baseline (a leak, or threads
     * still ending) waits the whole planned tail, as before.
     */
    private boolean backAtBaseline(Integer baseline, long from) {
        if (baseline == null || samples.get() - from < MIN_PHASE_SAMPLES) {
            return false;
        }
        synchronized (recent) {
            return recent.size() == MIN_PHASE_SAMPLES && recent.stream().allMatch(n -> n <= baseline);
        }
    }

    /** Waits, within a bound, until {@link #MIN_PHASE_SAMPLES} samples were taken after the {@code from}-th. */
    private void awaitSamples(long from) {
        if (!spec.recording() || Boolean.getBoolean(TRAINING_PROPERTY)) {
            return;
        }
        long end = System.nanoTime() + MAX_SAMPLE_WAIT_MILLIS * 1_000_000L;
        while (samples.get() - from < MIN_PHASE_SAMPLES && System.nanoTime() < end) {
            sleep(20);
        }
    }

    @FunctionalInterface
    private interface Step {
        long run() throws Exception;
    }

    private long phase(Phase phase, Step step) throws Exception {
        var start = new PhaseStartEvent();
        start.phase = phase.id();
        start.commit();
        var e = new PhaseEvent();
        e.phase = phase.id();
        e.begin();
        long startMillis = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        long result = step.run();
        long nanos = System.nanoTime() - startNanos;
        e.operations = result;
        e.commit();
        phases.add(new PhaseLog(phase.id(), startMillis, nanos, result, flood == null ? null
                : new PhaseLog.Counts(submitted.get(), flood.rejectedCount(), flood.completedCount(), flood.timedOutCount())));
        return result;
    }

    private static void startDaemon(String name, long everyMillis, Runnable task) {
        if (everyMillis <= 0) {
            return;
        }
        var t = Thread.ofPlatform().daemon().name(name).unstarted(() -> {
            while (true) {
                sleep(everyMillis);
                task.run();
            }
        });
        LiveThreads.registerToolThread(t).start();
    }

    private static void sleep(long millis) {
        Pacer.sleepUntil(System.nanoTime() + Duration.ofMillis(millis).toNanos());
    }
}

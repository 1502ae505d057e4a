package dev.leaklab.metrics;

import dev.leaklab.census.LiveThreads;
import dev.leaklab.monitor.LeakRule;
import dev.leaklab.origins.SiteCount;
import dev.leaklab.origins.ThreadOrigins;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.ToIntFunction;

/**
 * The live-thread series leaklab exports to metrics systems, virtual threads included. One
 * definition serves both the Micrometer binder ({@code leaklab-micrometer}) and
 * {@code GET /debug/metrics}, so a dashboard reads the same series from either.
 *
 * <p>Names follow Micrometer's {@code jvm.threads.*} conventions (dot-separated, base unit
 * {@code threads}, dimensions as tags) and stay clear of the names {@code JvmThreadMetrics}
 * already registers ({@code jvm.threads.live}, {@code .daemon}, {@code .peak}, {@code .started},
 * {@code .states}), which count platform threads only: a Prometheus registry refuses one name with
 * two tag sets, so reusing them would drop a series.
 * <ul>
 *   <li>{@code jvm.threads.application{kind}} live application threads, the Go guide's goroutine count;</li>
 *   <li>{@code jvm.threads.application.baseline} that count when the series started;</li>
 *   <li>{@code jvm.threads.internal} the JVM's own threads and leaklab's;</li>
 *   <li>{@code jvm.threads.all} every live thread, virtual included;</li>
 *   <li>{@code jvm.threads.leak.level} the Go guide's level (0 OK, 1 WARNING, 2 CRITICAL, 3 EMERGENCY);</li>
 *   <li>{@code jvm.threads.starts{kind}}, {@code jvm.threads.ends{kind}} threads started and ended since
 *       the series started: from the agent when it is loaded, else from JFR streaming in this JVM;</li>
 *   <li>{@code jvm.threads.site{site}} (agent only) live threads by creation site, the top N sites.</li>
 * </ul>
 *
 * <p>It runs inside someone else's JVM, so it never throws once built: without the census
 * ({@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}) or without JFR it says so once
 * on standard error and offers the series it can. Close it to stop the JFR stream.
 */
public final class ThreadSeries implements AutoCloseable {

    public static final int DEFAULT_TOP_SITES = 10;
    /** Creation sites are label values: more than this many would make a metrics backend suffer. */
    public static final int MAX_TOP_SITES = 100;

    public static final String APPLICATION = "jvm.threads.application";
    public static final String BASELINE = "jvm.threads.application.baseline";
    public static final String INTERNAL = "jvm.threads.internal";
    public static final String ALL = "jvm.threads.all";
    public static final String LEVEL = "jvm.threads.leak.level";
    public static final String STARTS = "jvm.threads.starts";
    public static final String ENDS = "jvm.threads.ends";
    public static final String SITE = "jvm.threads.site";
    public static final String UNIT = "threads";
    public static final String SITE_DESCRIPTION = "Live threads by the code that started them (leaklab agent), the largest sites only";

    /**
     * The oldest census a gauge is given. One census serves one scrape: it is taken when a scrape
     * reads its first census gauge and ends as soon as a gauge that already read it is read again
     * (the next scrape), or at this age, whichever comes first.
     */
    public static final Duration CENSUS_MAX_AGE = Duration.ofMillis(250);
    private static final long CENSUS_MAX_AGE_NANOS = CENSUS_MAX_AGE.toNanos();

    /** Open instances: meters may hold their series weakly, and an open one must keep counting. */
    private static final Set<ThreadSeries> OPEN = ConcurrentHashMap.newKeySet();
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    public enum Type { GAUGE, COUNTER }

    /**
     * One time series: its Micrometer name and tags, and what it reads. {@link #prometheusName()}
     * is the family name Micrometer's Prometheus registry gives it (a counter's samples add {@code _total}).
     */
    public record Series(String name, Type type, String baseUnit, String description, Map<String, String> tags,
                         DoubleSupplier value) {
        public String prometheusName() {
            return ThreadSeries.prometheusName(name, baseUnit);
        }
    }

    /** What Micrometer's {@code PrometheusNamingConvention} makes of a name and base unit (family name, no {@code _total}). */
    public static String prometheusName(String name, String baseUnit) {
        String n = name.replace('.', '_');
        return baseUnit == null || n.endsWith("_" + baseUnit) ? n : n + "_" + baseUnit;
    }

    private final int topSites;
    private final boolean census;
    private final int baseline;
    private final Counts counts;
    private final List<Series> series;
    private volatile BooleanSupplier closeWhen = () -> false;
    private Census last;
    /** The census gauges (one bit each) that have read {@link #last}. */
    private long readLast;
    private int censusGauges;

    private record Census(LiveThreads.Census census, long nanos) {
    }

    /** Where started/ended counts come from. */
    sealed interface Counts extends AutoCloseable permits AgentCounts, JfrThreadCounts {
        long started(boolean virtual);

        long ended(boolean virtual);

        boolean awaitCounting(Duration timeout) throws InterruptedException;

        @Override
        void close();
    }

    /** The agent counts every start and end itself, since it loaded. */
    record AgentCounts() implements Counts {
        @Override
        public long started(boolean virtual) {
            return ThreadOrigins.started(virtual);
        }

        @Override
        public long ended(boolean virtual) {
            return ThreadOrigins.ended(virtual);
        }

        @Override
        public boolean awaitCounting(Duration timeout) {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private ThreadSeries(int topSites, int baseline) {
        this.topSites = topSites;
        this.census = censusWorks();
        this.baseline = !census ? -1 : baseline >= 0 ? baseline : LiveThreads.census().app();
        this.counts = counts(this::closeIfAsked);
        this.series = List.copyOf(buildSeries());
    }

    /**
     * Starts the series: takes the baseline (the application threads now) and starts counting
     * thread starts and ends. Never throws for what the JVM lacks; see the class comment.
     *
     * @param topSites how many creation sites {@code jvm.threads.site} reports (agent only), 0 to {@value #MAX_TOP_SITES}
     */
    public static ThreadSeries start(int topSites) {
        return start(topSites, -1);
    }

    /** With the baseline given, e.g. the debug endpoint's, taken when it started; -1 takes it now. */
    public static ThreadSeries start(int topSites, int baseline) {
        if (topSites < 0 || topSites > MAX_TOP_SITES) {
            throw new IllegalArgumentException("topSites must be 0 to " + MAX_TOP_SITES + ", not " + topSites);
        }
        var metrics = new ThreadSeries(topSites, baseline);
        OPEN.add(metrics);
        return metrics;
    }

    /** The fixed series this JVM can offer; {@link #liveBySite()} is the one whose tags change. */
    public List<Series> series() {
        return series;
    }

    private List<Series> buildSeries() {
        var list = new ArrayList<Series>();
        if (census) {
            list.add(gauge(APPLICATION, "Live application threads (main and what the application started), virtual ones included",
                    Map.of("kind", "platform"), c -> c.appPlatform()));
            list.add(gauge(APPLICATION, "Live application threads (main and what the application started), virtual ones included",
                    Map.of("kind", "virtual"), c -> c.appVirtual()));
            list.add(new Series(BASELINE, Type.GAUGE, UNIT,
                    "Live application threads when leaklab's thread metrics started: what the leak level is judged against",
                    Map.of(), () -> baseline));
            list.add(gauge(INTERNAL, "Live threads of the JVM itself (outside the main thread group) and of leaklab",
                    Map.of(), c -> c.jvmPlatform() + c.tool()));
            list.add(gauge(ALL, "Every live thread, platform and virtual (jvm.threads.live counts platform threads only)",
                    Map.of(), c -> c.total()));
            list.add(new Series(LEVEL, Type.GAUGE, null,
                    "The Go guide's leak level: 0 OK, 1 WARNING (more than 100 application threads above the baseline), "
                            + "2 CRITICAL (more than 1,000 above), 3 EMERGENCY (more than 10,000 in all)",
                    Map.of(), censusReader(c -> LeakRule.level(c.app(), baseline).ordinal())));
        }
        if (counts != null) {
            for (String kind : List.of("platform", "virtual")) {
                boolean virtual = kind.equals("virtual");
                list.add(new Series(STARTS, Type.COUNTER, UNIT, "Threads started since leaklab's thread metrics started",
                        Map.of("kind", kind), () -> counts.started(virtual)));
            }
            for (String kind : List.of("platform", "virtual")) {
                boolean virtual = kind.equals("virtual");
                list.add(new Series(ENDS, Type.COUNTER, UNIT, "Threads ended since leaklab's thread metrics started",
                        Map.of("kind", kind), () -> counts.ended(virtual)));
            }
        }
        return list;
    }

    /** True when {@link #liveBySite()} can say anything: the agent is loaded and sites were asked for. */
    public boolean sitesAvailable() {
        return topSites > 0 && ThreadOrigins.agentLoaded();
    }

    /** Live threads by creation site, the largest {@code topSites} sites (agent only; else empty). */
    public List<SiteCount> liveBySite() {
        return sitesAvailable() ? ThreadOrigins.liveBySite(topSites) : List.of();
    }

    /**
     * Waits until the start/end counters follow the JVM: JFR delivers events about once a second,
     * so they lag by that much. True at once with the agent; false without counters or on timeout.
     */
    public boolean awaitCounting(Duration timeout) throws InterruptedException {
        return counts != null && counts.awaitCounting(timeout);
    }

    /** Closes these metrics once {@code condition} holds (e.g. every registry they feed is closed); checked about once a second. */
    public void closeWhen(BooleanSupplier condition) {
        closeWhen = condition;
    }

    @Override
    public void close() {
        if (!OPEN.remove(this)) {
            return; // closed already
        }
        if (counts != null) {
            counts.close();
        }
    }

    private void closeIfAsked() {
        try {
            if (closeWhen.getAsBoolean()) {
                close();
            }
        } catch (RuntimeException e) {
            warnOnce("close-when", "leaklab: cannot tell whether the thread metrics' registry is closed (" + e + "); they keep running");
        }
    }

    private Series gauge(String name, String description, Map<String, String> tags, ToIntFunction<LiveThreads.Census> f) {
        return new Series(name, Type.GAUGE, UNIT, description, tags, censusReader(f));
    }

    private DoubleSupplier censusReader(ToIntFunction<LiveThreads.Census> f) {
        long bit = 1L << censusGauges++; // buildSeries runs once, in the constructor: a handful of gauges
        return () -> read(bit, f);
    }

    /**
     * One census per scrape (see {@link #CENSUS_MAX_AGE}): every census gauge of a scrape reads the
     * same census, so they agree with each other, and no scrape sees an earlier scrape's. NaN when it fails.
     */
    private double read(long bit, ToIntFunction<LiveThreads.Census> f) {
        try {
            LiveThreads.Census c;
            synchronized (this) {
                long now = System.nanoTime();
                if (last == null || (readLast & bit) != 0 || now - last.nanos() > CENSUS_MAX_AGE_NANOS) {
                    last = new Census(LiveThreads.census(), now);
                    readLast = 0;
                }
                readLast |= bit;
                c = last.census();
            }
            return f.applyAsInt(c);
        } catch (RuntimeException | LinkageError e) {
            warnOnce("census-failed", "leaklab: the live-thread census failed (" + e + "); the thread gauges read NaN");
            return Double.NaN;
        }
    }

    private static boolean censusWorks() {
        try {
            if (LiveThreads.available()) {
                LiveThreads.census();
                return true;
            }
        } catch (RuntimeException | LinkageError e) {
            warnOnce("census", "leaklab: the live-thread census fails here (" + e + "); the thread gauges are off");
            return false;
        }
        warnOnce("census", "leaklab: the live-thread gauges are off: run the JVM with"
                + " --add-exports java.base/jdk.internal.vm=ALL-UNNAMED to count every thread, virtual ones included");
        return false;
    }

    private static Counts counts(Runnable onFlush) {
        if (ThreadOrigins.agentLoaded()) {
            return new AgentCounts();
        }
        try {
            return JfrThreadCounts.start(onFlush);
        } catch (Exception | LinkageError e) {
            warnOnce("jfr", "leaklab: the thread start/end counters are off: JFR event streaming failed to start (" + e + ")");
            return null;
        }
    }

    /**
     * Says something once per JVM through {@link System.Logger} ({@code dev.leaklab.monitor}): this
     * code runs in someone else's application, whose logging decides where it goes.
     */
    static void warnOnce(String key, String message) {
        if (WARNED.add(key)) {
            System.getLogger("dev.leaklab.monitor").log(System.Logger.Level.WARNING, message);
        }
    }
}

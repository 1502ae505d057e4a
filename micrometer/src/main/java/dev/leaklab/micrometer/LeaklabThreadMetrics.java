package dev.leaklab.micrometer;

import dev.leaklab.census.LiveThreads;
import dev.leaklab.metrics.ThreadSeries;
import dev.leaklab.origins.SiteCount;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Live threads for Micrometer, virtual threads included, where {@code JvmThreadMetrics} (which
 * reads {@code ThreadMXBean}) sees platform threads only:
 *
 * <pre>{@code
 * new LeaklabThreadMetrics().bindTo(registry);   // next to new JvmThreadMetrics().bindTo(registry)
 * }</pre>
 *
 * <p>The series and their names are {@link ThreadSeries}'s: {@code jvm.threads.application{kind}},
 * {@code .application.baseline}, {@code .internal}, {@code .all}, {@code .leak.level},
 * {@code .starts{kind}}, {@code .ends{kind}} and, with the leaklab agent, {@code jvm.threads.site{site}}
 * for the top N creation sites (refreshed every {@link #SITE_REFRESH}; a site that drops out of
 * the top N is removed, so the number of series stays bounded).
 *
 * <p>Without {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} the gauges are left out
 * (said once through {@link System.Logger}) and the counters stay. Close the binder, or the registries it is
 * bound to, to stop the JFR stream behind the counters.
 */
public final class LeaklabThreadMetrics implements MeterBinder, AutoCloseable {

    static final Duration SITE_REFRESH = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger("dev.leaklab.micrometer");

    private final int topSites;
    private final Tags extraTags;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final List<MultiGauge> siteGauges = new CopyOnWriteArrayList<>();
    private ThreadSeries metrics;
    private ScheduledExecutorService siteRefresh;
    private boolean closed;

    /** With the top {@value ThreadSeries#DEFAULT_TOP_SITES} creation sites (agent only). */
    public LeaklabThreadMetrics() {
        this(Tags.empty());
    }

    /** With these tags on every meter, as Micrometer's own binders take them. */
    public LeaklabThreadMetrics(Iterable<Tag> tags) {
        this(ThreadSeries.DEFAULT_TOP_SITES, tags);
    }

    /**
     * @param topSites how many creation sites {@code jvm.threads.site} reports with the agent
     *                 (0 for none, at most {@value ThreadSeries#MAX_TOP_SITES})
     * @param tags     tags for every meter
     */
    public LeaklabThreadMetrics(int topSites, Iterable<Tag> tags) {
        if (topSites < 0 || topSites > ThreadSeries.MAX_TOP_SITES) {
            throw new IllegalArgumentException("topSites must be 0 to " + ThreadSeries.MAX_TOP_SITES + ", not " + topSites);
        }
        this.topSites = topSites;
        this.extraTags = Tags.of(tags);
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (closed) {
            LOG.log(System.Logger.Level.WARNING, "leaklab: this LeaklabThreadMetrics is closed; bind a new one");
            return;
        }
        try {
            if (metrics == null) {
                metrics = ThreadSeries.start(topSites);
                metrics.closeWhen(() -> registries.stream().allMatch(MeterRegistry::isClosed));
            }
            registries.add(registry);
            for (var s : metrics.series()) {
                var tags = new ArrayList<Tag>();
                s.tags().forEach((k, v) -> tags.add(Tag.of(k, v)));
                Tags all = extraTags.and(tags);
                switch (s.type()) {
                    case GAUGE -> Gauge.builder(s.name(), s.value()::getAsDouble).description(s.description())
                            .baseUnit(s.baseUnit()).tags(all).register(registry);
                    case COUNTER -> FunctionCounter.builder(s.name(), s, x -> x.value().getAsDouble())
                            .description(s.description()).baseUnit(s.baseUnit()).tags(all).register(registry);
                }
            }
            if (metrics.sitesAvailable()) {
                var gauge = MultiGauge.builder(ThreadSeries.SITE).description(ThreadSeries.SITE_DESCRIPTION)
                        .baseUnit(ThreadSeries.UNIT).tags(extraTags).register(registry);
                siteGauges.add(gauge);
                refreshSites();
                if (siteRefresh == null) {
                    siteRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
                        var t = new Thread(r, "leaklab-metrics-sites");
                        t.setDaemon(true);
                        return LiveThreads.registerToolThread(t);
                    });
                    siteRefresh.scheduleWithFixedDelay(this::refreshSites, SITE_REFRESH.toMillis(), SITE_REFRESH.toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // Binding runs while the application starts: a metric less is better than no application.
            LOG.log(System.Logger.Level.WARNING, "leaklab: the thread metrics could not bind to " + registry.getClass().getSimpleName()
                    + " (" + e + "); the application goes on without them");
        }
    }

    void refreshSites() {
        try {
            if (registries.stream().allMatch(MeterRegistry::isClosed)) {
                close();
                return;
            }
            List<SiteCount> sites = metrics.liveBySite();
            var rows = new ArrayList<MultiGauge.Row<?>>();
            for (SiteCount s : sites) {
                rows.add(MultiGauge.Row.of(Tags.of("site", s.site()), s.live()));
            }
            for (MultiGauge g : siteGauges) {
                g.register(rows, true);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "leaklab: refreshing jvm.threads.site failed (" + e + "); trying again in " + SITE_REFRESH);
        }
    }

    /** For tests: waits until the start/end counters follow the JVM (JFR delivers about once a second). */
    boolean awaitCounting(Duration timeout) throws InterruptedException {
        ThreadSeries m;
        synchronized (this) {
            m = metrics;
        }
        return m != null && m.awaitCounting(timeout);
    }

    /** Stops the JFR stream and the site refresh; the meters stay registered and stop moving. */
    @Override
    public synchronized void close() {
        closed = true;
        if (siteRefresh != null) {
            siteRefresh.shutdownNow();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}

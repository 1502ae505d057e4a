package dev.leaklab.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.leaklab.internal.census.VirtualThreads;
import dev.leaklab.testing.ParkedThreads;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The binder in a SimpleMeterRegistry counts exactly the threads a test starts, virtual ones
 * included; on a JDK without virtual threads (17), platform threads only, enough of them for a level.
 */
class LeaklabThreadMetricsTest {

    static final boolean HAS_VIRTUAL = VirtualThreads.supported();
    static final int VIRTUAL = HAS_VIRTUAL ? 1_000 : 0;
    static final int PLATFORM = HAS_VIRTUAL ? 50 : 150;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final LeaklabThreadMetrics binder = new LeaklabThreadMetrics();
    ParkedThreads parked;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (parked != null) {
            parked.close();
        }
        binder.close();
        registry.close();
    }

    @Test
    void gaugesReadExactlyTheParkedThreadsAboveTheBaseline() throws Exception {
        binder.bindTo(registry);
        double baseline = gauge("jvm.threads.application.baseline", null);
        double platformBefore = gauge("jvm.threads.application", "platform");
        double virtualBefore = gauge("jvm.threads.application", "virtual");
        assertThat(platformBefore + virtualBefore).isEqualTo(baseline);
        assertThat(gauge("jvm.threads.leak.level", null)).isZero();

        parked = ParkedThreads.start(VIRTUAL, PLATFORM);

        awaitValue(() -> gauge("jvm.threads.application", "virtual"), virtualBefore + VIRTUAL);
        awaitValue(() -> gauge("jvm.threads.application", "platform"), platformBefore + PLATFORM);
        // 1,050 above the baseline: the Go guide's CRITICAL (more than 1,000), level 2; on 17, 150
        // above it: WARNING (more than 100), level 1.
        assertThat(gauge("jvm.threads.leak.level", null)).isEqualTo(HAS_VIRTUAL ? 2 : 1);
        assertThat(gauge("jvm.threads.all", null))
                .isGreaterThanOrEqualTo(baseline + VIRTUAL + PLATFORM + gauge("jvm.threads.internal", null));
        assertThat(gauge("jvm.threads.application.baseline", null)).isEqualTo(baseline);

        parked.release();
        awaitValue(() -> gauge("jvm.threads.application", "virtual"), virtualBefore);
        awaitValue(() -> gauge("jvm.threads.application", "platform"), platformBefore);
        assertThat(gauge("jvm.threads.leak.level", null)).isZero();
    }

    @Test
    void everyScrapeTakesItsOwnCensus() throws Exception {
        binder.bindTo(registry);
        double platformBefore = gauge("jvm.threads.application", "platform");

        parked = ParkedThreads.start(0, 1);

        // Read again at once, well within ThreadSeries.CENSUS_MAX_AGE: a gauge read a second time
        // is the next scrape, so it takes a new census rather than the one of the reads above.
        assertThat(gauge("jvm.threads.application", "platform")).isEqualTo(platformBefore + 1);
    }

    @Test
    void countersMoveByExactlyTheThreadsStartedAndEnded() throws Exception {
        // The virtual-thread scheduler starts its carrier threads (platform threads) on first use:
        // start them before the measurement, so the platform counters see only the test's threads.
        ParkedThreads.warmUpVirtualThreadScheduler();
        binder.bindTo(registry);
        assertThat(binder.awaitCounting(Duration.ofSeconds(10))).as("JFR delivers thread events").isTrue();
        Thread.sleep(1_500); // one more JFR flush: starts from before this point are all counted
        double platformStarts = counter("jvm.threads.starts", "platform");
        double virtualStarts = counter("jvm.threads.starts", "virtual");
        double platformEnds = counter("jvm.threads.ends", "platform");
        double virtualEnds = counter("jvm.threads.ends", "virtual");

        parked = ParkedThreads.start(VIRTUAL, PLATFORM);
        awaitValue(() -> counter("jvm.threads.starts", "virtual"), virtualStarts + VIRTUAL);
        awaitValue(() -> counter("jvm.threads.starts", "platform"), platformStarts + PLATFORM);
        assertThat(counter("jvm.threads.ends", "virtual")).isEqualTo(virtualEnds);
        assertThat(counter("jvm.threads.ends", "platform")).isEqualTo(platformEnds);

        parked.release();
        awaitValue(() -> counter("jvm.threads.ends", "virtual"), virtualEnds + VIRTUAL);
        awaitValue(() -> counter("jvm.threads.ends", "platform"), platformEnds + PLATFORM);
        Thread.sleep(1_500); // one more flush: nothing else arrives late
        assertThat(counter("jvm.threads.starts", "virtual")).isEqualTo(virtualStarts + VIRTUAL);
        assertThat(counter("jvm.threads.starts", "platform")).isEqualTo(platformStarts + PLATFORM);
        assertThat(counter("jvm.threads.ends", "virtual")).isEqualTo(virtualEnds + VIRTUAL);
        assertThat(counter("jvm.threads.ends", "platform")).isEqualTo(platformEnds + PLATFORM);
    }

    /** The JFR recording and its stream thread go when the registry closes, and when the binder does. */
    @Test
    void commonTagsGoOnEveryMeter() {
        var tagged = new SimpleMeterRegistry();
        try (var withTags = new LeaklabThreadMetrics(io.micrometer.core.instrument.Tags.of("app", "billing"))) {
            withTags.bindTo(tagged);
            assertThat(tagged.getMeters()).isNotEmpty()
                    .allSatisfy(m -> assertThat(m.getId().getTag("app")).as(m.getId().toString()).isEqualTo("billing"));
            assertThat(tagged.get("jvm.threads.application").tag("kind", "virtual").tag("app", "billing").gauge())
                    .isNotNull();
        } finally {
            tagged.close();
        }
    }

    @Test
    void closingTheRegistryOrTheBinderStopsTheJfrStream() throws Exception {
        var other = new SimpleMeterRegistry();
        try (var second = new LeaklabThreadMetrics()) {
            second.bindTo(other);
            assertThat(second.awaitCounting(Duration.ofSeconds(10))).isTrue();
            assertThat(jfrStreams()).isEqualTo(1);
            other.close(); // checked at each JFR flush, about once a second
            awaitValue(() -> jfrStreams(), 0);
        }
        binder.bindTo(registry);
        assertThat(jfrStreams()).isEqualTo(1);
        binder.close();
        awaitValue(() -> jfrStreams(), 0);
    }

    /** Recordings of ours running, and checked against the stream threads alive. */
    static double jfrStreams() {
        long recordings = jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings().stream()
                .filter(r -> r.getName().equals("leaklab thread counts") && r.getState() == jdk.jfr.RecordingState.RUNNING).count();
        long threads = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("leaklab-thread-counts")).count();
        return recordings == threads ? recordings : -1;
    }

    @Test
    void namesStayClearOfJvmThreadMetrics() {
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
        binder.bindTo(registry);
        var ours = registry.getMeters().stream().map(m -> m.getId().getName())
                .filter(n -> n.startsWith("jvm.threads.")).distinct().sorted().toList();
        assertThat(ours).contains("jvm.threads.live", "jvm.threads.started", "jvm.threads.application", "jvm.threads.all",
                "jvm.threads.internal", "jvm.threads.starts", "jvm.threads.ends", "jvm.threads.leak.level",
                "jvm.threads.application.baseline");
    }

    double gauge(String name, String kind) {
        var search = registry.find(name);
        Gauge g = kind == null ? search.gauge() : search.tag("kind", kind).gauge();
        assertThat(g).as(name + " " + kind).isNotNull();
        return g.value();
    }

    double counter(String name, String kind) {
        FunctionCounter c = registry.find(name).tag("kind", kind).functionCounter();
        assertThat(c).as(name + " " + kind).isNotNull();
        return c.count();
    }

    /** Waits (10 s at most) for the value to reach {@code expected}; fails with the last value read. */
    static void awaitValue(DoubleSupplier value, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        double v = value.getAsDouble();
        while (v != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            v = value.getAsDouble();
        }
        assertThat(v).isEqualTo(expected);
    }
}

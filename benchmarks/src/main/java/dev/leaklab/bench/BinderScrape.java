package dev.leaklab.bench;

import java.util.concurrent.TimeUnit;

import dev.leaklab.metrics.ThreadSeries;
import dev.leaklab.micrometer.LeaklabThreadMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/*
 * IS A SCRAPE OF LEAKLAB'S THREAD SERIES DEARER THAN ONE OF MICROMETER'S OWN JvmThreadMetrics?
 *
 * The same PrometheusMeterRegistry.scrape(), N virtual threads parked in the background, with
 *
 *   jvm           JvmThreadMetrics alone (platform threads only: it reads ThreadMXBean)
 *   jvm+leaklab   JvmThreadMetrics and LeaklabThreadMetrics, as docs/metrics.md tells users to bind them
 *   leaklab       LeaklabThreadMetrics alone
 *
 * Every measured scrape of leaklab's series takes a fresh census (ThreadSeries: one census per
 * scrape). The per-invocation set-up waits CENSUS_MAX_AGE for every configuration alike, so
 * that no census is older than it and the three are measured the same way.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-Xmx2g"})
@State(Scope.Benchmark)
public class BinderScrape {

    @Param({"100000"})
    public int parkedVirtualThreads;

    @Param({"jvm", "jvm+leaklab", "leaklab"})
    public String binders;

    private ParkedThreads parked;
    private LeaklabThreadMetrics leaklab;
    private PrometheusMeterRegistry registry;

    @Setup
    public void parkThreadsAndBind() throws Exception {
        parked = new ParkedThreads().park(Thread.ofVirtual().factory(), parkedVirtualThreads);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (binders.contains("jvm")) {
            new JvmThreadMetrics().bindTo(registry);
        }
        if (binders.contains("leaklab")) {
            leaklab = new LeaklabThreadMetrics();
            leaklab.bindTo(registry);
            String virtual = "jvm_threads_application_threads{kind=\"virtual\"} ";
            String body = registry.scrape();
            double seen = Double.parseDouble(body.lines().filter(l -> l.startsWith(virtual)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + virtual + "in\n" + body)).substring(virtual.length()));
            if (seen < parkedVirtualThreads) {
                throw new IllegalStateException("the scrape sees " + seen + " virtual threads, " + parkedVirtualThreads + " are parked");
            }
        }
    }

    @Setup(Level.Invocation)
    public void letTheCensusExpire() throws InterruptedException {
        Thread.sleep(ThreadSeries.CENSUS_MAX_AGE.toMillis() + 10);
    }

    @TearDown
    public void release() throws InterruptedException {
        if (leaklab != null) {
            leaklab.close();
        }
        registry.close();
        parked.close();
    }

    @Benchmark
    public String scrape() {
        return registry.scrape();
    }

    /*
     * HOW TO RUN THIS TEST (results/scrape-cost.md has the figures):
     *
     *   scripts/bench -f 1 -wi 2 -i 5 -r 1s -prof gc BinderScrape
     */
}

package dev.leaklab.bench;

import java.util.concurrent.TimeUnit;

import dev.leaklab.micrometer.LeaklabThreadMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Scrapes follow each other without a pause. ThreadSeries takes one census per scrape (a gauge
 * read a second time starts the next census), so every measured scrape here takes a fresh one;
 * before that rule (a census served every read for CENSUS_MAX_AGE, 250 ms) most of these scrapes
 * reused one, so a run of the old code is a lower bound for it. No per-invocation sleep: with one,
 * a 1 s iteration held four scrapes and measured mostly the interpreter (results/scrape-cost.md).
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
     *   scripts/bench -f 1 -wi 2 -w 1s -i 5 -r 1s -prof gc BinderScrape
     *
     * OUTPUT (java -jar benchmarks.jar with those settings, shared 2-core machine, JDK 25, one census
     * per scrape; gc rows but the norm left out):
     *
     *   Benchmark                                 (binders)  (parkedVirtualThreads)  Mode  Cnt      Score     Error  Units
     *   BinderScrape.scrape                             jvm                  100000  avgt    5     37.780 ±   3.427  us/op
     *   BinderScrape.scrape:gc.alloc.rate.norm          jvm                  100000  avgt    5  51203.867 ± 308.186   B/op
     *   BinderScrape.scrape                     jvm+leaklab                  100000  avgt    5     71.244 ±   6.590  us/op
     *   BinderScrape.scrape:gc.alloc.rate.norm  jvm+leaklab                  100000  avgt    5  82554.656 ± 881.131   B/op
     *   BinderScrape.scrape                         leaklab                  100000  avgt    5     26.299 ±   4.938  us/op
     *   BinderScrape.scrape:gc.alloc.rate.norm      leaklab                  100000  avgt    5  45466.999 ± 211.404   B/op
     */
}

package dev.leaklab.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.leaklab.census.LiveThreads;
import dev.leaklab.micrometer.LeaklabThreadMetrics;
import dev.leaklab.endpoint.DebugEndpoint;
import dev.leaklab.metrics.ThreadSeries;
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
 * WHAT DOES A PROMETHEUS SCRAPE OF THE THREAD METRICS COST WHILE A MILLION VIRTUAL THREADS LEAK?
 *
 * A leak is exactly when the count is large, and a scraper asks every 15 to 60 seconds. Each
 * scrape of leaklab's thread series takes one census of the thread containers (no stacks, no
 * safepoint; see LiveThreadCensus) and shares it among the gauges; the counters cost nothing at
 * scrape time (JFR or the agent count as threads start and end).
 *
 *   micrometerScrape   PrometheusMeterRegistry.scrape() with LeaklabThreadMetrics bound: what
 *                      /actuator/prometheus costs for these series.
 *   endpointScrape     GET /debug/metrics on the debug endpoint over loopback HTTP, end to end.
 *
 * One census serves every gauge read within ThreadSeries.CENSUS_MAX_AGE: the per-invocation
 * set-up waits that long (outside the measurement), so every measured scrape takes a fresh census.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-Xmx4g"})
@State(Scope.Benchmark)
public class MetricsScrape {

    @Param({"0", "100000", "1000000"})
    public int parkedVirtualThreads;

    private ParkedThreads parked;
    private LeaklabThreadMetrics binder;
    private PrometheusMeterRegistry registry;
    private DebugEndpoint endpoint;
    private HttpClient http;
    private HttpRequest scrape;

    @Setup
    public void parkThreadsAndStartScrapers() throws Exception {
        parked = new ParkedThreads().park(Thread.ofVirtual().factory(), parkedVirtualThreads);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        binder = new LeaklabThreadMetrics();
        binder.bindTo(registry);
        endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0));
        http = LiveThreads.adoptThreadsStartedBy(() -> HttpClient.newBuilder()
                .executor(Executors.newCachedThreadPool(r -> LiveThreads.registerToolThread(new Thread(r)))).build());
        scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/debug/metrics")).build();
        String body = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
        String virtual = "jvm_threads_application_threads{kind=\"virtual\"} ";
        double seen = Double.parseDouble(body.lines().filter(l -> l.startsWith(virtual)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + virtual + "in\n" + body)).substring(virtual.length()));
        if (seen < parkedVirtualThreads) {
            throw new IllegalStateException("the scrape sees " + seen + " virtual threads, " + parkedVirtualThreads + " are parked");
        }
    }

    @Setup(Level.Invocation)
    public void letTheCensusExpire() throws InterruptedException {
        Thread.sleep(ThreadSeries.CENSUS_MAX_AGE.toMillis() + 10);
    }

    @TearDown
    public void releaseThreads() throws InterruptedException {
        endpoint.close();
        binder.close();
        registry.close();
        http.close();
        parked.close();
    }

    @Benchmark
    public String micrometerScrape() {
        return registry.scrape();
    }

    @Benchmark
    public String endpointScrape() throws IOException, InterruptedException {
        return http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
    }

    /*
     * HOW TO RUN THIS TEST:
     *
     *   scripts/bench MetricsScrape
     *   scripts/bench -f 1 -wi 1 -w 10s -i 5 -r 10s -prof gc -p parkedVirtualThreads=100000,1000000 MetricsScrape
     *
     * OUTPUT of docs/metrics.md's run, the second command, on a shared 2-core machine while other
     * builds ran, JDK 25; rows gc.alloc.rate/count/time left out:
     *
     *   Benchmark                                          (parkedVirtualThreads)  Mode  Cnt         Score         Error   Units
     *   MetricsScrape.endpointScrape                                       100000  avgt    5       117.935 ±      74.140   ms/op
     *   MetricsScrape.endpointScrape:gc.alloc.rate.norm                    100000  avgt    5   7395840.638 ±  287234.457    B/op
     *   MetricsScrape.endpointScrape                                      1000000  avgt    5      1296.765 ±     880.420   ms/op
     *   MetricsScrape.endpointScrape:gc.alloc.rate.norm                   1000000  avgt    5  62596408.876 ± 9858213.763    B/op
     *   MetricsScrape.micrometerScrape                                     100000  avgt    5       127.108 ±      68.975   ms/op
     *   MetricsScrape.micrometerScrape:gc.alloc.rate.norm                  100000  avgt    5   6227655.120 ±  340581.870    B/op
     *   MetricsScrape.micrometerScrape                                    1000000  avgt    5       966.440 ±     915.606   ms/op
     *   MetricsScrape.micrometerScrape:gc.alloc.rate.norm                 1000000  avgt    5  61062099.906 ± 6817546.139    B/op
     */
}

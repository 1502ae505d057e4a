package dev.leaklab.endpoint;

import dev.leaklab.monitor.Level;
import dev.leaklab.testing.ParkedThreads;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.leaklab.census.LiveThreads;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** GET /debug/metrics, scraped with a real HTTP client and read by the text format's rules. */
class DebugEndpointMetricsTest {

    static final int VIRTUAL = 1_000;
    static final int PLATFORM = 50;
    static final String APP_VIRTUAL = "jvm_threads_application_threads{kind=\"virtual\"}";
    static final String APP_PLATFORM = "jvm_threads_application_threads{kind=\"platform\"}";
    static final String STARTS_VIRTUAL = "jvm_threads_starts_threads_total{kind=\"virtual\"}";
    static final String ENDS_VIRTUAL = "jvm_threads_ends_threads_total{kind=\"virtual\"}";
    static final String STARTS_PLATFORM = "jvm_threads_starts_threads_total{kind=\"platform\"}";

    /** The scraper stands for Prometheus, another process: its threads are the tool's, not the application's. */
    final HttpClient http = scraper();
    final AtomicInteger requests = new AtomicInteger();
    ParkedThreads threads;

    @AfterEach
    void releaseThreads() throws InterruptedException {
        if (threads != null) {
            threads.close();
        }
    }

    HttpResponse<String> get(DebugEndpoint endpoint, String path, String accept) throws Exception {
        requests.incrementAndGet();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.address().getPort() + path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    Map<String, Double> scrape(DebugEndpoint endpoint) throws Exception {
        var response = get(endpoint, "/debug/metrics", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return PrometheusText.parse(response.body());
    }

    @Test
    void scrapeCountsExactlyTheParkedThreadsAndBoundsTheirStarts() throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            var first = scrape(endpoint); // starts the counters
            assertThat(first.keySet()).contains(APP_VIRTUAL, APP_PLATFORM, "jvm_threads_application_baseline_threads{}",
                    "jvm_threads_internal_threads{}", "jvm_threads_all_threads{}", "jvm_threads_leak_level{}",
                    STARTS_VIRTUAL, STARTS_PLATFORM, ENDS_VIRTUAL, "jvm_threads_ends_threads_total{kind=\"platform\"}");
            String count = get(endpoint, "/debug/threads/count", null).body();
            assertThat(PrometheusText.get(first, "jvm_threads_application_baseline_threads{}"))
                    .isEqualTo(Double.parseDouble(count.replaceAll("(?s).*baseline (\\d+)\n.*", "$1")));
            assertThat(PrometheusText.get(first, "jvm_threads_leak_level{}")).isZero();

            ParkedThreads.warmUpVirtualThreadScheduler(); // its carrier threads are platform threads: start them first
            Thread.sleep(2_500); // two JFR flushes: every start before this point is counted
            int requestsBefore = requests.get(); // the next scrape's own thread may land after `before`
            var before = scrape(endpoint);

            threads = ParkedThreads.start(VIRTUAL, PLATFORM);
            var parked = awaitSample(endpoint, APP_VIRTUAL, PrometheusText.get(before, APP_VIRTUAL) + VIRTUAL);
            assertThat(PrometheusText.get(parked, APP_PLATFORM)).isEqualTo(PrometheusText.get(before, APP_PLATFORM) + PLATFORM);
            assertThat(PrometheusText.get(parked, "jvm_threads_leak_level{}")).isEqualTo(Level.CRITICAL.ordinal());

            // The counters count every thread the JVM starts, the endpoint's own included: each request
            // runs in a new virtual thread, and the scraper's HTTP client may start a platform thread.
            // So the test's threads, plus at most one of each kind per request since `before`.
            var counted = awaitAtLeast(endpoint, STARTS_VIRTUAL, PrometheusText.get(before, STARTS_VIRTUAL) + VIRTUAL);
            counted = awaitAtLeast(endpoint, STARTS_PLATFORM, PrometheusText.get(before, STARTS_PLATFORM) + PLATFORM);
            int made = requests.get() - requestsBefore;
            assertThat(PrometheusText.get(counted, STARTS_VIRTUAL) - PrometheusText.get(before, STARTS_VIRTUAL))
                    .isBetween((double) VIRTUAL, (double) VIRTUAL + made);
            assertThat(PrometheusText.get(counted, STARTS_PLATFORM) - PrometheusText.get(before, STARTS_PLATFORM))
                    .isBetween((double) PLATFORM, (double) PLATFORM + made);

            threads.release();
            var ended = awaitAtLeast(endpoint, ENDS_VIRTUAL, PrometheusText.get(before, ENDS_VIRTUAL) + VIRTUAL);
            assertThat(PrometheusText.get(ended, ENDS_VIRTUAL) - PrometheusText.get(before, ENDS_VIRTUAL))
                    .isBetween((double) VIRTUAL, (double) VIRTUAL + requests.get() - requestsBefore);
            awaitSample(endpoint, APP_VIRTUAL, PrometheusText.get(before, APP_VIRTUAL));
        }
    }

    /** Prometheus' own parser (promtool check metrics) reads the exposition and finds nothing to lint. */
    @Test
    void prometheusParsesTheExposition() throws Exception {
        var promtool = Promtool.find();
        Assumptions.assumeTrue(promtool.isPresent(), "promtool is not on the PATH (Debian package prometheus)");
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            threads = ParkedThreads.start(VIRTUAL, PLATFORM);
            var body = get(endpoint, "/debug/metrics", null).body();
            var check = Promtool.run(promtool.get(), body, "check", "metrics");
            assertThat(check.exitCode()).as(check.output() + "\n" + body).isZero();
            assertThat(check.output()).as(body).isEmpty();
        }
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            var response = get(endpoint, "/debug/metrics", "application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/openmetrics-text"));
            assertThat(response.body()).contains("# TYPE jvm_threads_application_threads gauge\n").endsWith("# EOF\n");
            assertThat(get(endpoint, "/debug/", null).body()).contains("/debug/metrics");
        }
    }

    /**
     * Without the Prometheus libraries (optional dependencies of core) the endpoint still starts and
     * serves everything else; /debug/metrics says what to add. Run in a JVM whose class path lacks them.
     */
    @Test
    void withoutPrometheusOnTheClassPathItAnswers501() throws Exception {
        String classPath = Arrays.stream(testClassPath().split(File.pathSeparator))
                .filter(entry -> !entry.contains("prometheus")).collect(Collectors.joining(File.pathSeparator));
        var process = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-Xmx128m",
                "-cp", classPath, NoPrometheus.class.getName()).redirectErrorStream(true).start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).contains("metrics 501 " + MetricsPage.PROMETHEUS_MISSING).contains("count 200");
            assertThat(process.exitValue()).as(out).isZero();
        } finally {
            process.destroyForcibly();
        }
    }

    /** The child JVM of {@link #withoutPrometheusOnTheClassPathItAnswers501}. */
    static final class NoPrometheus {
        public static void main(String[] args) throws Exception {
            try {
                Class.forName("io.prometheus.metrics.model.registry.PrometheusRegistry");
                throw new AssertionError("Prometheus is on this class path");
            } catch (ClassNotFoundException expected) {
                // as it should be
            }
            var http = HttpClient.newHttpClient();
            try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
                for (String path : List.of("metrics", "threads/count")) {
                    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.address().getPort()
                            + "/debug/" + path)).build(), HttpResponse.BodyHandlers.ofString());
                    System.out.print(path.replace("threads/", "") + " " + r.statusCode() + " " + r.body());
                }
            }
        }
    }

    /** Surefire runs tests from a manifest-only jar; the entries are in its own property. */
    static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    static HttpClient scraper() {
        try {
            return LiveThreads.adoptThreadsStartedBy(() -> HttpClient.newBuilder()
                    .executor(Executors.newCachedThreadPool(r -> LiveThreads.registerToolThread(new Thread(r))))
                    .build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, Double> awaitAtLeast(DebugEndpoint endpoint, String key, double min) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        var samples = scrape(endpoint);
        while (PrometheusText.get(samples, key) < min && System.nanoTime() < deadline) {
            Thread.sleep(200);
            samples = scrape(endpoint);
        }
        assertThat(PrometheusText.get(samples, key)).as(key).isGreaterThanOrEqualTo(min);
        return samples;
    }

    Map<String, Double> awaitSample(DebugEndpoint endpoint, String key, double expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        var samples = scrape(endpoint);
        while (PrometheusText.get(samples, key) != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            samples = scrape(endpoint);
        }
        assertThat(PrometheusText.get(samples, key)).as(key).isEqualTo(expected);
        return samples;
    }
}

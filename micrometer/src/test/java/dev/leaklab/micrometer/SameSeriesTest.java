package dev.leaklab.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.census.LiveThreads;
import dev.leaklab.endpoint.DebugEndpoint;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * A dashboard or alert written against one source works with the other: the binder through
 * Micrometer's Prometheus registry and GET /debug/metrics expose the same families, with the same
 * types, help and labels, next to JvmThreadMetrics' own.
 */
class SameSeriesTest {

    @Test
    void binderThroughMicrometersPrometheusRegistryAndTheEndpointAgree() throws Exception {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var http = LiveThreads.adoptThreadsStartedBy(() -> HttpClient.newBuilder()
                .executor(Executors.newCachedThreadPool(r -> LiveThreads.registerToolThread(new Thread(r)))).build());
        try (var binder = new LeaklabThreadMetrics(); var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            new JvmThreadMetrics().bindTo(registry);
            binder.bindTo(registry);
            String micrometer = registry.scrape();
            var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.address().getPort()
                    + "/debug/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            String ours = response.body();

            Set<String> endpointLines = shape(ours);
            assertThat(endpointLines).contains("# TYPE jvm_threads_application_threads gauge",
                    "jvm_threads_application_threads{kind=\"virtual\"}", "jvm_threads_starts_threads_total{kind=\"platform\"}");
            assertThat(shape(micrometer)).containsAll(endpointLines);
            // JvmThreadMetrics' platform-only families are still there, untouched by ours
            assertThat(micrometer).contains("# TYPE jvm_threads_live_threads gauge", "# TYPE jvm_threads_started_threads_total counter");

            // and the gauges read the same census
            for (String sample : List.of("jvm_threads_application_threads{kind=\"virtual\"}", "jvm_threads_application_baseline_threads")) {
                assertThat(value(micrometer, sample)).as(sample).isEqualTo(value(ours, sample));
            }
        } finally {
            registry.close();
        }
    }

    /** TYPE and HELP lines and sample names with labels (no values) of leaklab's families. */
    static Set<String> shape(String exposition) {
        var ours = Set.of("application", "application_baseline", "internal", "all", "leak_level", "starts", "ends", "site");
        var out = new TreeSet<String>();
        for (String line : exposition.split("\n")) {
            String name = line.startsWith("# ") ? line.split(" ")[2] : line.split("[{ ]")[0];
            String family = name.replaceFirst("^jvm_threads_", "").replaceFirst("(_threads)?(_total)?$", "");
            if (name.startsWith("jvm_threads_") && ours.contains(family)) {
                out.add(line.startsWith("# ") ? line : line.substring(0, line.lastIndexOf(' ')));
            }
        }
        return out;
    }

    static double value(String exposition, String sample) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1));
            }
        }
        throw new AssertionError("no " + sample + " in\n" + exposition);
    }
}

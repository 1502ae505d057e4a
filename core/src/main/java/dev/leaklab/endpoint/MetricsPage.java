package dev.leaklab.endpoint;

import java.io.IOException;
import java.util.List;
import java.util.function.IntSupplier;

import com.sun.net.httpserver.HttpExchange;

import dev.leaklab.metrics.ThreadSeries;

/**
 * {@code GET /debug/metrics}: the {@link ThreadSeries} in the Prometheus text format, written by
 * {@link PrometheusExposition}, which is only loaded once the optional Prometheus jars are found:
 * without them the page answers 501 and says which jars. The series start at the first scrape
 * (they open a JFR stream), with the endpoint's baseline.
 */
final class MetricsPage implements AutoCloseable {

    /** What writes the exposition; an interface, so this class links without Prometheus. */
    interface Exposition extends AutoCloseable {
        void write(HttpExchange x) throws IOException;

        @Override
        void close();
    }

    /** Classes {@link PrometheusExposition} needs, looked up by name before it is touched. */
    private static final List<String> PROMETHEUS_CLASSES = List.of(
            "io.prometheus.metrics.core.metrics.GaugeWithCallback",
            "io.prometheus.metrics.expositionformats.ExpositionFormats");

    static final String PROMETHEUS_MISSING = "GET /debug/metrics needs io.prometheus:prometheus-metrics-core and"
            + " io.prometheus:prometheus-metrics-exposition-textformats (1.x) on the class path\n";

    private final IntSupplier baseline;
    private Exposition exposition;
    private boolean closed;

    MetricsPage(IntSupplier baseline) {
        this.baseline = baseline;
    }

    void answer(HttpExchange x) throws IOException {
        Exposition page;
        synchronized (this) {
            if (exposition == null && !closed) {
                if (!onClassPath(PROMETHEUS_CLASSES)) {
                    Http.send(x, 501, PROMETHEUS_MISSING);
                    return;
                }
                try {
                    exposition = PrometheusExposition.page(ThreadSeries.start(ThreadSeries.DEFAULT_TOP_SITES, baseline.getAsInt()));
                } catch (LinkageError e) { // a Prometheus jar of the set is missing or of another major version
                    Http.send(x, 501, PROMETHEUS_MISSING.strip() + " (" + e + ")\n");
                    return;
                }
            }
            page = exposition;
        }
        if (page == null) {
            Http.send(x, 503, "the debug endpoint is closing\n");
            return;
        }
        page.write(x);
    }

    private static boolean onClassPath(List<String> classes) {
        for (String name : classes) {
            try {
                Class.forName(name, false, MetricsPage.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (exposition != null) {
            exposition.close();
        }
    }
}

package dev.leaklab.endpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

import dev.leaklab.metrics.ThreadSeries;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code GET /debug/metrics}: the {@link ThreadSeries} series in the Prometheus text format (or
 * OpenMetrics, when the scraper asks for it), written by the Prometheus Java client. Only loaded
 * when {@code prometheus-metrics-core} and {@code prometheus-metrics-exposition-textformats} are on
 * the class path (see {@link MetricsPage}): they are optional dependencies of leaklab-core.
 */
final class PrometheusExposition implements MetricsPage.Exposition {

    private final ThreadSeries metrics;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();

    /** Only call this once {@link DebugEndpoint} found the Prometheus classes. */
    static MetricsPage.Exposition page(ThreadSeries metrics) {
        try {
            return new PrometheusExposition(metrics);
        } catch (RuntimeException | Error e) {
            metrics.close();
            throw e;
        }
    }

    private PrometheusExposition(ThreadSeries metrics) {
        this.metrics = metrics;
        var families = new LinkedHashMap<String, List<ThreadSeries.Series>>();
        for (var s : metrics.series()) {
            families.computeIfAbsent(s.prometheusName(), k -> new ArrayList<>()).add(s);
        }
        families.forEach((name, series) -> {
            var first = series.get(0);
            String[] labels = first.tags().keySet().toArray(String[]::new);
            switch (first.type()) {
                case GAUGE -> GaugeWithCallback.builder().name(name).help(first.description()).labelNames(labels)
                        .callback(cb -> series.forEach(s -> cb.call(s.value().getAsDouble(), values(s.tags(), labels))))
                        .register(registry);
                case COUNTER -> CounterWithCallback.builder().name(name).help(first.description()).labelNames(labels)
                        .callback(cb -> series.forEach(s -> cb.call(s.value().getAsDouble(), values(s.tags(), labels))))
                        .register(registry);
            }
        });
        if (metrics.sitesAvailable()) {
            GaugeWithCallback.builder().name(ThreadSeries.prometheusName(ThreadSeries.SITE, ThreadSeries.UNIT))
                    .help(ThreadSeries.SITE_DESCRIPTION).labelNames("site")
                    .callback(cb -> metrics.liveBySite().forEach(s -> cb.call(s.live(), s.site())))
                    .register(registry);
        }
    }

    private static String[] values(Map<String, String> tags, String[] labels) {
        var values = new String[labels.length];
        for (int i = 0; i < labels.length; i++) {
            values[i] = tags.get(labels[i]);
        }
        return values;
    }

    @Override
    public void write(HttpExchange x) throws IOException {
        var writer = formats.findWriter(x.getRequestHeaders().getFirst("Accept"));
        var body = new ByteArrayOutputStream(4096);
        writer.write(body, registry.scrape()); // before the headers: a failure can still be a 500
        x.getResponseHeaders().set("Content-Type", writer.getContentType());
        x.sendResponseHeaders(200, body.size());
        try (OutputStream out = x.getResponseBody()) {
            body.writeTo(out);
        }
    }

    @Override
    public void close() {
        metrics.close();
    }
}

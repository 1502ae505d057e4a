package dev.leaklab.report;

import dev.leaklab.input.JmhResults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * End to end: generated reports opened from the file system in real headless Chromium. Every
 * chart must have drawn its data on a canvas, the page must log no error or warning, and it must
 * request nothing but itself. Screenshots are kept in harness/target/ for people to look at.
 * Skipped only when no Chromium is installed (.ci/run installs Debian's).
 */
class ReportInBrowserTest extends InBrowser {

    /** Per chart: its canvas size, how many strongly coloured pixels (series, not grey axes) it has, its legend rows. */
    static final String INSPECT = """
            (() => {
              const charts = [];
              for (const el of document.querySelectorAll('[data-chart]')) {
                const canvas = el.querySelector('canvas');
                let coloured = 0;
                if (canvas && canvas.width > 0 && canvas.height > 0) {
                  const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                  for (let i = 0; i < px.length; i += 4) {
                    const r = px[i], g = px[i + 1], b = px[i + 2];
                    if (px[i + 3] > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
                  }
                }
                charts.push({ id: el.dataset.chart, rendered: el.dataset.rendered === 'true',
                  width: canvas ? canvas.width : 0, height: canvas ? canvas.height : 0, coloured: coloured,
                  legend: el.querySelectorAll('.u-legend .u-series').length,
                  axisLabels: JSON.parse(el.dataset.axes || '[]') });
              }
              return JSON.stringify({ status: window.leaklabReport || null, charts: charts,
                tables: document.querySelectorAll('.table-wrap > table').length });
            })()""";

    @Test
    void aRunsReportDrawsEveryChartOfflineWithoutErrors(@TempDir Path tmp) throws Exception {
        Path run = Fixtures.copy("run-quick", tmp);
        var made = Reports.make(List.of(run), run);
        var report = RunReport.of(Fixtures.run(), run);
        check(made.html(), report, Path.of("target", "report-screenshot.png"));
    }

    @Test
    void aJmhReportDrawsEveryChartOfflineWithoutErrors(@TempDir Path tmp) throws Exception {
        Path json = Fixtures.copy("jmh/small.json", tmp);
        var made = Reports.make(List.of(json), tmp.resolve("out"));
        check(made.html(), JmhReport.of(JmhResults.read(json)), Path.of("target", "report-jmh-screenshot.png"));
    }

    @Test
    void aComparisonDrawsEveryChartOfflineWithoutErrors(@TempDir Path tmp) throws Exception {
        Path base = Fixtures.copy("jmh/small.json", tmp);
        Path next = Fixtures.copy("jmh/smoke-one-iteration.json", tmp);
        var made = Reports.make(List.of(base, next), tmp.resolve("out"));
        check(made.html(), CompareReport.jmh(JmhResults.read(base), JmhResults.read(next)),
                Path.of("target", "report-compare-screenshot.png"));
    }

    @Test
    void aComparisonOfRunsDrawsEveryChartOfflineWithoutErrors(@TempDir Path tmp) throws Exception {
        Path base = Fixtures.copy("run-quick", tmp.resolve("base"));
        Path next = Fixtures.copy("run-quick", tmp.resolve("new"));
        var made = Reports.make(List.of(base, next), tmp.resolve("out"));
        check(made.html(), CompareReport.runs(Fixtures.run(), base, Fixtures.run(), next),
                Path.of("target", "report-compare-runs-screenshot.png"));
    }

    private static void check(Path html, Page model, Path screenshot) throws IOException, InterruptedException {
        String url = html.toAbsolutePath().toUri().toString();
        browser.open(url);
        JsonNode page = new ObjectMapper().readTree(browser.evaluate(INSPECT).asText());

        assertThat(page.path("status").path("failed")).as("charts that failed to draw").isEmpty();
        assertThat(page.path("status").path("rendered").asInt()).isEqualTo(model.charts().size());
        assertThat(page.path("charts")).hasSize(model.charts().size());
        for (int i = 0; i < model.charts().size(); i++) {
            Chart expected = model.charts().get(i);
            JsonNode c = page.path("charts").get(i);
            assertThat(c.path("id").asText()).isEqualTo(expected.id());
            assertThat(c.path("rendered").asBoolean()).as(expected.id()).isTrue();
            assertThat(c.path("width").asInt()).as(expected.id() + " canvas width").isGreaterThan(200);
            assertThat(c.path("height").asInt()).as(expected.id() + " canvas height").isGreaterThan(200);
            assertThat(c.path("coloured").asInt()).as(expected.id() + ": pixels in series colours").isGreaterThan(100);
            int series = switch (expected) {
                case Chart.Lines l -> l.lines().size();
                case Chart.Bars b -> b.series().size();
            };
            assertThat(c.path("legend").asInt()).as(expected.id() + " legend rows").isEqualTo(series + 1);
            // both axes carry their titles, with units
            var axes = new java.util.ArrayList<String>();
            c.path("axisLabels").forEach(a -> axes.add(a.asText()));
            switch (expected) {
                case Chart.Lines l -> assertThat(axes).containsExactly(l.x().title(), l.y().title());
                case Chart.Bars b -> assertThat(axes).containsExactly(b.categoryLabel(), b.y().title());
            }
        }
        assertThat(page.path("tables").asInt()).isEqualTo(model.tables().size());

        assertThat(browser.problems()).as("console errors, warnings and exceptions").isEmpty();
        assertThat(browser.requests()).as("the page loads nothing but itself").containsOnly(url);

        browser.screenshot(screenshot, 1400, 9000);
        assertThat(screenshot).isNotEmptyFile();
    }
}

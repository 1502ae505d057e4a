package dev.leaklab.report;

import dev.leaklab.format.Units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import dev.leaklab.link.Hlog;
import dev.leaklab.analysis.Regression;
import dev.leaklab.report.Chart.Bars;
import dev.leaklab.report.Chart.Dash;
import dev.leaklab.report.Chart.Line;
import dev.leaklab.report.Chart.Lines;
import dev.leaklab.report.Chart.Mark;
import dev.leaklab.report.Chart.Scale;
import dev.leaklab.result.CellResult;
import dev.leaklab.result.Fit;
import dev.leaklab.result.RunResult;
import dev.leaklab.result.ThreadKind;
import dev.leaklab.result.Variant;

/** The data behind a run's charts, from a stored real run: series, units, styles, the slope line. */
class RunReportTest {

    static final RunResult RUN = Fixtures.run();
    static final Page REPORT = RunReport.of(RUN, Fixtures.runDir());

    static CellResult cell(String id) {
        return RUN.cells().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    static Chart chart(String id) {
        return REPORT.charts().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no chart " + id + " in " + REPORT.charts().stream().map(Chart::id).toList()));
    }

    static Line line(Lines chart, String prefix) {
        return chart.lines().stream().filter(l -> l.name().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + prefix + " in " + chart.lines().stream().map(Line::name).toList()));
    }

    @Test
    void everySectionIsThereWithOneThreadsAndThreeMemoryChartsPerScenario() {
        assertThat(REPORT.sections()).extracting(Page.Section::id).containsExactly("threads", "memory", "per-thread", "latency");
        assertThat(REPORT.sections().get(0).charts()).extracting(Chart::id)
                .containsExactly("threads-send-without-receiver-50", "threads-unbounded-fan-out-50");
        assertThat(REPORT.sections().get(1).charts()).hasSize(6);
        assertThat(REPORT.sections().get(3).charts()).extracting(Chart::id)
                .containsExactly("latency-unbounded-fan-out-50", "queue-wait-unbounded-fan-out-50");
        assertThat(REPORT.charts()).extracting(Chart::id).doesNotHaveDuplicates();
    }

    @Test
    void liveThreadsAreTheRecordedPlatformPlusVirtualCountOverSecondsFromLoadStart() {
        var chart = (Lines) chart("threads-send-without-receiver-50");
        assertThat(chart.x().title()).isEqualTo("time since load start (s)");
        assertThat(chart.y().title()).isEqualTo("live application threads (threads)");
        var s = cell("send-without-receiver.leaky.virtual.50").series();
        Line leakyVirtual = line(chart, "leaky · virtual");
        assertThat(leakyVirtual.x()).containsExactly(s.t().stream().mapToDouble(Double::doubleValue).toArray());
        for (int i = 0; i < s.t().size(); i++) {
            assertThat(leakyVirtual.y()[i]).isEqualTo(s.platform().get(i) + s.virtual().get(i));
        }
        // the Go guide's picture: the leak ends ~150 up (50/s for 3 s), the fix where it started
        assertThat(leakyVirtual.y()[leakyVirtual.y().length - 1]).isEqualTo(151);
        Line fixedVirtual = line(chart, "fixed · virtual");
        assertThat(java.util.Arrays.stream(fixedVirtual.y()).max().orElseThrow()).isLessThanOrEqualTo(3);
        // every cell's slope is in its legend label
        assertThat(leakyVirtual.name()).isEqualTo("leaky · virtual: 49.8 ± 0.588 threads/s");
        assertThat(line(chart, "fixed · platform").name()).isEqualTo("fixed · platform: 0.125 ± 0.191 threads/s");
        assertThat(chart.rules()).extracting(Chart.Rule::label).containsExactly("load", "stop, idle");
        assertThat(chart.rules().getFirst().x()).isZero();
        assertThat(chart.rules().get(1).x()).isEqualTo(2.989);
    }

    @Test
    void theFittedLineHasTheRecordedSlopeAndRunsThroughTheLoadPhaseSamples() {
        var chart = (Lines) chart("threads-send-without-receiver-50");
        // drawn only where the slope's 95% CI excludes 0: both leaks, neither fix
        assertThat(chart.lines()).extracting(Line::name).filteredOn(n -> n.startsWith("fit"))
                .containsExactly("fit, leaky · platform", "fit, leaky · virtual");
        CellResult c = cell("send-without-receiver.leaky.platform.50");
        Fit recorded = c.threads().slopePerSec();
        Line fit = line(chart, "fit, leaky · platform");
        assertThat(fit.style()).isEqualTo(Palette.FIT);
        assertThat(fit.x()).containsExactly(0.0, 2.989);
        double drawnSlope = (fit.y()[1] - fit.y()[0]) / (fit.x()[1] - fit.x()[0]);
        assertThat(drawnSlope).isCloseTo(recorded.slope(), within(1e-9));

        // the samples the line is anchored on are the ones the analysis fitted: same count, same slope
        var t = new ArrayList<Double>();
        var y = new ArrayList<Double>();
        var s = c.series();
        for (int i = 0; i < s.t().size(); i++) {
            if (s.t().get(i) >= 0 && s.t().get(i) <= 2.989) {
                t.add(s.t().get(i));
                y.add((double) s.platform().get(i) + s.virtual().get(i));
            }
        }
        Fit refit = Regression.fit(t.stream().mapToDouble(Double::doubleValue).toArray(),
                y.stream().mapToDouble(Double::doubleValue).toArray());
        assertThat(refit.n()).isEqualTo(recorded.n());
        assertThat(refit.slope()).isCloseTo(recorded.slope(), within(0.01)); // t is rounded to ms in run.json
        // least squares passes through the centroid
        double meanT = t.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double meanY = y.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double atMean = fit.y()[0] + drawnSlope * (meanT - fit.x()[0]);
        assertThat(atMean).isCloseTo(meanY, within(1e-6));
    }

    @Test
    void kindIsColourAndMarkerAndVariantIsTheLinePattern() {
        var chart = (Lines) chart("threads-send-without-receiver-50");
        var leakyPlatform = line(chart, "leaky · platform").style();
        var fixedVirtual = line(chart, "fixed · virtual").style();
        assertThat(leakyPlatform.colour()).isEqualTo(Palette.VERMILLION);
        assertThat(leakyPlatform.mark()).isEqualTo(Mark.FILLED);
        assertThat(leakyPlatform.dash()).isEqualTo(Dash.SOLID);
        assertThat(fixedVirtual.colour()).isEqualTo(Palette.BLUE);
        assertThat(fixedVirtual.mark()).isEqualTo(Mark.HOLLOW);
        assertThat(fixedVirtual.dash()).isEqualTo(Dash.DASHED);
        // no two measured lines of a chart look the same
        assertThat(chart.lines().stream().filter(l -> !l.name().startsWith("fit")).map(Line::style).distinct()).hasSize(4);
    }

    @Test
    void memoryIsGrowthSinceLoadStartInTheUnitOfItsLargestValue() {
        var heap = (Lines) chart("memory-heap-send-without-receiver-50");
        assertThat(heap.y().title()).isEqualTo("heap growth (KiB)");
        var s = cell("send-without-receiver.leaky.virtual.50").series();
        Line leaky = line(heap, "leaky · virtual");
        // no heap reading before t=0 in this cell: the first reading is the zero
        assertThat(leaky.y()[0]).isZero();
        int last = s.heapAfterGcBytes().size() - 1;
        assertThat(leaky.y()[last]).isCloseTo((s.heapAfterGcBytes().get(last) - s.heapAfterGcBytes().getFirst()) / 1024.0,
                within(1e-9));
        var rss = (Lines) chart("memory-rss-send-without-receiver-50");
        assertThat(rss.y().unit()).isEqualTo("MiB");
        var nmt = (Lines) chart("memory-nmt-stack-send-without-receiver-50");
        assertThat(nmt.y().title()).isEqualTo("NMT thread stacks growth (MiB)");
    }

    @Test
    void growthIsMeasuredFromTheLastReadingAtOrBeforeLoadStart() {
        double[][] g = dev.leaklab.report.Curves.growth(List.of(-0.5, 0.0, 0.5, 1.0), List.of(100L, 110L, 150L, 190L));
        assertThat(g[0]).containsExactly(-0.5, 0.0, 0.5, 1.0);
        assertThat(g[1]).containsExactly(-10.0, 0.0, 40.0, 80.0);
    }

    @Test
    void unitsFollowTheLargestMagnitude() {
        assertThat(Units.bytesFor(0).name()).isEqualTo("B");
        assertThat(Units.bytesFor(1023).name()).isEqualTo("B");
        assertThat(Units.bytesFor(-2048).name()).isEqualTo("KiB");
        assertThat(Units.bytesFor(5 * 1024 * 1024).name()).isEqualTo("MiB");
        assertThat(Units.bytesFor(3L * 1024 * 1024 * 1024).name()).isEqualTo("GiB");
        assertThat(Units.bytes(122824.7)).isEqualTo("120 KiB");
        assertThat(Units.number(0.03509)).isEqualTo("0.0351");
        assertThat(Units.number(Double.NaN)).isEqualTo("-");
        assertThat(Units.rate(50)).isEqualTo("50");
        assertThat(Units.rate(12.5)).isEqualTo("12.5");
    }

    @Test
    void bytesPerThreadPutsPlatformBesideVirtualWithTheirIntervals() {
        var rss = (Bars) chart("per-thread-rss");
        assertThat(rss.categories()).containsExactly("send-without-receiver", "unbounded-fan-out");
        assertThat(rss.y().title()).isEqualTo("RSS (KiB/thread)");
        assertThat(rss.series()).extracting(Chart.BarSeries::name).containsExactly("platform thread", "virtual thread");
        Fit platform = cell("send-without-receiver.leaky.platform.50").memory().rssBytesPerThread();
        assertThat(rss.series().getFirst().values()[0]).isCloseTo(platform.slope() / 1024, within(1e-9));
        assertThat(rss.series().getFirst().errors()[0]).isCloseTo(platform.halfWidth() / 1024, within(1e-9));
        assertThat(rss.series().getFirst().style().colour()).isEqualTo(Palette.colour(ThreadKind.PLATFORM));
        var heap = (Bars) chart("per-thread-heap");
        assertThat(heap.y().unit()).isEqualTo("KiB/thread");
    }

    @Test
    void latencyPercentilesComeFromTheHlogAndEndAtTheMaximum() throws Exception {
        var chart = (Lines) chart("latency-unbounded-fan-out-50");
        assertThat(chart.x().scale()).isEqualTo(Scale.PERCENTILE);
        assertThat(chart.y().title()).isEqualTo("latency (ms)");
        assertThat(chart.lines()).extracting(Line::name).containsExactly("unbounded spawner · platform",
                "bounded pool · platform", "unbounded spawner · virtual", "bounded pool · virtual");
        CellResult leaky = cell("unbounded-fan-out.leaky.platform.50");
        Line curve = line(chart, "unbounded spawner · platform");
        assertThat(curve.style()).isEqualTo(Palette.of(ThreadKind.PLATFORM, Variant.LEAKY));
        for (int i = 1; i < curve.x().length; i++) {
            assertThat(curve.x()[i]).isGreaterThanOrEqualTo(curve.x()[i - 1]);
            assertThat(curve.y()[i]).isGreaterThanOrEqualTo(curve.y()[i - 1]);
        }
        assertThat(curve.x()[0]).isEqualTo(1.0); // the 0th percentile
        Histogram h = Hlog.read(Fixtures.runDir().resolve(leaky.artifacts().get("hlog"))).get("latency");
        // the last point is the maximum, at or beyond the rank of one sample in the count (HdrHistogram's
        // percentile iteration steps past it, as its own percentile output does)
        assertThat(curve.x()[curve.x().length - 1]).isGreaterThanOrEqualTo(h.getTotalCount());
        assertThat(curve.y()[curve.y().length - 1]).isCloseTo(h.getMaxValue() / 1e6, within(1e-9));
        // the median reads where the histogram has it (x = 2 is the 50th percentile), which is run.json's p50
        int median = 0;
        while (curve.x()[median] < 2) {
            median++;
        }
        assertThat(curve.y()[median]).isCloseTo(h.getValueAtPercentile(50) / 1e6, within(1e-9));
        assertThat(curve.y()[median]).isCloseTo(leaky.flood().latencyMs().p50(), within(0.5));
        assertThat(chart.caption()).contains("leaky · platform " + h.getTotalCount() + " of 150");
    }

    @Test
    void theSummaryTableHasEveryCellWithItsVerdict() {
        var table = REPORT.tables().getFirst();
        assertThat(table.rows()).hasSize(RUN.cells().size());
        var first = table.rows().getFirst();
        assertThat(first.get(0).text()).isEqualTo("send-without-receiver");
        assertThat(first.get(5)).isEqualTo(new Page.Cell("LEAKING", "bad"));
        assertThat(first.get(6).text()).isEqualTo("50.0 ± 0.367");
        assertThat(REPORT.tables().get(1).rows()).hasSize(4); // the flood's cells
    }
}

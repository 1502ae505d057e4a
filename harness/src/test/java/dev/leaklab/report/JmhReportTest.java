package dev.leaklab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leaklab.report.Chart.Bars;
import dev.leaklab.input.JmhResults;
import dev.leaklab.input.JmhResults.Benchmark;
import dev.leaklab.result.ThreadKind;

/** JMH's JSON read and drawn: scores per parameter set, error bars, platform beside virtual. */
class JmhReportTest {

    static final JmhResults SMALL = Fixtures.jmh("small.json");
    static final Page REPORT = JmhReport.of(SMALL);

    static Bars chart(Page report, String id) {
        return (Bars) report.charts().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no chart " + id + " in " + report.charts().stream().map(Chart::id).toList()));
    }

    static Benchmark result(String shortName, String kind) {
        return SMALL.benchmarks().stream().filter(b -> b.shortName().equals(shortName)
                && (kind == null || kind.equals(b.params().get("kind")))).findFirst().orElseThrow();
    }

    @Test
    void readsEveryResultWithItsParametersAndUnits() {
        assertThat(SMALL.benchmarks()).hasSize(20);
        Benchmark b = result("ThreadCreation.createOnly", "virtual");
        assertThat(b.mode()).isEqualTo("avgt");
        assertThat(b.primary().unit()).isEqualTo("us/op");
        assertThat(b.iterations()).isEqualTo(3);
        assertThat(b.primary().error()).isFinite().isPositive();
        Benchmark park = result("ParkedFootprint.parkThreadsAndReadMemory", "virtual");
        assertThat(park.secondary().get("footprint.heap").unit()).isEqualTo("B/thread");
        assertThat(park.paramText()).isEqualTo("depth=1, kind=virtual, platformThreads=2000, virtualThreads=20000");
    }

    @Test
    void aKindParameterBecomesPlatformAndVirtualBarsWithJmhErrorsAsWhiskers() {
        Bars c = chart(REPORT, "jmh-threadcreation-startmanythenjoinmany");
        assertThat(c.series()).extracting(Chart.BarSeries::name).containsExactly("platform threads", "virtual threads");
        assertThat(c.series().getFirst().style().colour()).isEqualTo(Palette.colour(ThreadKind.PLATFORM));
        assertThat(c.categories()).containsExactly("startManyThenJoinMany");
        assertThat(c.y().title()).isEqualTo("average time (us/op)");
        Benchmark platform = result("ThreadCreation.startManyThenJoinMany", "platform");
        assertThat(c.series().getFirst().values()[0]).isEqualTo(platform.primary().score());
        assertThat(c.series().getFirst().errors()[0]).isEqualTo(platform.primary().error());
        assertThat(c.caption()).contains("99.9% confidence interval", "1 fork(s) × 3 iteration(s)");
    }

    @Test
    void categoriesAreTheParametersThatVaryAndTheOthersGoToTheCaption() {
        Bars heap = chart(REPORT, "jmh-parkedfootprint-parkthreadsandreadmemory-footprint-heap");
        assertThat(heap.categoryLabel()).isEqualTo("depth");
        assertThat(heap.categories()).containsExactly("1", "16", "128");
        assertThat(heap.y().title()).isEqualTo("footprint.heap (B/thread)");
        assertThat(heap.caption()).contains("platformThreads=2000, virtualThreads=20000");
        Bars pool = chart(REPORT, "jmh-spawnvspool-submitonethenwait");
        assertThat(pool.categoryLabel()).isEqualTo("executor");
        assertThat(pool.categories()).containsExactly("platformThreadPerTask", "virtualThreadPerTask", "fixedPool", "forkJoinPool");
        assertThat(pool.series()).singleElement().satisfies(s -> assertThat(s.style()).isEqualTo(Palette.PLAIN));
    }

    @Test
    void sectionsAreBenchmarkClassesAndOnlyPerThreadOrPerOpSecondariesAreCharted() {
        assertThat(REPORT.sections()).extracting(Page.Section::title)
                .containsExactly("SpawnVsPool", "ThreadCreation", "ParkedFootprint");
        assertThat(REPORT.charts()).extracting(Chart::id)
                .contains("jmh-parkedfootprint-parkthreadsandreadmemory-footprint-rss",
                        "jmh-threadcreation-createonly-gc-alloc-rate-norm")
                .noneMatch(id -> id.contains("gc-count") || id.contains("gc-time"));
    }

    @Test
    void oneIterationHasNoErrorAndSaysSo() {
        var smoke = Fixtures.jmh("smoke-one-iteration.json");
        Bars c = chart(JmhReport.of(smoke), "jmh-threadcreation-createonly");
        assertThat(c.series().getFirst().errors()[0]).isNaN();
        assertThat(c.caption()).contains("No whiskers");
        Bars census = chart(JmhReport.of(smoke), "jmh-livethreadcensus-census");
        assertThat(census.categories()).containsExactly("0", "1000");
        assertThat(census.y().unit()).isEqualTo("ms/op");
    }

    @Test
    void oldJmhSecondaryNamesLoseTheirDot(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("old.json");
        Files.writeString(f, """
                [{"benchmark":"a.B.m","mode":"thrpt","forks":1,"measurementIterations":5,"params":{},
                  "primaryMetric":{"score":12.5,"scoreError":"NaN","scoreUnit":"ops/s"},
                  "secondaryMetrics":{"\u00b7gc.alloc.rate.norm":{"score":48.0,"scoreError":1.5,"scoreUnit":"B/op"}}}]
                """);
        var r = JmhResults.read(f);
        assertThat(r.benchmarks().getFirst().secondary()).containsOnlyKeys("gc.alloc.rate.norm");
        Bars c = chart(JmhReport.of(r), "jmh-b-m");
        assertThat(c.categories()).containsExactly("m");
        assertThat(c.y().title()).isEqualTo("throughput (ops/s)");
        assertThat(chart(JmhReport.of(r), "jmh-b-m-gc-alloc-rate-norm").series().getFirst().errors()[0]).isEqualTo(1.5);
    }

    @Test
    void notJmhIsAClearError(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("x.json");
        Files.writeString(f, "{\"kind\": \"something\"}");
        assertThatThrownBy(() -> JmhResults.read(f)).isInstanceOf(dev.leaklab.io.UserError.class)
                .hasMessageContaining("not JMH's JSON");
        Files.writeString(f, "[1, 2");
        assertThatThrownBy(() -> JmhResults.read(f)).hasMessageContaining("truncated: the JSON ends early");
    }

    @Test
    void comparingTwoFilesMatchesResultsAndGivesRatios() {
        var smoke = Fixtures.jmh("smoke-one-iteration.json");
        Page r = CompareReport.jmh(SMALL, smoke);
        var rows = r.tables().getFirst().rows();
        // ThreadCreation.createOnly and .startManyThenJoinMany at both kinds are in both files
        assertThat(rows).hasSize(4);
        var createOnlyPlatform = rows.stream().filter(row -> row.get(0).text().equals("ThreadCreation.createOnly")
                && row.get(1).text().equals("kind=platform")).findFirst().orElseThrow();
        double base = result("ThreadCreation.createOnly", "platform").primary().score();
        double next = smoke.benchmarks().stream().filter(b -> b.shortName().equals("ThreadCreation.createOnly")
                && b.params().get("kind").equals("platform")).findFirst().orElseThrow().primary().score();
        assertThat(createOnlyPlatform.get(5).text()).isEqualTo(String.format(java.util.Locale.ROOT, "%.2f×", next / base));
        assertThat(createOnlyPlatform.get(6).text()).isEqualTo("no interval");
        Bars c = chart(r, "compare-jmh-threadcreation-createonly");
        assertThat(c.series()).extracting(Chart.BarSeries::name).containsExactly("base", "new");
        assertThat(c.series().get(1).values()[0]).isCloseTo(next, within(1e-9));
        assertThat(CompareReport.overlap(new JmhResults.Metric(10, 1, "x", java.util.List.of(), null), new JmhResults.Metric(13, 1, "x", java.util.List.of(), null))).isEqualTo("apart");
        assertThat(CompareReport.overlap(new JmhResults.Metric(10, 2, "x", java.util.List.of(), null), new JmhResults.Metric(13, 2, "x", java.util.List.of(), null))).isEqualTo("overlap");
    }

    @Test
    void anEmptyArrayIsRefusedAsCompareRefusesIt(@TempDir Path tmp) throws IOException {
        Path f = Files.writeString(tmp.resolve("empty.json"), "[]");
        assertThatThrownBy(() -> JmhResults.read(f)).isInstanceOf(dev.leaklab.io.UserError.class)
                .hasMessageContaining("an empty JSON array: no JMH benchmarks in it");
    }
}

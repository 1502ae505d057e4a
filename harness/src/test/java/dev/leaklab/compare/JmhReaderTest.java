package dev.leaklab.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of JMH's JSON that vary across versions and modes. */
class JmhReaderTest {

    @TempDir
    Path tmp;

    Dataset read(String json) throws IOException {
        return Inputs.read(Files.writeString(tmp.resolve("jmh.json"), json).toString());
    }

    static String bench(String name, String mode, String primary, String secondary) {
        return """
                {"benchmark": "%s", "mode": "%s", "threads": 1, "forks": 2, "primaryMetric": %s, "secondaryMetrics": {%s}}
                """.formatted(name, mode, primary, secondary);
    }

    @Test
    void olderJmhsDotPrefixNaNAndInfinities() throws IOException {
        var d = read("[" + bench("p.B.m", "avgt",
                "{\"score\": 2, \"scoreUnit\": \"ns/op\", \"rawData\": [[1.0, \"NaN\", 2.0], [\"+INF\", 3.0, \"-INF\"]]}",
                "\"\u00b7gc.alloc.rate.norm\": {\"score\": 48, \"scoreUnit\": \"B/op\", \"rawData\": [[48, 48]]}") + "]");
        var primary = d.series().getFirst();
        assertThat(primary.metric()).isEqualTo("score");
        assertThat(primary.samples()).containsExactly(1.0, 2.0, Double.POSITIVE_INFINITY, 3.0, Double.NEGATIVE_INFINITY);
        assertThat(primary.dropped()).isEqualTo(1);
        assertThat(d.notes()).containsExactly("1 NaN sample left out");
        assertThat(d.series().get(1).metric()).isEqualTo("gc.alloc.rate.norm");
        // bare NaN tokens, as some tools write them, read too
        var bare = read("[" + bench("p.B.m", "avgt", "{\"scoreUnit\": \"ns/op\", \"rawData\": [[NaN, 1.0]]}", "") + "]");
        assertThat(bare.series().getFirst().samples()).containsExactly(1.0);
    }

    @Test
    void sampleTimeHistogramsGiveOneMeanPerIteration() throws IOException {
        var d = read("[" + bench("p.B.m", "sample",
                "{\"score\": 2, \"scoreUnit\": \"us/op\", \"rawDataHistogram\": [[[[1.0, 3], [5.0, 1]], [[2.0, 2]]], [[[4.0, 1]]]]}", "") + "]");
        assertThat(d.series().getFirst().samples()).containsExactly(2.0, 2.0, 4.0);
    }

    @Test
    void withoutRawDataTheScoreAndItsConfidenceAreAllThereIs() throws IOException {
        var d = read("[" + bench("p.B.m", "thrpt",
                "{\"score\": 100.0, \"scoreError\": 5.0, \"scoreConfidence\": [95.0, 105.0], \"scoreUnit\": \"ops/s\", \"rawData\": []}", "") + "]");
        var s = d.series().getFirst();
        assertThat(s.samples()).containsExactly(100.0);
        assertThat(s.given()).isEqualTo(new Interval(95, 105, Interval.JMH_999));
        assertThat(s.better()).isEqualTo(Direction.HIGHER);
    }

    @Test
    void rowsAreKeyedByBenchmarkModeParamsAndThreads() throws IOException {
        String primary = "{\"scoreUnit\": \"ns/op\", \"rawData\": [[1.0]]}";
        var d = read("[" + bench("p.B.m", "avgt", primary, "") + ","
                + bench("p.B.m", "sample", primary, "") + ","
                + bench("p.B.n", "avgt", primary, "").replace("\"threads\": 1", "\"threads\": 4") + ","
                + bench("p.B.o", "avgt", primary, "").replace("\"forks\": 2", "\"forks\": 2, \"params\": {\"z\": \"1\", \"a\": \"x\"}")
                + "]");
        assertThat(d.series()).extracting(Series::id).containsExactly(
                "p.B.m mode=avgt", "p.B.m mode=sample", "p.B.n mode=avgt threads=4", "p.B.o mode=avgt a=x z=1");
        // the mode is named where the same benchmark ran in more than one
        assertThat(d.series()).extracting(Series::label).containsExactly(
                "p.B.m mode=avgt", "p.B.m mode=sample", "p.B.n threads=4", "p.B.o a=x z=1");
    }
}

package dev.leaklab.compare;

import dev.leaklab.input.InputKind;

import dev.leaklab.io.UserError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.leaklab.compare.Differences.Assessment;
import dev.leaklab.compare.Differences.Row;

/** Synthetic pairs whose answer is known. */
class ComparisonTest {

    private final SplittableRandom random = new SplittableRandom(42);

    /** n samples around centre, each within ±noise (relative). */
    double[] around(double centre, double noise, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = centre * (1 + random.nextDouble(-noise, noise));
        }
        return v;
    }

    static Series series(String row, String metric, String unit, double... samples) {
        var u = Unit.parse(unit);
        return new Series(row, row, metric, u, u.guessDirection(), samples, null, 0);
    }

    static Dataset jmh(String name, Series... series) {
        return new Dataset(name, InputKind.JMH, "synthetic", List.of(series), List.of(), Map.of(), List.of());
    }

    static Row only(Differences r) {
        assertThat(r.tables()).hasSize(1);
        assertThat(r.tables().getFirst().rows()).hasSize(1);
        return r.tables().getFirst().rows().getFirst();
    }

    @Test
    void identicalSamplesMakeEveryRowTilde() {
        var base = new ArrayList<Series>();
        var next = new ArrayList<Series>();
        int[] sizes = {1, 2, 3, 5, 10, 30, 60};
        for (int size : sizes) {
            for (String unit : List.of("ns/op", "ops/s", "B/op", "threads")) {
                double[] v = around(1000, 0.3, size);
                base.add(series("bench.A.n" + size, unit, unit, v));
                next.add(series("bench.A.n" + size, unit, unit, v.clone()));
            }
        }
        var r = Comparison.compare(jmh("a", base.toArray(Series[]::new)), jmh("b", next.toArray(Series[]::new)), 0.05, 5);
        var rows = r.tables().stream().flatMap(t -> t.rows().stream()).toList();
        assertThat(rows).hasSize(sizes.length * 4).allSatisfy(row -> {
            assertThat(row.assessment()).isEqualTo(Assessment.SAME);
            assertThat(row.significant()).isFalse();
            assertThat(row.changePercent()).isZero();
        });
        assertThat(r.regressions()).isEmpty();
        assertThat(r.changes()).isEmpty();
        String text = ReportFormat.TEXT.render(r, null);
        // every data row of every table: "~" in the change column
        text.lines().filter(l -> l.startsWith("  A.n")).forEach(l -> assertThat(l).contains("  ~  "));
    }

    @Test
    void aTwentyPercentShiftWithLowNoiseIsSignificantInTheRightDirection() {
        double[] b = around(100, 0.005, 10);
        double[] slower = around(120, 0.005, 10);
        // time per op up: worse, a regression beyond 5%
        var time = only(Comparison.compare(jmh("a", series("x.Y.z", "score", "ns/op", b)),
                jmh("b", series("x.Y.z", "score", "ns/op", slower)), 0.05, 5));
        assertThat(time.significant()).isTrue();
        assertThat(time.pValue()).isLessThan(0.001);
        assertThat(time.changePercent()).isCloseTo(20, within(1.5));
        assertThat(time.assessment()).isEqualTo(Assessment.WORSE);
        assertThat(time.regression()).isTrue();
        // the same numbers as throughput: better
        var thrpt = only(Comparison.compare(jmh("a", series("x.Y.z", "score", "ops/s", b)),
                jmh("b", series("x.Y.z", "score", "ops/s", slower)), 0.05, 5));
        assertThat(thrpt.assessment()).isEqualTo(Assessment.BETTER);
        assertThat(thrpt.regression()).isFalse();
        // time per op down 20%: better
        var faster = only(Comparison.compare(jmh("a", series("x.Y.z", "score", "ns/op", slower)),
                jmh("b", series("x.Y.z", "score", "ns/op", b)), 0.05, 5));
        assertThat(faster.changePercent()).isCloseTo(-16.7, within(1.5));
        assertThat(faster.assessment()).isEqualTo(Assessment.BETTER);
        // a unit whose direction is unknown: changed, never a regression
        var unknown = only(Comparison.compare(jmh("a", series("x.Y.z", "m", "widgets", b)),
                jmh("b", series("x.Y.z", "m", "widgets", slower)), 0.05, 5));
        assertThat(unknown.assessment()).isEqualTo(Assessment.CHANGED);
        assertThat(unknown.regression()).isFalse();
    }

    @Test
    void aSignificantChangeWithinTheThresholdIsWorseButNoRegression() {
        var row = only(Comparison.compare(jmh("a", series("x.Y.z", "score", "ns/op", around(100, 0.001, 10))),
                jmh("b", series("x.Y.z", "score", "ns/op", around(103, 0.001, 10))), 0.05, 5));
        assertThat(row.assessment()).isEqualTo(Assessment.WORSE);
        assertThat(row.beyondThreshold()).isFalse();
        assertThat(row.regression()).isFalse();
        var strict = only(Comparison.compare(jmh("a", series("x.Y.z", "score", "ns/op", around(100, 0.001, 10))),
                jmh("b", series("x.Y.z", "score", "ns/op", around(103, 0.001, 10))), 0.05, 2));
        assertThat(strict.regression()).isTrue();
    }

    @Test
    void tooFewSamplesShowTildeAndTheSampleCountTheyWouldNeed() {
        // doubled, no overlap at all: still not enough with 3 a side at alpha 0.05 (the best p is 0.1)
        var row = only(Comparison.compare(jmh("a", series("x.Y.z", "score", "ns/op", 100, 101, 102)),
                jmh("b", series("x.Y.z", "score", "ns/op", 200, 201, 202)), 0.05, 5));
        assertThat(row.assessment()).isEqualTo(Assessment.SAME);
        assertThat(row.needPerSide()).isEqualTo(4);
        assertThat(row.changePercent()).isCloseTo(99, within(0.1));
        // 4 a side can: 2/70 < 0.05
        var four = only(Comparison.compare(jmh("a", series("x.Y.z", "score", "ns/op", 100, 101, 102, 103)),
                jmh("b", series("x.Y.z", "score", "ns/op", 200, 201, 202, 203)), 0.05, 5));
        assertThat(four.needPerSide()).isNull();
        assertThat(four.assessment()).isEqualTo(Assessment.WORSE);
        // ...but not at alpha 0.01, which needs 5
        var strict = only(Comparison.compare(jmh("a", series("x.Y.z", "score", "ns/op", 100, 101, 102, 103)),
                jmh("b", series("x.Y.z", "score", "ns/op", 200, 201, 202, 203)), 0.01, 5));
        assertThat(strict.needPerSide()).isEqualTo(5);
        // one run against many: 1 + 39 cannot go below 2/40 = 0.05
        var lopsided = only(Comparison.compare(jmh("a", series("x.Y.z", "score", "ns/op", 1)),
                jmh("b", series("x.Y.z", "score", "ns/op", around(100, 0.01, 39))), 0.05, 5));
        assertThat(lopsided.needPerSide()).isEqualTo(4);
        String text = ReportFormat.TEXT.render(Comparison.compare(jmh("a", series("x.Y.z", "score", "ns/op", 100, 101, 102)),
                jmh("b", series("x.Y.z", "score", "ns/op", 200, 201, 202)), 0.05, 5), null);
        assertThat(text).containsPattern("Y\\.z .* ~  n=3\\+3, need ≥4");
        assertThat(text).contains("give each side at least N (leaklab stress --repeat N");
    }

    @Test
    void unitsConvertToTheBaseUnitOrTheRowIsNotCompared() {
        var r = Comparison.compare(
                jmh("a", series("x.Y.z", "score", "ns/op", 1000, 1001, 1002, 1003, 1004, 1005),
                        series("x.Y.z", "q", "items", 1, 2, 3)),
                jmh("b", series("x.Y.z", "score", "us/op", 1.000, 1.001, 1.002, 1.003, 1.004, 1.005),
                        series("x.Y.z", "q", "ms", 1, 2, 3)), 0.05, 5);
        var row = only(r);
        assertThat(r.tables().getFirst().unit()).isEqualTo("ns/op");
        assertThat(row.next().center()).isCloseTo(1002.5, within(1e-9));
        assertThat(row.assessment()).isEqualTo(Assessment.SAME);
        assertThat(r.notCompared()).singleElement().satisfies(x -> assertThat(x.reason()).contains("items", "ms", "do not convert"));
    }

    @Test
    void rowsOnOneSideAreListed() {
        var r = Comparison.compare(jmh("a", series("x.Y.gone", "score", "ns/op", 1, 2)),
                jmh("b", series("x.Y.came", "score", "ns/op", 1, 2, 3)), 0.05, 5);
        assertThat(r.tables()).isEmpty();
        assertThat(r.onlyInBase()).singleElement().satisfies(o -> assertThat(o.row()).isEqualTo("Y.gone"));
        assertThat(r.onlyInNext()).singleElement().satisfies(o -> assertThat(o.n()).isEqualTo(3));
    }

    @Test
    void theGeomeanRowSummarisesAMetricWherePositive() {
        var r = Comparison.compare(
                jmh("a", series("x.Y.a", "s", "ns/op", 100, 100), series("x.Y.b", "s", "ns/op", 10, 10),
                        series("x.Y.c", "s", "ns/op", 0, 0)),
                jmh("b", series("x.Y.a", "s", "ns/op", 120, 120), series("x.Y.b", "s", "ns/op", 12, 12),
                        series("x.Y.c", "s", "ns/op", 5, 5)), 0.05, 5);
        var g = r.tables().getFirst().geomean();
        assertThat(g.changePercent()).isCloseTo(20, within(1e-9));
        assertThat(g.rows()).isEqualTo(2);
        assertThat(g.of()).isEqualTo(3);
        // from zero: an infinite change
        assertThat(r.tables().getFirst().rows().get(2).changePercent()).isInfinite();
    }

    @Test
    void kindsDoNotMix() {
        var run = new Dataset("r", InputKind.LEAKLAB_RUN, "run", List.of(), List.of(), Map.of(), List.of());
        assertThatThrownBy(() -> Comparison.compare(run, jmh("j.json"), 0.05, 5))
                .isInstanceOf(UserError.class)
                .hasMessage("cannot compare leaklab run (r) with JMH results (j.json): give two of the same kind");
    }

    static Dataset run(List<String> verdicts, List<String> outcomes) {
        return new Dataset("r", InputKind.LEAKLAB_RUN, "run", List.of(),
                List.of(new CellGroup("s leaky virtual 50/s", "s leaky virtual 50/s", verdicts, outcomes)), Map.of(), List.of());
    }

    static Assessment verdictChange(List<String> base, List<String> next) {
        var r = Comparison.compare(run(base, base.stream().map(v -> "COMPLETED").toList()),
                run(next, next.stream().map(v -> "COMPLETED").toList()), 0.05, 5);
        return r.verdictChanges().isEmpty() ? null : r.verdictChanges().getFirst().assessment();
    }

    @Test
    void verdictChangesAreJudged() {
        assertThat(verdictChange(List.of("LEAKING", "LEAKING"), List.of("HEALTHY", "HEALTHY"))).isEqualTo(Assessment.BETTER);
        assertThat(verdictChange(List.of("HEALTHY"), List.of("LEAKING"))).isEqualTo(Assessment.WORSE);
        assertThat(verdictChange(List.of("HEALTHY", "HEALTHY"), List.of("HEALTHY", "LEAKING"))).isEqualTo(Assessment.WORSE);
        // a crash that leaves no idle tail is not an improvement
        assertThat(verdictChange(List.of("LEAKING"), List.of("INCONCLUSIVE"))).isEqualTo(Assessment.CHANGED);
        // the same shares over a different number of repeats: no change
        assertThat(verdictChange(List.of("LEAKING", "LEAKING", "LEAKING", "LEAKING"), List.of("LEAKING", "LEAKING", "LEAKING"))).isNull();
    }

    @Test
    void outcomeChangesAreJudgedAndCountAsRegressions() {
        var r = Comparison.compare(run(List.of("LEAKING"), List.of("COMPLETED")), run(List.of("LEAKING"), List.of("CAPPED")), 0.05, 5);
        assertThat(r.outcomeChanges()).singleElement().satisfies(c -> {
            assertThat(c.assessment()).isEqualTo(Assessment.WORSE);
            assertThat(c.base()).containsEntry("COMPLETED", 1);
            assertThat(c.next()).containsEntry("CAPPED", 1);
        });
        assertThat(r.regressions()).containsExactly("outcome of s leaky virtual 50/s");
        var back = Comparison.compare(run(List.of("LEAKING"), List.of("OOM")), run(List.of("LEAKING"), List.of("COMPLETED")), 0.05, 5);
        assertThat(back.outcomeChanges().getFirst().assessment()).isEqualTo(Assessment.BETTER);
        assertThat(back.regressions()).isEmpty();
        assertThat(back.changes()).hasSize(1);
    }
}

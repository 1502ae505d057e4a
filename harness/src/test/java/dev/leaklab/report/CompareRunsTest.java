package dev.leaklab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.leaklab.report.Chart.Bars;
import dev.leaklab.report.Chart.Line;
import dev.leaklab.report.Chart.Lines;
import dev.leaklab.result.CellResult;
import dev.leaklab.result.RunResult;
import dev.leaklab.result.Variant;

/** Two runs side by side: cells matched by id, slopes as base/new bars, and the live-thread lines overlaid. */
class CompareRunsTest {

    static final RunResult BASE = Fixtures.run();

    static RunResult only(RunResult run, java.util.function.Predicate<CellResult> keep) {
        return new RunResult(run.schemaVersion(), run.kind(), run.startedAt(), run.finishedAt(), run.complete(),
                run.environment(), run.config(), run.cells().stream().filter(keep).toList());
    }

    @Test
    void cellsAreMatchedByIdAndTheRestListed() {
        RunResult next = only(BASE, c -> c.scenario().equals("send-without-receiver"));
        Page r = CompareReport.runs(BASE, Path.of("base"), next, Path.of("new"));
        assertThat(r.tables().get(0).rows()).hasSize(4);
        assertThat(r.tables().get(0).rows().getFirst().get(1)).isEqualTo(new Page.Cell("LEAKING → LEAKING", ""));
        assertThat(r.tables().get(1).rows()).hasSize(4)
                .allSatisfy(row -> assertThat(row.get(1).text()).isEqualTo("base only"));

        Bars slopes = (Bars) r.charts().stream().filter(c -> c.id().equals("compare-slope-leaky")).findFirst().orElseThrow();
        assertThat(slopes.categories()).containsExactly("send-without-receiver · platform", "send-without-receiver · virtual");
        assertThat(slopes.series()).extracting(Chart.BarSeries::name).containsExactly("base", "new");
        double recorded = BASE.cells().getFirst().threads().slopePerSec().slope();
        assertThat(slopes.series().get(0).values()[0]).isEqualTo(recorded);
        assertThat(slopes.series().get(1).values()[0]).isEqualTo(recorded);
        assertThat(slopes.y().title()).isEqualTo("growth (threads/s)");
    }

    @Test
    void liveThreadsOfBothRunsAreOverlaidTheBaseInGrey() {
        Page r = CompareReport.runs(BASE, Path.of("base"), BASE, Path.of("new"));
        Lines overlay = (Lines) r.charts().stream().filter(c -> c.id().equals("compare-threads-send-without-receiver-50"))
                .findFirst().orElseThrow();
        assertThat(overlay.lines()).hasSize(8);
        assertThat(overlay.lines().subList(0, 4)).allSatisfy(l -> assertThat(l.style().colour()).isEqualTo(Palette.GREY));
        assertThat(overlay.lines().subList(4, 8)).extracting(Line::name).containsExactly("new leaky · platform",
                "new fixed · platform", "new leaky · virtual", "new fixed · virtual");
        assertThat(overlay.lines().get(0).style()).isEqualTo(Palette.base(Variant.LEAKY));
    }

    @Test
    void chartsWithNothingToDrawAreLeftOut() {
        // fixed cells have no bytes-per-thread slope: their count never moved enough
        Page r = RunReport.of(only(BASE, c -> c.variant() == Variant.FIXED), Fixtures.runDir());
        assertThat(r.sections()).extracting(Page.Section::id).containsExactly("threads", "memory", "latency");
        assertThat(r.charts()).hasSize(2 + 6 + 2);
        Page compare = CompareReport.runs(BASE, Path.of("b"), only(BASE, c -> c.variant() == Variant.LEAKY), Path.of("n"));
        assertThat(compare.charts()).extracting(Chart::id).doesNotContain("compare-slope-fixed")
                .contains("compare-slope-leaky");
        assertThat(List.of(r.title(), compare.title())).containsExactly("leaklab stress run", "leaklab: two runs compared");
    }
}

package dev.leaklab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.leaklab.format.PerThread;
import dev.leaklab.result.CellResult;
import dev.leaklab.result.Fit;
import dev.leaklab.result.Outcome;
import dev.leaklab.result.RunResult;
import dev.leaklab.result.ThreadKind;
import dev.leaklab.result.Variant;
import dev.leaklab.result.Verdict;

/** The end-of-run table: a per-thread figure only with its interval, {@code ~} and the reason when it is none. */
class SummaryTableTest {

    static final double KIB = 1024;

    static CellResult cell(String scenario, ThreadKind kind, Fit heap, Fit rss, int peak, boolean busy) {
        var threads = new CellResult.Threads(50, 1, peak, peak, peak, new Fit(50, 49, 51, 0.99, 40), false, peak - 1);
        var memory = new CellResult.Memory(heap, rss, null, null, null, null);
        var host = new CellResult.Host(busy ? 0.7 : 0.1, 0.2, 100.0, 120.0, busy, busy ? "other processes used 70%" : null);
        return new CellResult(scenario + ".leaky." + kind.label() + ".50", scenario, Variant.LEAKY, kind, 50, 0, 50.0,
                Outcome.COMPLETED, "ran every phase", 0, List.of(), 5.0, Map.of(), "FILE", threads, Verdict.LEAKING, "grew",
                memory, null, null, null, host);
    }

    static String table(List<CellResult> cells) {
        var run = new RunResult(RunResult.SCHEMA_VERSION, RunResult.KIND, "2026-12-03T16:00:00Z", "2026-12-03T16:01:00Z",
                true, null, Map.of(), cells);
        var out = new StringWriter();
        SummaryTable.print(run, new PrintWriter(out, true));
        return out.toString();
    }

    @Test
    void aFourPointFitWithAWideIntervalIsATildeWithItsReasonNotANumber() {
        // what issue 26 saw: heap -7.76 KiB per thread from 4 points, 95% CI -29.5 to +17.0 KiB
        var wide = new Fit(-7.76 * KIB, -29.5 * KIB, 17.0 * KIB, 0.2, 4);
        String printed = table(List.of(cell("send-without-receiver", ThreadKind.VIRTUAL, wide, null, 151, false)));
        assertThat(printed).contains("heap ~ (too few points (4); 95% CI -29.5 to 17.0 KiB)")
                .doesNotContain("-7.76");
    }

    @Test
    void anIntervalWiderThanTheSlopeIsNoFigureEvenAboveZero() {
        // the flood's 84 KiB: above zero, but known only to within more than its own size, over 31 threads
        var flood = new Fit(84 * KIB, 11 * KIB, 158 * KIB, 0.9, 4);
        String printed = table(List.of(cell("unbounded-fan-out", ThreadKind.VIRTUAL, flood, null, 32, false)));
        assertThat(printed).contains("heap ~ (too few points (4), too few threads (31); 95% CI 11.0 to 158 KiB)");
        assertThat(PerThread.isFigure(flood)).isFalse();
    }

    @Test
    void aFigureIsShownWithItsInterval() {
        var narrow = new Fit(2.64 * KIB, 2.51 * KIB, 2.77 * KIB, 0.99, 4); // few points, and still a tight interval
        var rss = new Fit(103 * KIB, 102 * KIB, 104 * KIB, 0.99, 20);
        String printed = table(List.of(cell("send-without-receiver", ThreadKind.VIRTUAL, narrow, null, 151, false),
                cell("send-without-receiver", ThreadKind.PLATFORM, null, rss, 151, false)));
        assertThat(printed).contains("heap 2.64 ± 0.130 KiB", "rss 103 ± 1.00 KiB");
    }

    @Test
    void manyBusyCellsAreCountedNotListed() {
        var cells = new ArrayList<CellResult>();
        for (int i = 0; i < 6; i++) {
            cells.add(cell("scenario-" + i, ThreadKind.PLATFORM, null, null, 151, true));
        }
        String printed = table(cells);
        assertThat(printed).contains("host busy during 6 of 6 cells").doesNotContain("scenario-0.leaky");
        assertThat(table(cells.subList(0, 2))).contains("host busy during 2 of 2 cells", "scenario-0.leaky.platform.50, scenario-1");
    }
}

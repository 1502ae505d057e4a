package dev.leaklab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.leaklab.result.CellResult;
import dev.leaklab.result.Outcome;
import dev.leaklab.result.ThreadKind;
import dev.leaklab.result.Variant;
import dev.leaklab.result.Verdict;

/** When a run measured nothing: every cell crashed, for one cause or for several. */
class AllCrashedTest {

    static CellResult cell(String id, Outcome outcome, String detail, String... stderr) {
        return new CellResult(id, "send-without-receiver", Variant.LEAKY, ThreadKind.VIRTUAL, 50, 0, null, outcome, detail, 1,
                List.of(stderr), 0.3, Map.of(), "NONE", null, Verdict.INCONCLUSIVE, "no recording", null, null, null, null);
    }

    @Test
    void oneCauseIsOneCauseWhateverCellItNames() {
        var cells = List.of(
                cell("a.leaky.virtual.50", Outcome.CRASHED, "exited with code 1",
                        "Could not start recording: Unknown argument 'retry 1/cells/a.leaky.virtual.50/cell.jfr'",
                        "Error: Could not create the Java Virtual Machine."),
                cell("a.fixed.virtual.50", Outcome.CRASHED, "exited with code 1", "",
                        "Could not start recording: Unknown argument 'retry 1/cells/a.fixed.virtual.50/cell.jfr'",
                        "Error: Could not create the Java Virtual Machine."));
        var all = AllCrashed.of(cells).orElseThrow();
        assertThat(all.oneCause()).isTrue();
        assertThat(all.cells()).isEqualTo(2);
        assertThat(all.line()).startsWith("every cell crashed (2 of 2), all for one cause: exited with code 1: Could not start recording")
                .contains("'retry 1/cells/<cell>/cell.jfr'").doesNotContain("Could not create the Java Virtual Machine");
    }

    @Test
    void severalCausesAreSaidToBeSeveral() {
        var cells = List.of(cell("s.leaky.virtual.50", Outcome.CRASHED, "killed by SIGKILL (exit code 137)"),
                cell("s.fixed.virtual.50", Outcome.CRASHED, "exited with code 1", "Unrecognized VM option 'NoSuch'"));
        var all = AllCrashed.of(cells).orElseThrow();
        assertThat(all.oneCause()).isFalse();
        assertThat(all.line()).startsWith("every cell crashed (2 of 2); the first: killed by SIGKILL (exit code 137)");
    }

    @Test
    void aRunWithACellThatDidNotCrashOrWithNoCellIsNotSuchARun() {
        assertThat(AllCrashed.of(List.of())).isEmpty();
        for (Outcome other : List.of(Outcome.COMPLETED, Outcome.CAPPED, Outcome.OOM, Outcome.TIMED_OUT)) {
            var cells = List.of(cell("s.leaky.virtual.50", Outcome.CRASHED, "exited with code 1", "x"), cell("s.fixed.virtual.50", other, "ran"));
            assertThat(AllCrashed.of(cells)).as(other.name()).isEmpty();
        }
    }

    @Test
    void theCauseIsPrintedEscaped() {
        var all = AllCrashed.of(List.of(cell("s.leaky.virtual.50", Outcome.CRASHED, "exited with code 1", "bad \u001b]0;title\u0007 flag"))).orElseThrow();
        assertThat(all.line()).doesNotContain("\u001b", "\u0007").contains("bad ");
    }
}

package dev.leaklab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leaklab.input.RunJson;
import dev.leaklab.result.Outcome;
import dev.leaklab.result.ResultJson;
import dev.leaklab.result.Verdict;

/** A child killed mid-cell, and a child that hangs past its deadline: recorded, analysed, and the run goes on. */
class StressFaultsTest {

    @Test
    void aChildKilledMidLoadIsRecordedAndItsPartialRecordingAnalysed(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        StressEndToEndTest.run(StressEndToEndTest.argsWithLoad(out, "8s", "--variants", "leaky", "--inject-kill-after", "6s"));
        var run = RunJson.read(out);
        assertThat(run.complete()).isTrue();
        var cell = run.cells().getFirst();
        assertThat(cell.outcome()).isEqualTo(Outcome.CRASHED);
        assertThat(cell.outcomeDetail()).contains("SIGKILL");
        assertThat(cell.exitCode()).isEqualTo(137);
        // no cell.jfr was written, but JFR's repository was read up to its last flush
        assertThat(cell.recording()).isEqualTo("REPOSITORY");
        assertThat(cell.artifacts()).containsKey("jfrRepository").doesNotContainKey("jfr");
        assertThat(cell.threads().samples()).as("samples; phases %s", cell.series().phaseStarts()).isGreaterThan(10);
        assertThat(cell.threads().slopePerSec().slope()).isBetween(40.0, 60.0);
        assertThat(cell.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(cell.verdictReason()).contains("no idle tail");
        SchemaAccess.assertValid(out.resolve("run.json"));
    }

    @Test
    void aChildThatRunsOutOfHeapIsRecordedAsOom(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        // 20,000 leaked virtual threads a second against a 64 MB heap: their stacks fill it in a second or two
        StressEndToEndTest.run("stress", "--scenarios", "send-without-receiver", "--kinds", "virtual", "--variants", "leaky",
                "--rates", "20000", "--warmup", "0s", "--load", "6s", "--idle", "500ms", "--heap", "64m",
                "--out", out.toString());
        var cell = RunJson.read(out).cells().getFirst();
        assertThat(cell.outcome()).as(cell.outcomeDetail()).isEqualTo(Outcome.OOM);
        assertThat(cell.outcomeDetail()).contains("OutOfMemoryError");
        assertThat(cell.stderrTail()).anyMatch(l -> l.contains("OutOfMemoryError"));
        assertThat(cell.threads().peak()).isGreaterThan(1000);
    }

    @Test
    void aChildThatOutlivesItsDeadlineIsStoppedAndTheNextCellStillRuns(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        StressEndToEndTest.run(StressEndToEndTest.args(out, "--inject-hang-after-load", "--deadline-allowance", "4s"));
        var run = RunJson.read(out);
        assertThat(run.cells()).hasSize(2);
        for (var cell : run.cells()) {
            assertThat(cell.outcome()).isEqualTo(Outcome.TIMED_OUT);
            assertThat(cell.outcomeDetail()).contains("outlived its deadline");
            // SIGTERM let JFR write the recording on the way out: the load phase is all there
            assertThat(cell.recording()).isEqualTo("FILE");
            assertThat(cell.threads().slopePerSec()).isNotNull();
            assertThat(cell.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            // what it hung on, taken before it was stopped: the main thread parked in CellMain
            assertThat(cell.artifacts()).containsKey("threadsAtDeadline");
            assertThat(java.nio.file.Files.readString(out.resolve(cell.artifacts().get("threadsAtDeadline"))))
                    .contains("dev.leaklab.child.CellMain.run");
        }
        SchemaAccess.assertValid(out.resolve("run.json"));
    }
}

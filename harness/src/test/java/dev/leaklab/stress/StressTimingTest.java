package dev.leaklab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leaklab.link.CellSpec;
import dev.leaklab.link.PhaseLog;
import dev.leaklab.result.Outcome;
import dev.leaklab.result.ResultJson;

/** The per-cell time split from a cell folder's files, with and without the holds of a child started ahead. */
class StressTimingTest {

    /** Launched at 0, main at 400, warm-up at 1,000 ms, phases to 5,000, exit at 5,150 (epoch ms, shifted). */
    private static final long T0 = 1_796_000_000_000L;

    private static Child.Ended ended() {
        return new Child.Ended(Outcome.COMPLETED, "ran every phase", 0, List.of(), Duration.ofMillis(5_150))
                .at(T0, T0 + 5_150);
    }

    private static void cellFiles(Path dir) throws Exception {
        Files.writeString(dir.resolve(CellSpec.STARTED_FILE), String.valueOf(T0 + 400));
        ResultJson.mapper().writeValue(dir.resolve(CellSpec.PHASES_FILE).toFile(), List.of(
                new PhaseLog("warmup", T0 + 1_000, 900_000_000L, 15, null),
                new PhaseLog("load", T0 + 1_900, 3_000_000_000L, 150, null),
                new PhaseLog("idle", T0 + 4_900, 100_000_000L, 0, null)));
    }

    @Test
    void aChildThatWentAtOnceHasNoHoldAndItsPartsSumToTheWallTime(@TempDir Path dir) throws Exception {
        cellFiles(dir);
        var t = StressRun.timing(dir, ended(), 20_000_000L);
        assertThat(t.startUpSeconds()).isEqualTo(0.4);
        assertThat(t.setUpSeconds()).isEqualTo(0.6);
        assertThat(t.measureSeconds()).isEqualTo(4.0);
        assertThat(t.exitSeconds()).isEqualTo(0.15);
        assertThat(t.analysisSeconds()).isEqualTo(0.02);
        assertThat(t.heldSeconds()).isNull();
    }

    @Test
    void aHeldChildsWaitsAreTakenOutOfItsSetUpAndPhasesAndReportedApart(@TempDir Path dir) throws Exception {
        cellFiles(dir);
        // held 500 ms after its set-up (before the warm-up), and 200 ms inside the warm-up, before the settle
        Files.writeString(dir.resolve(CellSpec.HELD_FILE), (T0 + 450) + " " + (T0 + 950) + "\n"
                + (T0 + 1_300) + " " + (T0 + 1_500) + "\n");
        var t = StressRun.timing(dir, ended(), 20_000_000L);
        assertThat(t.heldSeconds()).isEqualTo(0.7);
        assertThat(t.setUpSeconds()).isEqualTo(0.1);
        assertThat(t.measureSeconds()).isEqualTo(3.8);
        assertThat(t.startUpSeconds() + t.setUpSeconds() + t.measureSeconds() + t.exitSeconds() + t.heldSeconds())
                .isCloseTo(5.15, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void anUnreadableHoldsFileLeavesTheSplitAsIfTheChildWasNotHeld(@TempDir Path dir) throws Exception {
        cellFiles(dir);
        Files.writeString(dir.resolve(CellSpec.HELD_FILE), "not a number\n");
        var t = StressRun.timing(dir, ended(), 0);
        assertThat(t.heldSeconds()).isNull();
        assertThat(t.setUpSeconds()).isEqualTo(0.6);
    }
}

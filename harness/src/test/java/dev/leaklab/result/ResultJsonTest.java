package dev.leaklab.result;

import dev.leaklab.input.RunJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultJsonTest {

    /** A real run.json of schema version 1, kept as written, so files written today keep reading. */
    static final Path GOLDEN_V1 = Path.of("src/test/resources/results/run-v1.json");

    @Test
    void aStoredVersionOneRunStillReads() throws Exception {
        RunResult run = RunJson.read(GOLDEN_V1);
        assertThat(run.schemaVersion()).isEqualTo(1);
        assertThat(run.complete()).isTrue();
        assertThat(run.cells()).hasSize(8);
        assertThat(run.cells()).filteredOn(c -> c.variant() == dev.leaklab.result.Variant.LEAKY)
                .allSatisfy(c -> assertThat(c.verdict()).isEqualTo(Verdict.LEAKING));
        assertThat(run.environment().cores()).isPositive();
        dev.leaklab.stress.SchemaAccess.assertValid(GOLDEN_V1);
    }

    @Test
    void writeThenReadRoundTrips(@TempDir Path tmp) throws Exception {
        RunResult run = RunJson.read(GOLDEN_V1);
        Path copy = tmp.resolve("run.json");
        ResultJson.write(copy, run);
        assertThat(RunJson.read(tmp)).isEqualTo(run);
        assertThat(tmp.resolve("run.json.tmp")).doesNotExist();
    }

    @Test
    void theSchemaHoldsEachCellsTimeSplit(@TempDir Path tmp) throws Exception {
        RunResult run = RunJson.read(GOLDEN_V1);
        var timed = new java.util.ArrayList<CellResult>();
        for (CellResult c : run.cells()) {
            timed.add(new CellResult(c.id(), c.scenario(), c.variant(), c.kind(), c.ratePerSec(), c.repeat(), c.offeredPerSec(),
                    c.outcome(), c.outcomeDetail(), c.exitCode(), c.stderrTail(), c.wallSeconds(), c.artifacts(), c.recording(),
                    c.threads(), c.verdict(), c.verdictReason(), c.memory(), c.flood(), c.series(), c.analysisError(), c.host(),
                    new CellResult.Timing(0.41, 0.08, 4.57, null, 0.02)));
        }
        Path ok = tmp.resolve("ok.json");
        ResultJson.write(ok, new RunResult(run.schemaVersion(), run.kind(), run.startedAt(), run.finishedAt(), run.complete(),
                run.environment(), run.config(), timed));
        dev.leaklab.stress.SchemaAccess.assertValid(ok);
        assertThat(RunJson.read(ok).cells().getFirst().timing().measureSeconds()).isEqualTo(4.57);

        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, Files.readString(ok).replace("\"measureSeconds\" : 4.57", "\"measureSeconds\" : -1"));
        assertThat(Files.readString(bad)).contains("\"measureSeconds\" : -1");
        assertThat(dev.leaklab.stress.SchemaAccess.errors(bad)).isNotEmpty().anyMatch(e -> e.contains("measureSeconds"));
    }

    @Test
    void badFilesAreNamedWithTheirProblem(@TempDir Path tmp) throws Exception {
        Path truncated = tmp.resolve("truncated.json");
        Files.writeString(truncated, Files.readString(GOLDEN_V1).substring(0, 500));
        assertThatThrownBy(() -> RunJson.read(truncated)).hasMessageStartingWith(truncated + ": truncated: the JSON ends early");

        Path other = tmp.resolve("other.json");
        Files.writeString(other, "{\"hello\": 1}");
        assertThatThrownBy(() -> RunJson.read(other)).hasMessageContaining("not a leaklab run");

        Path future = tmp.resolve("future.json");
        Files.writeString(future, "{\"kind\": \"leaklab-run\", \"schemaVersion\": 99}");
        assertThatThrownBy(() -> RunJson.read(future)).hasMessageContaining("schemaVersion 99");

        assertThatThrownBy(() -> RunJson.read(tmp.resolve("missing"))).hasMessageContaining("no such file");
        assertThatThrownBy(() -> RunJson.read(tmp)).hasMessageContaining("is this a run folder?");
    }
}

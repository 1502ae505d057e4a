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

package dev.leaklab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.link.CellSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leaklab.result.Outcome;

/**
 * The deadline counts from the child's start-up, not its launch: on a starved host a JVM took
 * 30 s to reach main and was stopped as hung although its phases had only just begun.
 */
class ChildTest {

    private static Child.Ended run(Path dir, String script, Duration deadline) throws Exception {
        return Child.run(new Children(), List.of("sh", "-c", script), dir, dir.resolve("stdout.log"),
                dir.resolve("stderr.log"), deadline, null);
    }

    @Test
    void aSlowStartUpIsNotChargedToTheDeadline(@TempDir Path dir) throws Exception {
        // 1.5 s to "start", then 0.3 s of phases, against a 1 s deadline
        var ended = run(dir, "sleep 1.5; : > " + CellSpec.STARTED_FILE + "; sleep 0.3", Duration.ofSeconds(1));
        assertThat(ended.outcome()).as(ended.detail()).isEqualTo(Outcome.COMPLETED);
        assertThat(ended.wall()).isGreaterThan(Duration.ofMillis(1700));
    }

    @Test
    void aChildThatHangsAfterItsStartUpIsStoppedAtItsDeadline(@TempDir Path dir) throws Exception {
        var ended = run(dir, ": > " + CellSpec.STARTED_FILE + "; exec sleep 60", Duration.ofSeconds(1));
        assertThat(ended.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(ended.detail()).contains("outlived its deadline of 1 s (counted from its start-up");
        assertThat(ended.wall()).isLessThan(Duration.ofSeconds(20));
    }
}

package dev.leaklab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.link.ScaleReading;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leaklab.cli.Main;
import dev.leaklab.result.ResultJson;

/** {@code leaklab stress --scale}: its arithmetic, its refusal, and the real thing on a few hundred threads. */
class ScaleRunTest {

    static ScaleReading reading(int threads, long heap, long rss) {
        return new ScaleReading(threads, 0.5, heap, rss, 10, 20, threads + 1, 1, true);
    }

    @Test
    void perThreadFiguresAreAgainstNoThreadsAndMarginalOnesAgainstThePreviousCheckpoint() {
        var zero = reading(0, 1_000_000, 50_000_000);
        var first = reading(1000, 2_000_000, 60_000_000);
        var second = reading(3000, 3_000_000, 64_000_000);
        var c = ScaleRun.checkpoint(List.of(zero, first, second), Map.of());
        assertThat(c.threads()).isEqualTo(3000);
        assertThat(c.heapPerThreadBytes()).isEqualTo(2_000_000 / 3000.0, org.assertj.core.data.Offset.offset(0.05));
        assertThat(c.heapMarginalBytes()).isEqualTo(500.0);
        assertThat(c.rssPerThreadBytes()).isEqualTo(14_000_000 / 3000.0, org.assertj.core.data.Offset.offset(0.05));
        assertThat(c.rssMarginalBytes()).isEqualTo(2000.0);
        assertThat(c.startsPerSec()).isEqualTo(4000.0); // 2000 threads in 0.5 s
    }

    @Test
    void aHeapTheHostCannotHoldIsRefusedInOneLine(@TempDir Path tmp) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.execute(new String[] {"stress", "--scale", "--scale-checkpoints", "1000,2000000000",
                "--out", tmp.resolve("run").toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("leaklab stress: --scale needs a heap of")
                .contains("ask for fewer with --scale-checkpoints").doesNotContain("\n");
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void scenarioOptionsDoNotGoWithScale(@TempDir Path tmp) {
        var err = new StringWriter();
        int code = Main.execute(new String[] {"stress", "--scale", "--scenarios", "rpc-without-timeout",
                "--out", tmp.resolve("run").toString()}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--scale runs no scenarios");
    }

    @Test
    void parksThreadsOfBothKindsAndRunsTheToolsAgainstThem(@TempDir Path tmp) throws Exception {
        // a name JFR's options and jcmd's arguments would split (comma, space, quotes, %p): the children get no part of it
        Path dir = tmp.resolve("run,retry 1 'q\" %p");
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.execute(new String[] {"stress", "--scale", "--scale-checkpoints", "200", "--out", dir.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as("stderr: %s%nstdout: %s", err, out).isZero();
        var result = ResultJson.mapper().readValue(dir.resolve(ScaleRun.FILE_NAME).toFile(), ScaleRun.Result.class);
        assertThat(result.complete()).isTrue();
        assertThat(result.runs()).extracting(ScaleRun.KindRun::kind).containsExactly("virtual", "platform");
        for (var run : result.runs()) {
            assertThat(run.checkpoints()).hasSize(1);
            var c = run.checkpoints().getFirst();
            assertThat(c.threads()).isEqualTo(200);
            assertThat(c.walkAgrees()).isTrue();
            assertThat(c.censusApp()).as("the parked threads and main").isGreaterThanOrEqualTo(201);
            assertThat(c.heapAfterGcBytes()).isPositive();
            assertThat(c.tools()).containsOnlyKeys("jfrDump", "dump", "leaks");
            for (var t : c.tools().values()) {
                assertThat(t.exitCode()).as(t.command()).isZero();
                assertThat(t.outputBytes()).as(t.command()).isPositive();
            }
            String dump = Files.readString(dir.resolve(run.kind()).resolve("dump-200.txt"));
            assertThat(dump).contains("200 threads · " + run.kind());
        }
        assertThat(dir.resolve("virtual").resolve("recording-200.jfr")).doesNotExist();
        assertThat(out.toString()).contains("census p50").contains("Results: ");
    }
}

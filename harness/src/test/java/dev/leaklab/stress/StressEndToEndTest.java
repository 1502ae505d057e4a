package dev.leaklab.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leaklab.input.RunJson;
import dev.leaklab.cli.Main;
import dev.leaklab.result.Outcome;
import dev.leaklab.result.ResultJson;
import dev.leaklab.result.RunResult;
import dev.leaklab.result.Verdict;
import dev.leaklab.result.Variant;

/** The real command on tiny settings: children forked, recordings written and analysed. */
class StressEndToEndTest {

    static String[] args(Path out, String... more) {
        return argsWithLoad(out, "2s", more);
    }

    static String[] argsWithLoad(Path out, String load, String... more) {
        var base = new String[] {"stress", "--scenarios", "send-without-receiver", "--kinds", "virtual",
                "--warmup", "200ms", "--load", load, "--idle", "700ms", "--heap", "256m", "--out", out.toString()};
        var all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    static String run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as("exit code; stderr: %s%nstdout: %s", err, out).isZero();
        return out.toString();
    }

    @Test
    void leakyCellLeaksAtTheOfferedRateAndFixedCellIsHealthy(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        String printed = run(args(out));
        RunResult run = RunJson.read(out);
        assertThat(run.complete()).isTrue();
        assertThat(run.cells()).hasSize(2);
        for (var cell : run.cells()) {
            assertThat(cell.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(cell.recording()).isEqualTo("FILE");
            assertThat(out.resolve(cell.artifacts().get("jfr"))).isRegularFile();
            if (cell.variant() == Variant.LEAKY) {
                assertThat(cell.verdict()).as(cell.verdictReason()).isEqualTo(Verdict.LEAKING);
                assertThat(cell.threads().slopePerSec().slope()).isCloseTo(50, within(5.0));
                assertThat(cell.threads().leftBehind()).isBetween(90, 110);
                // a virtual thread's stack lives on the heap: a positive cost per thread, well under 100 KiB
                assertThat(cell.memory().heapBytesPerThread().slope()).isBetween(100.0, 100_000.0);
            } else {
                assertThat(cell.verdict()).as(cell.verdictReason()).isEqualTo(Verdict.HEALTHY);
                assertThat(cell.threads().leftBehind()).isZero();
            }
            assertThat(cell.series().t()).hasSameSizeAs(cell.series().virtual()).hasSizeGreaterThan(20);
            // the time split: every part measured, the phases as planned (200 ms + settle + 2 s + up to 700 ms), summing to the wall time
            var t = cell.timing();
            assertThat(List.of(t.startUpSeconds(), t.setUpSeconds(), t.exitSeconds(), t.analysisSeconds())).allMatch(v -> v >= 0);
            assertThat(t.measureSeconds()).isBetween(2.5, 20.0);
            // each child is held for its turn (the second one was started while the first idled): the wait is its own part
            assertThat(t.heldSeconds()).isNotNull().isGreaterThanOrEqualTo(0.0);
            assertThat(t.startUpSeconds() + t.setUpSeconds() + t.measureSeconds() + t.exitSeconds() + t.heldSeconds())
                    .isCloseTo(cell.wallSeconds(), within(0.3));
        }
        assertThat(printed).contains("[1/2 ", "[2/2 ", "LEAKING", "HEALTHY", "Results: ",
                "Report: " + out.toAbsolutePath().resolve("report.html"));
        assertThat(out.resolve("report.html")).isRegularFile();
        assertThat(out.resolve("charts/threads-send-without-receiver-50.png")).isRegularFile();
        // the recording opens with the JDK's own tools
        Path jfr = out.resolve(run.cells().getFirst().artifacts().get("jfr"));
        assertThat(jdkTool("jfr", "summary", jfr.toString())).contains("dev.leaklab.LiveThreads", "jdk.VirtualThreadStart");
        assertThat(jdkTool("jfr", "view", "thread-count", jfr.toString())).contains("Active Threads");
        SchemaAccess.assertValid(out.resolve("run.json"));
    }

    static String jdkTool(String... command) throws Exception {
        command[0] = Path.of(System.getProperty("java.home"), "bin", command[0]).toString();
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
        return output;
    }

    @Test
    void theFloodRecordsRejectionsAndLatencyInItsHlog(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        run("stress", "--scenarios", "unbounded-fan-out", "--kinds", "platform", "--rates", "400", "--warmup", "0s",
                "--load", "2s", "--idle", "700ms", "--heap", "256m", "--workers", "4", "--queue", "8",
                "--service-time", "20ms", "--hang-fraction", "0.1", "--out", out.toString());
        RunResult run = RunJson.read(out);
        var leaky = run.cells().stream().filter(c -> c.variant() == Variant.LEAKY).findFirst().orElseThrow();
        var fixed = run.cells().stream().filter(c -> c.variant() == Variant.FIXED).findFirst().orElseThrow();
        // the bound holds: never more than its 4 workers above the baseline
        assertThat(fixed.threads().peak() - fixed.threads().baseline()).isLessThanOrEqualTo(4);
        // 400/s against 4 workers of 20 ms (200/s at best): the rest is rejected, and counted
        assertThat(fixed.flood().rejected()).isGreaterThan(100);
        assertThat(leaky.flood().rejected()).isZero();
        // one call in ten hangs forever in the unbounded variant: ~40 threads/s pile up
        assertThat(leaky.verdict()).isEqualTo(Verdict.LEAKING);
        assertThat(leaky.threads().slopePerSec().slope()).isBetween(20.0, 60.0);
        for (var c : run.cells()) {
            assertThat(out.resolve(c.artifacts().get("hlog"))).isRegularFile();
            assertThat(c.flood().latencyMs().count()).isPositive();
            assertThat(c.flood().latencyMs().p50()).isGreaterThanOrEqualTo(20.0); // at least the service time
            assertThat(c.flood().queueWaitMs().count()).isPositive();
        }
        SchemaAccess.assertValid(out.resolve("run.json"));
    }

    @Test
    void withTheRecordingOffTheFloodStillMeasuresThroughputAndLatencyAndSaysWhatIsMissing(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        String printed = run("stress", "--scenarios", "unbounded-fan-out", "--kinds", "virtual", "--variants", "fixed",
                "--rates", "200", "--warmup", "0s", "--load", "1500ms", "--idle", "300ms", "--heap", "256m",
                "--service-time", "10ms", "--recording", "off", "--out", out.toString());
        assertThat(printed).contains("recording: OFF");
        RunResult run = RunJson.read(out);
        assertThat(run.config()).containsEntry("recording", "off");
        assertThat(run.environment().childJvmFlags()).noneMatch(f -> f.contains("FlightRecord"));
        var cell = run.cells().getFirst();
        assertThat(cell.outcome()).as(cell.outcomeDetail()).isEqualTo(Outcome.COMPLETED);
        assertThat(cell.recording()).isEqualTo("OFF");
        assertThat(out.resolve("cells").resolve(cell.id()).resolve("cell.jfr")).doesNotExist();
        assertThat(cell.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(cell.verdictReason()).contains("recording off", "only the flood's throughput and latency");
        assertThat(cell.threads()).isNull();
        assertThat(cell.memory()).isNull();
        // 200/s for 1.5 s, 10 ms calls on 16 permits: nearly all complete, measured without JFR
        assertThat(cell.offeredPerSec()).isBetween(150.0, 210.0);
        assertThat(cell.flood().submitted()).isBetween(250L, 300L);
        assertThat(cell.flood().throughputPerSec()).isBetween(100.0, 210.0);
        assertThat(cell.flood().latencyMs().count()).isPositive();
        assertThat(cell.flood().latencyMs().p50()).isGreaterThanOrEqualTo(10.0);
        SchemaAccess.assertValid(out.resolve("run.json"));
        // against the same cell with the recording on: compare says which side had none, and does not
        // count its missing verdict as a change
        Path on = tmp.resolve("on");
        run("stress", "--scenarios", "unbounded-fan-out", "--kinds", "virtual", "--variants", "fixed",
                "--rates", "200", "--warmup", "0s", "--load", "1500ms", "--idle", "300ms", "--heap", "256m",
                "--service-time", "10ms", "--out", on.toString());
        assertThat(RunJson.read(on).cells().getFirst().verdict()).isEqualTo(Verdict.HEALTHY);
        var cmp = new StringWriter();
        Main.execute(new String[] {"compare", on.toString(), out.toString()}, new PrintWriter(cmp, true),
                new PrintWriter(new StringWriter(), true));
        assertThat(cmp.toString()).contains("new: run with --recording off", "flood.throughputPerSec")
                .doesNotContain("Verdict changes");
    }

    @Test
    void aRecordingSettingOtherThanOnOrOffIsRefused(@TempDir Path tmp) {
        var err = new StringWriter();
        int code = Main.execute(args(tmp.resolve("run"), "--recording", "maybe"), new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--recording takes on or off").doesNotContain("\tat ");
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void aFloodThatReachesTheThreadCapIsCappedNotCrashed(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        run("stress", "--scenarios", "unbounded-fan-out", "--kinds", "platform", "--variants", "leaky", "--rates", "150",
                "--hang-fraction", "1", "--thread-cap", "200", "--warmup", "0s", "--load", "3s", "--idle", "500ms",
                "--heap", "256m", "--out", out.toString());
        var cell = RunJson.read(out).cells().getFirst();
        assertThat(cell.outcome()).as(cell.outcomeDetail()).isEqualTo(Outcome.CAPPED);
        assertThat(cell.outcomeDetail()).contains("cap 200");
        // the cap counts every platform thread of the JVM, so the application's stay just below it
        assertThat(cell.threads().peak()).isBetween(150, 200);
        assertThat(cell.verdict()).as(cell.verdictReason()).isEqualTo(Verdict.LEAKING);
    }

    @Test
    void aRequestAboveTheHostsSafeThreadCapIsRefused(@TempDir Path tmp) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.execute(args(tmp.resolve("run"), "--thread-cap", "10000000"), new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("above the safe cap", "--unsafe").doesNotContain("\tat ");
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void anExistingRunFolderIsNotOverwritten(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("keep.txt"), "mine");
        var err = new StringWriter();
        int code = Main.execute(args(tmp), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("already exists");
    }
}

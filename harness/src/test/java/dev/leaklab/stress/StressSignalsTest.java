package dev.leaklab.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.leaklab.cli.ChildJvm;
import dev.leaklab.result.Outcome;
import dev.leaklab.input.RunJson;

/**
 * A signal to the stress parent alone (not its process group, as {@code kill PID} sends it), while
 * a cell is under load and while a cell hangs: no JVM is left behind, and run.json is valid and
 * says the run is not complete. SIGKILL runs no code in the parent: there the child notices.
 */
class StressSignalsTest {

    static final Duration NO_JVM_LEFT = Duration.ofSeconds(5);

    @ParameterizedTest(name = "{0} to the parent {1}")
    @CsvSource({"INT, at load", "TERM, at load", "INT, during a hung cell", "TERM, during a hung cell", "KILL, at load"})
    void aSignalToTheParentAloneLeavesNoJvmBehind(String signal, String when, @TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        boolean hung = when.contains("hung");
        var args = new ArrayList<>(List.of("stress", "--scenarios", "send-without-receiver", "--kinds", "virtual",
                "--variants", "leaky", "--warmup", "0s", "--idle", "500ms", "--heap", "128m", "--out", out.toString()));
        args.addAll(hung ? List.of("--load", "1s", "--inject-hang-after-load", "--deadline-allowance", "60s")
                : List.of("--load", "60s"));
        try (var parent = ChildJvm.leaklab(List.of(), args.toArray(String[]::new))) {
            assumeFalse(signal.equals("INT") && ignores(parent.pid(), 2),
                    "this test runner starts processes with SIGINT ignored (a background job), so the JVM takes no Ctrl-C");
            parent.awaitLine("\\[1/1 ", Duration.ofSeconds(60));
            var children = awaitChild(parent.pid());
            // into the load phase (or past it, into the hang): the recording has data
            Thread.sleep(hung ? 2500 : 1500);
            assertThat(children).allMatch(ProcessHandle::isAlive);

            new ProcessBuilder("kill", "-" + signal, Long.toString(parent.pid())).inheritIO().start().waitFor();

            long deadline = System.nanoTime() + NO_JVM_LEFT.toNanos();
            var everyone = new ArrayList<>(children);
            ProcessHandle.of(parent.pid()).ifPresent(everyone::add);
            while (everyone.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(everyone).as("JVMs alive %s after SIGINT; parent output:%n%s", NO_JVM_LEFT, parent.output())
                    .noneMatch(ProcessHandle::isAlive);

            var run = RunJson.read(out);
            assertThat(run.complete()).isFalse();
            SchemaAccess.assertValid(out.resolve("run.json"));
            assertThat(Files.list(out).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
            if (!signal.equals("KILL")) {
                assertThat(parent.output()).contains("leaklab stress: stopping");
                // the cell that was running is there, marked as stopped with the run
                if (!run.cells().isEmpty()) {
                    var cell = run.cells().getFirst();
                    assertThat(cell.outcome()).isEqualTo(Outcome.CRASHED);
                    assertThat(cell.outcomeDetail()).startsWith("stopped with the run");
                }
            } else {
                Path stderr = Files.list(out.resolve("cells")).findFirst().orElseThrow().resolve("stderr.log");
                assertThat(Files.readString(stderr)).contains("the stress parent (pid " + parent.pid() + ") is gone; exiting");
            }
        }
    }

    static List<ProcessHandle> awaitChild(long parentPid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var children = ProcessHandle.of(parentPid).map(p -> p.descendants().toList()).orElse(List.of());
            if (!children.isEmpty()) {
                return children;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the stress parent started no child JVM within 30 s");
    }

    /** Whether the process ignores the signal (SigIgn in /proc/PID/status). */
    static boolean ignores(long pid, int signal) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                return (mask & (1L << (signal - 1))) != 0;
            }
        }
        return false;
    }
}

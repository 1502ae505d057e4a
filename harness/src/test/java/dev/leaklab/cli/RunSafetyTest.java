package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@code leaklab run} protects the host like {@code stress} does: the load stops at a platform
 * thread cap derived from the host's limits, and a JVM that runs out of memory anyway says so in
 * one line and exits with its own code instead of hanging on its leaked threads.
 */
class RunSafetyTest {

    @Test
    void theLoadStopsAtThePlatformThreadCap() throws Exception {
        try (var jvm = ChildJvm.leaklab(List.of(), "run", "executor-never-shutdown", "--kind", "platform",
                "--rate", "2000/s", "--duration", "3s", "--report-every", "1s", "--idle", "0s", "--thread-cap", "120")) {
            assertThat(jvm.exitCode(Duration.ofSeconds(60))).as(jvm.output()).isZero();
            assertThat(jvm.output()).containsPattern("\\[CAP\\] stopped the load after \\d+ operations at 12\\d live platform threads \\(cap 120");
            assertThat(jvm.output()).contains("LEAK: ");
        }
    }

    @Test
    void aCapAboveTheHostsSafeCapIsRefused() {
        var run = Leaklab.run("run", "executor-never-shutdown", "--thread-cap", "2000000000");
        assertThat(run.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err().lines()).singleElement().asString().contains("above the safe cap", "--unsafe");
        assertThat(Leaklab.run("run", "executor-never-shutdown", "--thread-cap", "0").err()).contains("--thread-cap must be positive");
    }

    /** Heap exhausted by leaked virtual threads: one line and exit code 7, not a stack trace and a hang. */
    @Test
    void runningOutOfMemoryEndsTheJvmWithOneLineAndItsOwnCode() throws Exception {
        try (var jvm = ChildJvm.leaklab(List.of("-Xmx32m", "-XX:-HeapDumpOnOutOfMemoryError"), "run", "send-without-receiver",
                "--kind", "virtual", "--rate", "50000/s", "--duration", "60s", "--report-every", "1s")) {
            int code = jvm.exitCode(Duration.ofSeconds(90));
            assertThat(code).as(jvm.output()).isEqualTo(Main.EXIT_OUT_OF_MEMORY);
            assertThat(jvm.output().lines().filter(l -> l.contains("out of memory"))).as("one line, even when many threads run out at once")
                    .singleElement().asString().startsWith("leaklab: out of memory (").contains("exiting with code 7");
            assertThat(jvm.output().lines()).as("no stack trace").noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Exception in thread"));
        }
    }
}

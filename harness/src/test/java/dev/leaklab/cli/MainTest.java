package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.leaklab.junit.CheckThreadLeaks;

@CheckThreadLeaks
class MainTest {

    static Leaklab leaklab(String... args) {
        return Leaklab.run(args);
    }

    @Test
    void listPrintsEveryScenarioOnOneLine() {
        var r = leaklab("list");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).hasSize(9);
        assertThat(r.out()).contains("send-without-receiver", "executor-never-shutdown");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "run nope                                   | valid: send-without-receiver, missing-cancellation",
        "run send-without-receiver --rate 0         | rate must be positive",
        "run send-without-receiver --rate -5/s      | write it as 50/s",
        "run send-without-receiver --rate fast      | write it as 50/s",
        "run send-without-receiver --duration 10    | write it as 500ms, 10s",
        "run send-without-receiver --duration 0s    | --duration must be positive",
        "run send-without-receiver --kind green     | expected one of [PLATFORM, VIRTUAL]",
        "run send-without-receiver --variant maybe  | expected one of [LEAKY, FIXED]",
        "run                                        | Missing required parameter: 'SCENARIO'",
        "frobnicate                                 | Unmatched argument",
    })
    void badInputIsOneLineAndExitCodeTwo(String args, String expected) {
        var r = leaklab(args.trim().split("\\s+"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(expected);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).doesNotContain("\tat ");
    }

    /** The CLI's attach and dump-writer threads are the tool's: a census of this JVM leaves them out. */
    @Test
    void theCommandsMakeTheDumpLayersThreadsToolThreads() {
        assertThat(leaklab("list").code()).isZero();
        var t = dev.leaklab.internal.dump.Targets.daemon(() -> { }, "leaklab-attach-1");
        assertThat(dev.leaklab.census.LiveThreads.isToolThread(t)).isTrue();
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"list", "run"}) {
            var r = leaklab(command, "--help");
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("Usage: leaklab " + command);
        }
    }

    @Test
    void runPrintsTheGoGuidesLines() throws Exception {
        // In a JVM of its own: the counts are the whole JVM's, and in this one a thread another test
        // class left to end by itself could end during the run and make 100 read 99.
        String out;
        try (var child = ChildJvm.leaklab(List.of(), "run", "send-without-receiver", "--variant", "leaky",
                "--kind", "virtual", "--rate", "100/s", "--duration", "1s", "--report-every", "500ms", "--idle", "200ms")) {
            assertThat(child.exitCode(Duration.ofSeconds(60))).as(child.output()).isZero();
            out = child.output();
        }
        // the JDK's I/O pollers are virtual threads of its own: read the baseline first
        var start = java.util.regex.Pattern.compile("\\[START] threads: (\\d+) \\(platform (\\d+), virtual (\\d+)\\)").matcher(out);
        assertThat(start.find()).as(out).isTrue();
        int base = Integer.parseInt(start.group(1));
        int platform = Integer.parseInt(start.group(2));
        int virtual = Integer.parseInt(start.group(3));
        assertThat(out).contains(
                "[AFTER 500ms] threads: " + (base + 50) + " (platform " + platform + ", virtual " + (virtual + 50) + ")",
                "[AFTER 1s] threads: " + (base + 100) + " (platform " + platform + ", virtual " + (virtual + 100) + ")",
                "LEAK: 100 threads above the baseline of " + base);
    }
}

package dev.leaklab.cli;

import static dev.leaklab.cli.MainTest.leaklab;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Help and bad input for the dump tools, without any JVM to look at. */
class ThreadToolsCliTest {

    @ParameterizedTest
    @ValueSource(strings = {"dump", "diff", "leaks", "watch"})
    void everyThreadToolHasHelp(String command) {
        var r = leaklab(command, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: leaklab " + command);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "dump                                                     | Missing required parameter: 'PID|FILE'",
        "dump ../core/src/test/resources/dumps/jdk25-demo.json --debug 3  | --debug must be 1 (grouped by stack) or 2",
        "dump ../core/src/test/resources/dumps/jdk25-demo.json --format x | expected one of [TEXT, JSON]",
        "dump ../core/src/test/resources/dumps/jdk25-demo.json -o /nonexistent/x.txt | no such folder /nonexistent",
        "diff ../core/src/test/resources/dumps/jdk25-demo.json            | Missing required parameter: 'NEW'",
        "leaks                                                    | Missing required parameter: 'RECORDING.jfr|PID'",
        "watch abc                                                | Invalid value for positional parameter at index 0 (PID)",
        "watch 1 --interval 0s                                    | --interval must be at least 1s",
        "watch 1 --interval 1ms                                   | --interval must be at least 1s",
        "watch 1 --interval soon                                  | write it as 500ms, 10s",
    })
    void badInputIsOneLineAndExitCodeTwo(String args, String expected) {
        var r = leaklab(args.trim().split("\\s+"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(expected).doesNotContain("\tat ");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "json"})
    void dumpOfAFileWritesTheGroupsAndDebugTwoEveryThread(String format) {
        var grouped = leaklab("dump", "../core/src/test/resources/dumps/jdk25-demo.json", "--format", format);
        var perThread = leaklab("dump", "../core/src/test/resources/dumps/jdk25-demo.json", "--debug", "2", "--format", format);
        assertThat(grouped.code()).isZero();
        assertThat(perThread.code()).isZero();
        if (format.equals("text")) {
            assertThat(grouped.out()).startsWith("threads: 17 (platform 13, virtual 4) in 13 stack groups");
            assertThat(perThread.out().lines().filter(l -> l.startsWith("#"))).hasSize(17);
            assertThat(perThread.out()).contains("#28 \"\" virtual TIMED_WAITING · container java.util.concurrent.ThreadPerTaskExecutor@38aeaeee");
        } else {
            assertThat(grouped.out()).contains("\"leaklab\" : \"thread-profile\"", "\"total\" : 17");
            assertThat(perThread.out()).contains("\"leaklab\" : \"thread-list\"", "\"total\" : 17");
        }
    }
}

package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a newcomer meets first: -V, "did you mean", and help text that can be copied as it is. */
class HelpTest {

    static Leaklab leaklab(String... args) {
        return Leaklab.run(args);
    }

    /** picocli's -V on a sub-command has no provider of its own: it printed nothing. */
    @ParameterizedTest
    @CsvSource({"-V", "--version", "list -V", "leaks --version", "watch -V"})
    void everyCommandNamesItsVersion(String args) {
        var r = leaklab(args.split(" "));
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("leaklab ").contains(" on Java " + Runtime.version());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lsit             | Unmatched argument at index 0: 'lsit'; did you mean 'list'?",
        "list --lnog      | Unknown option: '--lnog'; did you mean '--long'?",
        "stres            | did you mean 'stress'?",
    })
    void aTypoGetsDidYouMeanOnTheSameLine(String args, String expected) {
        var r = leaklab(args.trim().split("\\s+"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).contains(expected);
    }

    /** A description line that starts with two spaces is a command to copy: the help keeps it on one line. */
    @Test
    void helpKeepsEveryCommandToCopyOnOneLine() {
        var main = new picocli.CommandLine(new Main());
        int checked = 0;
        for (var sub : main.getSubcommands().values()) {
            String name = sub.getCommandName();
            var r = leaklab(name, "--help");
            assertThat(r.code()).isZero();
            var lines = r.out().lines().toList();
            for (String line : sub.getCommandSpec().usageMessage().description()) {
                if (line.startsWith("  ")) {
                    assertThat(lines).as("leaklab %s --help", name).contains(line);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(20);
        assertThat(leaklab("leaks", "--help").out())
                .contains("jdk.VirtualThreadStart#enabled=true,jdk.VirtualThreadEnd#enabled=true ...\n");
    }

}

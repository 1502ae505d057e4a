package dev.leaklab.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.leaklab.cli.Main;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import picocli.CommandLine;

/**
 * Every script under scripts/ and every leaklab command answers {@code --help} with exit code 0
 * and a usage line, starting nothing else. Runs after packaging (failsafe), so that
 * scripts/leaklab finds its jar current and builds nothing.
 */
class ScriptsHelpIT {

    static final Path ROOT = DocsTest.ROOT;

    static Stream<List<String>> helpCommands() throws Exception {
        var commands = new ArrayList<List<String>>();
        try (var scripts = Files.list(ROOT.resolve("scripts"))) {
            scripts.filter(p -> !p.getFileName().toString().endsWith(".sh")).sorted()
                    .forEach(p -> commands.add(List.of("scripts/" + p.getFileName(), "--help")));
        }
        commands.add(List.of("scripts/leaklab", "agent", "--help"));
        commands.add(List.of("scripts/leaklab", "--help"));
        // Every sub-command the command has, as picocli knows them: a new one is checked without a list to keep.
        for (String c : new CommandLine(new Main()).getSubcommands().keySet()) {
            commands.add(List.of("scripts/leaklab", c, "--help"));
        }
        return commands.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("helpCommands")
    void answersHelpWithAUsageLine(List<String> command) throws Exception {
        var cmd = new ArrayList<>(List.of("bash"));
        cmd.addAll(command);
        Path out = Files.createTempFile("help", ".out");
        try {
            Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s ended within a minute", command).isTrue();
            String text = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(text).isZero();
            assertThat(text).as(text).containsIgnoringCase("usage:").doesNotContain("leaklab: building");
        } finally {
            Files.deleteIfExists(out);
        }
    }
}

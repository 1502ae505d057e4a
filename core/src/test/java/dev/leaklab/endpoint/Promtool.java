package dev.leaklab.endpoint;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own checker ({@code promtool}, Debian package {@code prometheus}), when it is on the
 * PATH: it parses an exposition with Prometheus' parser and evaluates alerting rules over test
 * series. Tests that use it are skipped without it; .ci/run installs it.
 */
public final class Promtool {

    private Promtool() {
    }

    public static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "promtool");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Runs promtool with {@code args}, {@code stdin} on its standard input; answers exit code and output. */
    public static Result run(Path promtool, String stdin, String... args) throws Exception {
        var cmd = new ArrayList<>(List.of(promtool.toString()));
        cmd.addAll(List.of(args));
        var process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("promtool " + args[0] + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), out);
        } finally {
            process.destroyForcibly();
        }
    }

    public record Result(int exitCode, String output) {
    }
}

package dev.leaklab.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test class path run in a JVM of its own, on this JVM's java and class path
 * but none of its flags (the tests of what a JVM does without {@code --add-exports}): its stdout and
 * stderr, read side by side so that neither can fill its pipe and hang the child. Shared with
 * other modules' tests through core's test jar (see core/pom.xml).
 *
 * @param out what the child printed on stdout
 * @param err what it printed on stderr
 */
public record ChildJvm(String out, String err) {

    /** Runs {@code main} to its end (at most a minute) and fails unless it exits with 0. */
    public static ChildJvm run(Class<?> main) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        var child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), main.getName()).start();
        try {
            child.getOutputStream().close();
            var err = CompletableFuture.supplyAsync(() -> read(child.getErrorStream()));
            String out = read(child.getInputStream());
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("%s ended within a minute", main.getSimpleName()).isTrue();
            var result = new ChildJvm(out, err.join());
            assertThat(child.exitValue()).as(result.err()).isZero();
            return result;
        } finally {
            child.destroyForcibly();
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

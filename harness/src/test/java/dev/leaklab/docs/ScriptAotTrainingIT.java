package dev.leaklab.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * scripts/leaklab's start-up cache training starts a target JVM in the background (which therefore
 * ignores SIGINT) and idles it for minutes: a Ctrl-C or a kill of the script during the training
 * must end that target too. Runs the script from a copy of the checkout's layout (scripts, the
 * packaged jar, sources older than it) so that it trains a cache of its own and builds nothing.
 */
class ScriptAotTrainingIT {

    static final Path ROOT = DocsTest.ROOT;
    static final List<String> JARS = List.of("leaklab.jar", "leaklab-cell.jar");

    @TempDir
    Path home;

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalDuringTheTrainingEndsItsTargetJvm(String signal) throws Exception {
        Path jar = ROOT.resolve("harness/target/leaklab.jar");
        assertThat(jar).as("packaged before the ITs").exists();
        Files.createDirectories(home.resolve("scripts"));
        for (String script : List.of("leaklab", "jdk.sh")) {
            Files.copy(ROOT.resolve("scripts").resolve(script), home.resolve("scripts").resolve(script));
        }
        var old = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));
        for (String dir : List.of("harness/src/main", "core/src/main")) {
            Files.setLastModifiedTime(Files.createDirectories(home.resolve(dir)), old);
        }
        for (String pom : List.of("pom.xml", "harness/pom.xml", "core/pom.xml")) {
            Files.setLastModifiedTime(Files.writeString(home.resolve(pom), ""), old);
        }
        Files.createDirectories(home.resolve("harness/target"));
        for (String name : JARS) { // leaklab.jar names leaklab-cell.jar, beside it, in its Class-Path
            Files.copy(ROOT.resolve("harness/target").resolve(name), home.resolve("harness/target").resolve(name));
        }

        // env --default-signal: a shell started with SIGINT ignored (any build run in the background of a
        // script without job control) cannot trap it, and a user's terminal never starts one so
        var pb = new ProcessBuilder("env", "--default-signal=INT,TERM", "bash", home.resolve("scripts/leaklab").toString(), "dump", "1")
                .redirectErrorStream(true).redirectOutput(home.resolve("script.out").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("LEAKLAB_AOT");
        Process script = pb.start();
        ProcessHandle target = null;
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (target == null && script.isAlive() && System.nanoTime() < until) {
                target = trainingTarget(script).orElse(null);
                Thread.sleep(50);
            }
            assertThat(target).as("the training's target JVM, started by the script; it said: %s",
                    Files.readString(home.resolve("script.out"))).isNotNull();
            new ProcessBuilder("kill", "-" + signal, Long.toString(script.pid())).start().waitFor();
            assertThat(script.waitFor(60, TimeUnit.SECONDS)).as("the script ends").isTrue();
            assertThat(script.exitValue()).as(Files.readString(home.resolve("script.out"))).isEqualTo(signal.equals("INT") ? 130 : 143);
            target.onExit().get(30, TimeUnit.SECONDS); // a target left behind idles for 5 minutes
            assertThat(target.isAlive()).as("the training's target, after the script went").isFalse();
            try (var left = Files.list(home.resolve("harness/target"))) {
                assertThat(left.map(p -> p.getFileName().toString())).as("no training file is left")
                        .containsExactlyInAnyOrderElementsOf(JARS);
            }
        } finally {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
            if (target != null) {
                target.destroyForcibly(); // when the script left it behind
            }
        }
    }

    private static Optional<ProcessHandle> trainingTarget(Process script) {
        return script.descendants()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("send-without-receiver")).orElse(false))
                .findFirst();
    }
}

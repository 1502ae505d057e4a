package dev.leaklab.origins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ThreadOrigins in a JVM that runs the agent: the bridge to the agent's registry, end to end. */
class ThreadOriginsAgentIT {

    record Out(int exit, String text) {
        String value(String key) {
            return text.lines().filter(l -> l.startsWith(key + " ")).map(l -> l.substring(key.length() + 1))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + key + " in:\n" + text));
        }

        List<String> values(String key) {
            return text.lines().filter(l -> l.startsWith(key + " ")).map(l -> l.substring(key.length() + 1)).toList();
        }
    }

    private static Out run(String agentOptions, List<String> jvmOptions, String... args) throws Exception {
        Path jar = Path.of(System.getProperty("leaklab.agent.jar", "target/leaklab-agent.jar"));
        assertThat(jar).as("the agent jar: build it with 'mvn -pl agent -am verify'").isRegularFile();
        var cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + jar.toAbsolutePath() + "=" + agentOptions));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OriginsDemo.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("origins", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
            return new Out(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void answersWhoStartedEachThreadAndItsScope() throws Exception {
        var out = run("quiet", List.of());

        assertThat(out.exit()).as(out.text()).isZero();
        assertThat(out.value("LOADED")).isEqualTo("true");
        assertThat(out.value("VIRTUAL")).isEqualTo("true true main");
        assertThat(out.value("VORIGIN")).isEqualTo(out.value("VSITE"));
        assertThat(out.value("SCOPE")).isEqualTo("demo-scope");
        assertThat(out.values("LIVE")).first().isEqualTo(out.value("POOLSITE") + " 3");
        // the virtual thread, and the scheduler's first carrier thread, which its start started
        assertThat(out.values("LIVE")).anyMatch(l -> l.startsWith(out.value("VSITE") + " "));
        String[] started = out.value("STARTED").split(" ");
        assertThat(Long.parseLong(started[0])).isGreaterThanOrEqualTo(1);
        assertThat(Long.parseLong(started[1])).isGreaterThanOrEqualTo(3);
    }

    @Test
    void provenLeaksNameTheLeakingLine() throws Exception {
        var out = run("prove,quiet", List.of("-Djdk.trackAllThreads=false"), "prove");

        assertThat(out.exit()).as(out.text()).isZero();
        String leak = out.value("LEAKSITE");
        // leak() is called from the line of LEAKSITE; the site is the start call inside leak()
        assertThat(out.values("PROVEN")).singleElement().asString()
                .startsWith(OriginsDemo.class.getName() + ".leak(OriginsDemo.java:").endsWith(" 50");
        assertThat(leak).startsWith(OriginsDemo.class.getName() + ".main(");
        // the debug endpoint serves the same, pprof's goroutineleak counterpart
        assertThat(out.values("ENDPOINT")).first().asString().startsWith("proven leaks");
        String[] proven = out.value("PROVEN").split(" "); // site count
        assertThat(out.values("ENDPOINT")).anyMatch(l -> l.startsWith("  " + proven[1] + " " + proven[0] + " (first "));
    }
}

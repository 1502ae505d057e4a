package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.drip.Drip;

/**
 * {@code leaklab attach PID} on running JVMs started without any agent, and {@code leaklab leaks PID}
 * on the one that keeps leaking virtual threads ({@link Drip}).
 */
class AttachTest {
    private static final Path DRIP_SOURCE = Path.of("src/test/java/com/example/drip/Drip.java");

    @TempDir
    Path tmp;

    @Test
    void threadsStartedAfterTheAttachAreNamedByTheirCreationLineAndAttachingTwiceIsHarmless() throws Exception {
        int line = ChildJvm.lineOf(DRIP_SOURCE, "class Drip", "LEAK-SITE");
        String site = "com.example.drip.Drip.main(Drip.java:" + line + ")";
        try (var drip = ChildJvm.java(List.of(), Drip.class.getName())) {
            drip.awaitLine("^READY$", Duration.ofSeconds(60));
            String pid = Long.toString(drip.pid());

            var before = Leaklab.run("leaks", pid);
            assertThat(before.code()).isEqualTo(2);
            assertThat(before.err().strip()).as("one line").doesNotContain("\n").contains("runs no leaklab agent");

            var first = Leaklab.run("attach", pid, "endpoint=127.0.0.1:0");
            assertThat(first.code()).as(first.out() + first.err()).isZero();
            assertThat(first.out()).contains("recording thread creators").contains("threads started before now have no creator")
                    .contains("JEP 451")
                    .contains("-XX:+EnableDynamicAgentLoading").containsPattern("debug endpoint on http://127\\.0\\.0\\.1:\\d+/debug/");
            drip.awaitLine("WARNING: A Java agent has been loaded dynamically", Duration.ofSeconds(30));

            // the creation line of the threads it goes on leaking, and their number grows
            int a = awaitCount(pid, site, 5), b = awaitCount(pid, site, a + 5);
            assertThat(b).isGreaterThan(a);

            var again = Leaklab.run("attach", pid, "endpoint=127.0.0.1:0");
            assertThat(again.code()).as(again.out() + again.err()).isZero();
            assertThat(again.out()).contains("already loaded: not hooking twice").contains("debug endpoint on http://127.0.0.1:");
            var twice = Leaklab.run("attach", pid);
            assertThat(twice.code()).isZero();
            assertThat(twice.out()).contains("already loaded: not hooking twice");
            assertThat(awaitCount(pid, site, b + 1)).isGreaterThan(b);
            assertThat(Pattern.compile("leaklab-agent: recording thread creators").matcher(drip.output()).results().count())
                    .as("hooked once; output:\n%s", drip.output()).isEqualTo(1);
            assertThat(Pattern.compile("A Java agent has been loaded dynamically").matcher(drip.output()).results().count())
                    .as("the agent was not loaded again when there was nothing to add").isEqualTo(1);
        }
    }

    @Test
    void attachingToAJvmStartedWithTheAgentAddsTheEndpointWithoutHookingTwice() throws Exception {
        int line = ChildJvm.lineOf(DRIP_SOURCE, "class Drip", "LEAK-SITE");
        Path jar = Path.of(System.getProperty("leaklab.agent.jar", "../agent/target/leaklab-agent.jar")).toAbsolutePath();
        try (var drip = ChildJvm.java(List.of("-javaagent:" + jar + "=quiet"), Drip.class.getName())) {
            drip.awaitLine("^READY$", Duration.ofSeconds(60));
            String pid = Long.toString(drip.pid());
            var r = Leaklab.run("attach", pid, "endpoint=127.0.0.1:0");
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("already loaded in this JVM, hooks in place: not hooking twice")
                    .containsPattern("debug endpoint on http://127\\.0\\.0\\.1:\\d+/debug/").contains("JEP 451");
            drip.awaitLine("WARNING: A Java agent has been loaded dynamically", Duration.ofSeconds(30));
            // started with the agent: every thread the loop started has its creator, those before the attach too
            awaitCount(pid, "com.example.drip.Drip.main(Drip.java:" + line + ")", 5);
        }
    }

    /** The live count at {@code site} in {@code leaks PID}, once it is at least {@code atLeast}. */
    private static int awaitCount(String pid, String site, int atLeast) throws InterruptedException {
        var row = Pattern.compile("(?m)^  (\\d+) " + Pattern.quote(site) + "$");
        String last = "";
        for (int i = 0; i < 300; i++) {
            var r = Leaklab.run("leaks", pid);
            assertThat(r.code()).as(r.err()).isZero();
            last = r.out();
            assertThat(last).startsWith("leaks in pid " + pid + ": ").doesNotContain("dev.leaklab.agent.internal.");
            var m = row.matcher(last);
            if (m.find() && Integer.parseInt(m.group(1)) >= atLeast) return Integer.parseInt(m.group(1));
            Thread.sleep(100);
        }
        throw new AssertionError("no " + atLeast + " threads at " + site + " in:\n" + last);
    }

    @Test
    void aJvmThatAllowsDynamicAgentsGetsNoWordAboutTheWarning() throws Exception {
        try (var drip = ChildJvm.java(List.of("-XX:+EnableDynamicAgentLoading"), Drip.class.getName())) {
            drip.awaitLine("^READY$", Duration.ofSeconds(60));
            var r = Leaklab.run("attach", Long.toString(drip.pid()), "quiet");
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("recording thread creators").doesNotContain("JEP 451");
            assertThat(drip.output()).doesNotContain("loaded dynamically");
        }
    }

    @Test
    void aProcessThatIsNoJvmIsRefusedInOneLineAndLeftAlone() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "120").start();
        try {
            var r = Leaklab.run("attach", Long.toString(sleep.pid()));
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n").contains("pid " + sleep.pid() + " is not a Java process");
            assertThat(sleep.isAlive()).as("no signal sent to it").isTrue();
            var gone = Leaklab.run("attach", "999999999");
            assertThat(gone.code()).isEqualTo(2);
            assertThat(gone.err().strip()).doesNotContain("\n").endsWith("no process with pid 999999999");
        } finally {
            sleep.destroyForcibly().waitFor();
        }
    }

    @Test
    void aJvmOfAnotherJdkMajorIsRefusedInOneLine() throws Exception {
        Path java17 = Path.of(System.getProperty("leaklab.jdk17.java", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"));
        Assumptions.assumeTrue(Files.isExecutable(java17), "no JDK 17 at " + java17 + " (Debian's openjdk-17-jdk-headless)");
        Path source = tmp.resolve("Idle.java");
        Files.writeString(source, """
                public class Idle {
                    public static void main(String[] args) throws Exception {
                        System.out.println("READY");
                        Thread.sleep(120_000);
                    }
                }
                """);
        Process idle = new ProcessBuilder(java17.toString(), source.toString()).redirectErrorStream(true).start();
        try {
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(idle.getInputStream()));
            assertThat(in.readLine()).isEqualTo("READY");
            var r = Leaklab.run("attach", Long.toString(idle.pid()), "endpoint");
            assertThat(r.code()).as(r.out()).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n").contains("runs JDK 17").contains("this leaklab JDK " + Runtime.version().feature());
            assertThat(idle.isAlive()).isTrue();
        } finally {
            idle.destroyForcibly().waitFor();
        }
    }
}

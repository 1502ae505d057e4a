package dev.leaklab.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent on JDK 17 (Debian's, or -Dleaklab.jdk17.java): it records platform threads' creators in
 * the registry and the JFR event, says once that virtual threads need 21, refuses proof mode in one
 * line, and leaves the application's output alone. The child program is compiled for 17 (see the pom).
 */
class Jdk17IT {
    private static final Path JAVA17 = Path.of(System.getProperty("leaklab.jdk17.java", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"));
    private static final String MAIN = "dev.leaklab.agent.jdk17.PlatformLeak";
    private static final String NOTICE = "platform threads only (virtual threads are recorded from JDK 21 on)";

    @TempDir
    Path dir;

    private ChildJvm.Result run(String options, String... more) throws Exception {
        assumeTrue(Files.isExecutable(JAVA17), "no JDK 17 at " + JAVA17 + " (set -Dleaklab.jdk17.java=/path/to/jdk17/bin/java): the agent is not tested on 17");
        var args = new ArrayList<>(List.of(ChildJvm.javaagent(options)));
        args.addAll(List.of(more));
        var r = ChildJvm.run(JAVA17, ChildJvm.home(Jdk17IT.class), args, MAIN);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.value("JAVA")).isEqualTo("17");
        // the application's own output, whole and in order; the agent never writes to stdout
        assertThat(r.out().lines().filter(l -> l.startsWith("APP "))).containsExactly(
                "APP first line of the application", "APP last line of the application");
        assertThat(r.out()).doesNotContain("leaklab-agent");
        return r;
    }

    private static List<String> agentLines(ChildJvm.Result r) {
        return r.err().lines().filter(l -> l.startsWith("leaklab-agent:")).toList();
    }

    @Test
    void recordsThePlatformThreadsCreatorInTheRegistryAndTheJfrEvent() throws Exception {
        Path jfr = dir.resolve("rec17.jfr");
        var r = run("", "-XX:StartFlightRecording:filename=" + jfr, "-Xlog:jfr+startup=off");

        String expect = r.value("EXPECT");
        assertThat(expect).startsWith(MAIN + ".main(PlatformLeak.java:");
        assertThat(r.value("ORIGIN")).as("registry").isEqualTo(expect);
        assertThat(r.value("LIVE")).isEqualTo(expect + " 1");
        assertThat(r.value("ENDED_ORIGIN")).as("an ended thread leaves the registry").isEqualTo("none");
        assertThat(Long.parseLong(r.value("STARTED"))).isGreaterThanOrEqualTo(2);
        assertThat(Long.parseLong(r.value("ENDED"))).isGreaterThanOrEqualTo(1);
        assertThat(r.value("STARTED_VIRTUAL")).isEqualTo("0");
        long tid = Long.parseLong(r.value("TID"));
        assertThat(StartPathsIT.jfrSite(jfr, tid)).as("JFR event").isEqualTo(StartPathsIT.withoutFile(expect));
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (e.getEventType().getName().equals("dev.leaklab.ThreadCreated") && e.getLong("startedThreadId") == tid) {
                assertThat(e.getBoolean("virtual")).isFalse();
                assertThat(e.getString("name")).isEqualTo("leaked-worker");
            }
        }

        var lines = agentLines(r);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("leaklab-agent: recording thread creators (depth=32, stack-rate=1000)");
        assertThat(lines.get(1)).startsWith("leaklab-agent: JDK 17").endsWith(NOTICE);
        assertThat(r.err().lines().filter(l -> l.contains("virtual threads"))).as("the notice, once").hasSize(1);
    }

    @Test
    void javaDashJarPrintsTheOptions() throws Exception {
        assumeTrue(Files.isExecutable(JAVA17), "no JDK 17 at " + JAVA17 + ": the agent is not tested on 17");
        Process p = new ProcessBuilder(JAVA17.toString(), "-jar", ChildJvm.agentJar().toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("-javaagent:/path/to/leaklab-agent.jar", "Runs on JDK 17 and newer");
    }

    @Test
    void quietMeansNoLineAtAll() throws Exception {
        var r = run("quiet");

        assertThat(r.value("ORIGIN")).isEqualTo(r.value("EXPECT"));
        assertThat(agentLines(r)).isEmpty();
    }

    @Test
    void proofModeSaysOnceThatItNeedsVirtualThreadsAndTheRestWorks() throws Exception {
        var r = run("prove,quiet", "-Djdk.trackAllThreads=false");

        assertThat(r.value("ORIGIN")).isEqualTo(r.value("EXPECT"));
        assertThat(agentLines(r)).singleElement().asString()
                .startsWith("leaklab-agent: prove needs virtual threads (JDK 21 or newer; a platform thread is never collected), this is JDK 17")
                .endsWith("; proving nothing");
    }
}

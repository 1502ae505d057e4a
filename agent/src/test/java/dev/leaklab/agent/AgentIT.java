package dev.leaklab.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The agent jar as a user meets it: help, bad options, scopes. */
class AgentIT {
    @Test
    void javaDashJarPrintsTheOptions() throws Exception {
        var cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", ChildJvm.agentJar().toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(out).contains("-javaagent:/path/to/leaklab-agent.jar", "depth=N", "stack-rate=N", "prove", "quiet", "dev.leaklab.ThreadCreated");
    }

    @Test
    void aBadOptionIsOneLineAndTheApplicationStillRuns() throws Exception {
        var r = ChildJvm.run(List.of(ChildJvm.javaagent("proof")), Scopes.class);

        assertThat(r.err().lines().filter(l -> l.startsWith("leaklab-agent:")))
                .containsExactly("leaklab-agent: unknown option 'proof' (known: depth=N, stack-rate=N|all, prove, quiet, endpoint[=HOST:PORT], token=@FILE|env:NAME); the application runs uninstrumented ('java -jar leaklab-agent.jar' lists the options)");
        // Scopes needs the registry: it fails without an installed agent, but the JVM started and ran main.
        assertThat(r.err()).doesNotContain("Error occurred during initialization of VM");
    }

    @Test
    void scopesAreInheritedTransitively() throws Exception {
        var args = new ArrayList<>(List.of(ChildJvm.javaagent("quiet")));
        var r = ChildJvm.run(args, Scopes.class);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.value("MAIN")).isEqualTo("null");
        assertThat(r.value("CHILD")).isEqualTo("test-1");
        assertThat(r.value("GRANDCHILD")).isEqualTo("test-1");
        assertThat(r.value("AFTER")).isEqualTo("null");
    }

    @Test
    void aPoolsWorkersBelongToThePoolsOwnerNotToTheirFirstSubmitter() throws Exception {
        var r = ChildJvm.run(List.of(ChildJvm.javaagent("quiet")), PoolOwners.class);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("leaklab-agent:");
        assertThat(r.value("FIXED")).isEqualTo("owner");
        assertThat(r.value("FORKJOIN")).isEqualTo("owner");
        assertThat(r.value("UNOWNED")).isEqualTo("null");
        assertThat(r.value("OWN")).isEqualTo("submitter");
        assertThat(r.value("PLAIN")).isEqualTo("submitter");
    }

    @Test
    void aRecordingStartedAfterTheFirstThreadsGetsTheEvents() throws Exception {
        var r = ChildJvm.run(List.of(ChildJvm.javaagent("quiet")), LateRecording.class);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("leaklab-agent:");
        assertThat(r.value("EVENTS")).isEqualTo("1");
        assertThat(r.value("FRAME")).isEqualTo("main:23");
    }
}

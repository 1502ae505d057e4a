package dev.leaklab.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ArgLineTest {
    private static final Path JAR = Path.of("/repo/dev/leaklab/leaklab-agent/1.0/leaklab-agent-1.0.jar");
    private static final String OURS = "-javaagent:" + JAR + "=stack-rate=all " + ArgLine.CENSUS_EXPORTS;

    @Test
    void theAgentWithItsOptionsAndTheCensusExport() {
        assertThat(ArgLine.agentArguments(JAR, "stack-rate=all", true)).isEqualTo(OURS);
        assertThat(ArgLine.agentArguments(JAR, " ", false)).isEqualTo("-javaagent:" + JAR);
        assertThat(ArgLine.agentArguments(JAR, null, false)).isEqualTo("-javaagent:" + JAR);
    }

    @Test
    void aJarPathWithASpaceIsQuotedAsOneArgument() {
        Path jar = Path.of("/home/me/it repo/leaklab-agent-1.0.jar");
        assertThat(ArgLine.agentArguments(jar, "quiet", true))
                .isEqualTo("\"-javaagent:/home/me/it repo/leaklab-agent-1.0.jar=quiet\" " + ArgLine.CENSUS_EXPORTS);
    }

    @Test
    void theProjectsOwnArgumentsFollowTheAgent() {
        assertThat(ArgLine.prepend(OURS, JAR, null)).isEqualTo(OURS);
        assertThat(ArgLine.prepend(OURS, JAR, "  ")).isEqualTo(OURS);
        assertThat(ArgLine.prepend(OURS, JAR, "-Dmy.flag=1 -Xmx1g")).isEqualTo(OURS + " -Dmy.flag=1 -Xmx1g");
        assertThat(ArgLine.prepend(OURS, JAR, "\"-Dmy.dir=a b\" -ea")).isEqualTo(OURS + " \"-Dmy.dir=a b\" -ea");
    }

    @Test
    void anEarlierLeaklabAgentIsReplacedNotRepeated() {
        String once = ArgLine.prepend(OURS, JAR, "-Dmy.flag=1");
        assertThat(ArgLine.prepend(OURS, JAR, once)).isEqualTo(once);

        String quiet = ArgLine.agentArguments(JAR, "quiet", true);
        assertThat(ArgLine.prepend(quiet, JAR, once)).isEqualTo(quiet + " -Dmy.flag=1");

        Path spaced = Path.of("/it repo/leaklab-agent-1.0.jar");
        String spacedOurs = ArgLine.agentArguments(spaced, "stack-rate=all", true);
        assertThat(ArgLine.prepend(spacedOurs, spaced, ArgLine.prepend(spacedOurs, spaced, "-ea"))).isEqualTo(spacedOurs + " -ea");
    }

    @Test
    void anotherAgentAndTheUsersOwnExportStay() {
        String other = "-javaagent:/repo/jacoco.jar=destfile=x " + ArgLine.CENSUS_EXPORTS;
        assertThat(ArgLine.prepend(OURS, JAR, other)).isEqualTo(OURS + " " + other);
    }

    @Test
    void aConfiguredArgLineTakesInThePropertyWithEitherForm() {
        assertThat(ArgLine.refersTo("@{argLine} -Xmx1g", "argLine")).isTrue();
        assertThat(ArgLine.refersTo("-Xmx1g ${argLine}", "argLine")).isTrue();
        assertThat(ArgLine.refersTo("-Xmx1g", "argLine")).isFalse();
        assertThat(ArgLine.refersTo("@{argLine}", "leaklabArgs")).isFalse();
    }
}

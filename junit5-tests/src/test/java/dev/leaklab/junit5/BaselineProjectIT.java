package dev.leaklab.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import dev.leaklab.check.ThreadLeakError;

/**
 * The baseline through a real {@code mvn} on JDK 17 (issue 28): a legacy suite records its leaks
 * once ({@code leaklab.threads.baseline.record=true}); on the next run one more test leaks and one
 * known leak is fixed. Only the new leak fails; the three known ones only warn; the fixed entry is
 * reported; the summary under {@code target/leaklab/} lists the sites with counts. No agent: the
 * sites are where the threads' tasks began.
 */
class BaselineProjectIT {

    static final Path WORK = SampleProjectIT.WORK.resolveSibling("baseline-project");

    @Test
    void knownLeaksWarnOnlyTheNewOneFailsAndTheFixedOneIsReported() throws Exception {
        Path java = Path.of(System.getProperty("leaklab.jdk17.java"));
        assumeTrue(Files.isExecutable(java), java + " is missing: .ci/run installs Debian's openjdk-17-jdk-headless");
        Path repository = SampleProjectIT.privateRepository();
        Path project = WORK.resolve("project");
        copyProject(project);
        Path settings = WORK.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <localRepository>%s</localRepository>
                  <profiles><profile><id>user-repository</id>
                    <repositories><repository><id>user-repository</id><url>%s</url>
                      <snapshots><enabled>false</enabled></snapshots></repository></repositories>
                    <pluginRepositories><pluginRepository><id>user-repository</id><url>%s</url>
                      <snapshots><enabled>false</enabled></snapshots></pluginRepository></pluginRepositories>
                  </profile></profiles>
                  <activeProfiles><activeProfile>user-repository</activeProfile></activeProfiles>
                </settings>
                """.formatted(repository, SampleProjectIT.userRepository(), SampleProjectIT.userRepository()));
        Path baseline = project.resolve("src/test/leaklab-baseline.txt");

        // Once: record today's leaks. Nothing fails meanwhile.
        String recording = mvn(java, project, settings, "record.log",
                "-DargLine=-Dleaklab.threads.baseline=" + baseline + " -Dleaklab.threads.baseline.record=true");
        Element recorded = SampleProjectIT.suite(project.resolve("target/surefire-reports/TEST-sample.LegacyTest.xml"));
        assertThat(recorded.getAttribute("tests")).isEqualTo("6");
        assertThat(recorded.getAttribute("failures") + recorded.getAttribute("errors")).as(recording).isEqualTo("00");
        List<String> entries = Files.readAllLines(baseline).stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertThat(entries).as(String.join("\n", entries)).hasSize(4)
                .anySatisfy(e -> assertThat(e).startsWith("sample.LegacyTest.leaksA() | "))
                .anySatisfy(e -> assertThat(e).startsWith("sample.LegacyTest.leaksB() | "))
                .anySatisfy(e -> assertThat(e).startsWith("sample.LegacyTest.leaksC() | "))
                .anySatisfy(e -> assertThat(e).startsWith("sample.LegacyTest.fixedLater() | "));

        // Next run: a new leak, and fixedLater fixed.
        String output = mvn(java, project, settings, "after.log",
                "-DargLine=-Dleaklab.threads.baseline=" + baseline + " -Dlegacy.after=true");
        Element suite = SampleProjectIT.suite(project.resolve("target/surefire-reports/TEST-sample.LegacyTest.xml"));
        assertThat(suite.getAttribute("tests")).isEqualTo("6");
        assertThat(suite.getAttribute("errors")).as(output).isEqualTo("0");
        var failed = new ArrayList<String>();
        var cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            var c = (Element) cases.item(i);
            var failure = c.getElementsByTagName("failure");
            if (failure.getLength() > 0) {
                failed.add(c.getAttribute("name"));
                assertThat(((Element) failure.item(0)).getAttribute("type")).isEqualTo(ThreadLeakError.class.getName());
                assertThat(failure.item(0).getTextContent()).contains("names legacy-new").doesNotContain("legacy-a");
            }
        }
        assertThat(failed).as(output).containsExactly("leaksSomethingNew");

        String text = Files.readString(project.resolve("target/leaklab/thread-leaks.txt"), StandardCharsets.UTF_8);
        assertThat(text).as(text)
                .startsWith("leaklab: 4 of 6 checked tests leaked threads (1 failed, 3 known), from 3 sites")
                // leaksA and leaksB start their threads in one helper: one site, 2 tests, 3 threads
                .containsPattern("KNOWN +2 tests · 3 threads · task began at sample\\.LegacyTest\\.sleepForever")
                .containsPattern("KNOWN +1 test · 1 thread · task began at sample\\.LegacyTest\\.lambda\\$leaksC\\$")
                .containsPattern("FAILED 1 test · 1 thread · task began at sample\\.LegacyTest\\.lambda\\$leaksSomethingNew\\$")
                .contains("1 baseline entry fixed")
                .contains("no longer leaking")
                .contains(entries.stream().filter(e -> e.startsWith("sample.LegacyTest.fixedLater()")).findFirst().orElseThrow());
        assertThat(Files.readString(project.resolve("target/leaklab/thread-leaks.json"))).contains("\"status\" : \"FAILED\"");
        // The few console lines reach the build's output too.
        assertThat(output).contains("leaklab: 4 of 6 checked tests leaked threads (1 failed, 3 known), from 3 sites");
    }

    private static String mvn(Path java, Path project, Path settings, String logName, String argLine) throws Exception {
        Path log = WORK.resolve(logName);
        var command = List.of(Path.of(System.getProperty("leaklab.maven.home"), "bin", "mvn").toString(),
                "-B", "-s", settings.toString(), "-Dstyle.color=never", "-Dmaven.test.failure.ignore=true", argLine, "test");
        var builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", java.getParent().getParent().toString());
        builder.environment().remove("MAVEN_ARGS");
        builder.environment().remove("MAVEN_OPTS"); // scripts/jdk.sh's JDK-25-only flag: Maven on 17 would not start
        Process mvn = builder.start();
        try {
            assertThat(mvn.waitFor(5, TimeUnit.MINUTES)).as("mvn ended within 5 minutes; see " + log).isTrue();
        } finally {
            mvn.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(mvn.exitValue()).as("mvn's exit code; its output:\n" + output).isZero();
        return output;
    }

    private static void copyProject(Path project) throws Exception {
        Path source = Path.of(BaselineProjectIT.class.getResource("/baseline-project/pom.xml.template").toURI()).getParent();
        if (Files.exists(project)) {
            try (Stream<Path> old = Files.walk(project)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path to = project.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else if (!f.getFileName().toString().equals("pom.xml.template")) {
                    Files.copy(f, to);
                }
            }
        }
        String pom = Files.readString(source.resolve("pom.xml.template"))
                .replace("@DEPENDENCIES@", String.join("\n",
                        SampleProjectIT.dependency("org.junit.jupiter", "junit-jupiter", SampleProjectIT.JUPITER),
                        SampleProjectIT.dependency("dev.leaklab", "leaklab-junit", SampleProjectIT.VERSION)))
                .replace("@RESOURCES_PLUGIN@", System.getProperty("leaklab.resources-plugin.version"))
                .replace("@COMPILER_PLUGIN@", System.getProperty("leaklab.compiler-plugin.version"))
                .replace("@SUREFIRE_PLUGIN@", System.getProperty("leaklab.surefire-plugin.version"));
        Files.writeString(project.resolve("pom.xml"), pom);
    }
}

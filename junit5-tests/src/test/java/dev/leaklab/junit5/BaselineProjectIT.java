package dev.leaklab.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        Path java = SampleProjects.jdk17();
        Path project = WORK.resolve("project");
        SampleProjects.copy("baseline-project", project, List.of(
                SampleProjects.dependency("org.junit.jupiter", "junit-jupiter", SampleProjects.JUPITER),
                SampleProjects.dependency("dev.leaklab", "leaklab-junit", SampleProjects.VERSION)), Map.of());
        Path settings = SampleProjects.settings(WORK);
        Path baseline = project.resolve("src/test/leaklab-baseline.txt");

        // Once: record today's leaks. Nothing fails meanwhile.
        String recording = SampleProjects.mvn(java, project, settings, WORK.resolve("record.log"),
                "-DargLine=-Dleaklab.threads.baseline=" + baseline + " -Dleaklab.threads.baseline.record=true");
        Element recorded = SampleProjects.suite(project.resolve("target/surefire-reports/TEST-sample.LegacyTest.xml"));
        assertThat(recorded.getAttribute("tests")).isEqualTo("6");
        assertThat(recorded.getAttribute("failures") + recorded.getAttribute("errors")).as(recording).isEqualTo("00");
        List<String> entries = Files.readAllLines(baseline).stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertThat(entries).as(String.join("\n", entries)).hasSize(4)
                .anySatisfy(e -> assertThat(e).startsWith("sample.LegacyTest.leaksA() | "))
                .anySatisfy(e -> assertThat(e).startsWith("sample.LegacyTest.leaksB() | "))
                .anySatisfy(e -> assertThat(e).startsWith("sample.LegacyTest.leaksC() | "))
                .anySatisfy(e -> assertThat(e).startsWith("sample.LegacyTest.fixedLater() | "));

        // Next run: a new leak, and fixedLater fixed.
        String output = SampleProjects.mvn(java, project, settings, WORK.resolve("after.log"),
                "-DargLine=-Dleaklab.threads.baseline=" + baseline + " -Dlegacy.after=true");
        Element suite = SampleProjects.suite(project.resolve("target/surefire-reports/TEST-sample.LegacyTest.xml"));
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
}

package dev.leaklab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.leaklab.junit.fixtures.LegacySuite;

/** Warn mode for triage: a baseline of known leaks, and the end-of-run summary grouped by site. */
class BaselineTest {

    private static final String SUITE = LegacySuite.class.getName();

    @TempDir
    Path dir;

    @AfterEach
    void release() throws InterruptedException {
        LegacySuite.newLeak = false;
        LegacySuite.cFixed = false;
        Kit.release();
    }

    private Map<String, String> parameters(String... more) {
        var p = new HashMap<String, String>();
        p.put(CheckThreadLeaks.BASELINE_PROPERTY_NAME, dir.resolve("leaklab-baseline.txt").toString());
        p.put(CheckThreadLeaks.SUMMARY_DIR_PROPERTY_NAME, dir.resolve("summary").toString());
        for (int i = 0; i < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        return p;
    }

    private EngineExecutionResults run(Map<String, String> parameters) throws InterruptedException {
        Kit.release();
        return Kit.run(parameters, selectClass(LegacySuite.class));
    }

    private static List<String> failedMethods(EngineExecutionResults results) {
        return results.testEvents().failed().stream()
                .map(e -> ((MethodSource) e.getTestDescriptor().getSource().orElseThrow()).getMethodName()).toList();
    }

    private String summary(String file) throws IOException {
        return Files.readString(dir.resolve("summary").resolve(file), StandardCharsets.UTF_8);
    }

    @Test
    void knownLeaksOnlyWarnANewOneFailsAndAFixedOneIsReported() throws Exception {
        // Record today's leaks once: nothing fails meanwhile, the file lists the three leaking tests.
        var recorded = run(parameters(CheckThreadLeaks.BASELINE_RECORD_PROPERTY_NAME, "true"));
        recorded.testEvents().assertStatistics(s -> s.succeeded(5).failed(0));
        List<String> entries = Files.readAllLines(dir.resolve("leaklab-baseline.txt")).stream()
                .filter(l -> !l.startsWith("#")).toList();
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0)).startsWith(SUITE + ".leaksA() | ");
        assertThat(entries.get(1)).startsWith(SUITE + ".leaksB() | ");
        assertThat(entries.get(2)).startsWith(SUITE + ".leaksC() | ");

        // Someone adds a leak: only that test fails; the three known ones only warn.
        LegacySuite.newLeak = true;
        var withNew = run(parameters());
        assertThat(failedMethods(withNew)).containsExactly("leaksSomethingNew");
        assertThat(Kit.failure(withNew)).contains("names legacy-new").doesNotContain("legacy-a");
        assertThat(Kit.reportEntries(withNew, "leaklab.knownLeak")).hasSize(3)
                .allSatisfy(m -> assertThat(m).startsWith("known in the baseline "));
        String text = summary(RunReport.TEXT);
        assertThat(text).startsWith("leaklab: 4 of 5 checked tests leaked threads (1 failed, 3 known), from 3 sites");
        // leaksA and leaksB start their threads on one helper's line: one site, 2 tests, 3 threads.
        assertThat(text).containsPattern("FAILED 1 test · 1 thread · .*\\n +" + SUITE.replace(".", "\\.")
                        + "\\.leaksSomethingNew\\(\\)")
                .containsPattern("KNOWN +2 tests · 3 threads · ")
                .containsPattern("KNOWN +1 test · 1 thread · ");
        assertThat(summary(RunReport.JSON)).contains("\"status\" : \"FAILED\"").contains("\"threads\" : 3");

        // leaksC is fixed: it is reported so the baseline can shrink; the run passes.
        LegacySuite.newLeak = false;
        LegacySuite.cFixed = true;
        var fixed = run(parameters());
        fixed.testEvents().assertStatistics(s -> s.succeeded(5).failed(0));
        assertThat(summary(RunReport.TEXT)).contains("1 baseline entry fixed")
                .contains("no longer leaking").contains(entries.get(2));
    }

    @Test
    void recordingNeedsAFile() {
        var results = Kit.run(Map.of(CheckThreadLeaks.BASELINE_RECORD_PROPERTY_NAME, "true"), selectClass(LegacySuite.class));
        assertThat(Kit.failures(results.containerEvents())).singleElement().satisfies(m -> assertThat(m)
                .startsWith("ExtensionConfigurationException: configuration parameter leaklab.threads.baseline.record=true:"
                        + " name the file to record in leaklab.threads.baseline"));
    }
}

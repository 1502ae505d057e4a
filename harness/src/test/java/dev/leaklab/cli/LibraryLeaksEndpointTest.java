package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.acme.libs.LibraryLeaks;

/**
 * The debug endpoint's {@code /debug/threads/leaks} names the application's calling lines by the
 * rule {@code leaklab leaks} follows on a recording: the same libraries misused
 * ({@link LibraryLeaks}) in a child JVM run with the agent and its endpoint, read while it lives
 * through {@code leaklab leaks PID}. Apache HttpClient 5's dispatchers and the JDK client's pool
 * threads are started by the library's own threads ({@code httpclient-main-N},
 * {@code HttpClient-N-SelectorManager}): their sites go through those threads to the line that
 * started the client.
 */
class LibraryLeaksEndpointTest {

    private static final Pattern SITE = Pattern.compile("(?m)^  (\\d+) (\\S.*)$");

    @Test
    void theEndpointFollowsCreatorChainsThroughALibrarysOwnThreads() throws Exception {
        var lines = LibraryLeaksTest.callingLines(Path.of("src/test/java/com/acme/libs/LibraryLeaks.java"));
        try (var child = ChildJvm.java(List.of(LeaksWithAgentTest.agent("quiet,endpoint=127.0.0.1:0")),
                LibraryLeaks.class.getName(), "3", "hold")) {
            child.awaitLine("^READY$", Duration.ofSeconds(90));
            var counted = new LinkedHashMap<String, Integer>();
            for (String l : child.output().lines().filter(l -> l.startsWith("LEAK ")).toList()) {
                String[] f = l.split(" ");
                counted.put(f[1], Integer.parseInt(f[2]));
            }
            var r = Leaklab.run("leaks", Long.toString(child.pid()));
            assertThat(r.code()).as(r.err()).isZero();
            String page = r.out();

            // every library's live threads are in sites ending at its calling lines, as many as the child counted
            var sums = new LinkedHashMap<String, Integer>();
            var sites = SITE.matcher(page.substring(page.indexOf("live threads by creation site"))).results().toList();
            for (var m : sites) {
                String lib = library(m.group(2), lines);
                if (lib != null) sums.merge(lib, Integer.parseInt(m.group(1)), Integer::sum);
            }
            for (var e : counted.entrySet()) {
                assertThat(e.getValue()).as("threads of %s alive", e.getKey()).isPositive();
                assertThat(sums.get(e.getKey())).as("%s's threads named at its calling lines in\n%s", e.getKey(), page)
                        .isEqualTo(e.getValue());
            }
            // the largest site is one of the application's lines
            assertThat(library(sites.get(0).group(2), lines)).as(page).isNotNull();
            assertThat(page).containsPattern("  \\d+ org\\.apache\\.hc\\.core5\\.reactor\\.MultiCoreIOReactor\\.start\\(MultiCoreIOReactor\\.java:\\d+\\)"
                            + " \u2190 thread httpclient-main-N \u2190 .*AbstractHttpAsyncClientBase\\.start\\(.*"
                            + Pattern.quote("com.acme.libs.LibraryLeaks.apache(LibraryLeaks.java:"))
                    .contains("thread HttpClient-N-SelectorManager \u2190 com.acme.libs.LibraryLeaks.jdkHttp(LibraryLeaks.java:")
                    .doesNotContain("dev.leaklab.agent.internal", "the JDK's own: leaklab-debug")
                    .contains("started by the JDK for its own work: blamed on nobody");
        }
    }

    private static String library(String site, Map<String, List<String>> lines) {
        for (var e : lines.entrySet()) {
            for (String line : e.getValue()) {
                if (site.endsWith(line)) return e.getKey();
            }
        }
        return null;
    }
}

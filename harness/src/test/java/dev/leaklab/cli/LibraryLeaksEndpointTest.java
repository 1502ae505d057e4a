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

    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    private static final Pattern SITE = Pattern.compile("(?m)^  (\\d+) (\\S.*)$");

    @Test
    void theEndpointFollowsCreatorChainsThroughALibrarysOwnThreads() throws Exception {
        var lines = LibraryLeaksTest.callingLines(Path.of("src/test/java/com/acme/libs/LibraryLeaks.java"));
        try (var child = ChildJvm.java(List.of(LeaksWithAgentTest.agent("quiet,endpoint=127.0.0.1:0")),
                LibraryLeaks.class.getName(), "3", "hold")) {
            child.awaitLine("^READY$", Duration.ofSeconds(90));
            // a library's thread may end by itself (Okio's watchdog when idle): the page is compared with
            // counts taken just before and just after it, equal
            Map<String, Integer> counted = null;
            String page = null;
            for (int attempt = 1; attempt <= 3 && counted == null; attempt++) {
                var before = count(child, 2 * attempt - 1);
                var r = Leaklab.run("leaks", Long.toString(child.pid()));
                assertThat(r.code()).as(r.err()).isZero();
                page = r.out();
                if (before.equals(count(child, 2 * attempt))) counted = before;
            }
            assertThat(counted).as("the libraries' threads kept changing").isNotNull();

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

            // the grouped dump: the JDK client's idle pool workers are headlined by their pool and its creator,
            // in the endpoint's text, and in dump and report of its JSON
            String address = child.awaitLine("debug endpoint on http://([0-9.:]+)/debug/", Duration.ofSeconds(10)).group(1);
            String creator = "created at thread HttpClient-N-SelectorManager \u2190 com.acme.libs.LibraryLeaks.jdkHttp(LibraryLeaks.java:";
            var pool = Pattern.compile("(?m)^\\d+ threads · platform · .* · java\\.util\\.concurrent\\.ThreadPoolExecutor \\(\\d+ instances\\)"
                    + " · in ThreadPoolExecutor\\.getTask\\(.*\\) · " + Pattern.quote(creator));
            try (var http = java.net.http.HttpClient.newHttpClient()) {
                String text = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + address + "/debug/threads")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                assertThat(text).containsPattern(pool);
                Path json = tmp.resolve("grouped.json");
                http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + address + "/debug/threads?format=json")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofFile(json));
                var dump = Leaklab.run("dump", json.toString());
                assertThat(dump.code()).as(dump.err()).isZero();
                assertThat(dump.out()).containsPattern(pool);
                var report = Leaklab.run("report", json.toString(), "-o", tmp.resolve("grouped.html").toString());
                assertThat(report.code()).as(report.err()).isZero();
                assertThat(tmp.resolve("grouped.html")).content().contains(
                        "· created at thread HttpClient-N-SelectorManager \u2190 com.acme.libs.LibraryLeaks.jdkHttp(LibraryLeaks.java:");
            }
        }
    }

    /** The child's counts, asked for the n-th time. */
    private static Map<String, Integer> count(ChildJvm child, int n) throws Exception {
        child.send("count");
        child.awaitLine("^COUNTED " + n + "$", Duration.ofSeconds(30));
        var lines = child.output().lines().toList();
        int end = lines.lastIndexOf("COUNTED " + n);
        var counts = new LinkedHashMap<String, Integer>();
        for (int i = end - 1; i >= 0 && lines.get(i).startsWith("LEAK "); i--) {
            String[] f = lines.get(i).split(" ");
            counts.put(f[1], Integer.parseInt(f[2]));
        }
        return counts;
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

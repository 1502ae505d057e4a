package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.acme.libs.LibraryLeaks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * `leaklab leaks` on real libraries from Maven Central used wrongly (com.acme.libs.LibraryLeaks:
 * java.util.Timer, Jetty's HttpClient, a Netty event loop group, HikariCP on in-memory H2, Apache
 * HttpClient 5's async client, the JDK's HttpClient with its own executor, OkHttp), recorded in a
 * child JVM without the agent and, behind a launcher main class in another package, with it; and a
 * default-package main (Fetcher). Each library's leaked threads, counted by the child JVM itself,
 * must all be attributed to the application's calling lines, the largest group of them growing;
 * the threads a library's own thread started (Apache's dispatchers, the JDK client's pool threads)
 * through the chain of creating threads.
 */
class LibraryLeaksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Child(Map<String, Integer> leaks, Path recording) {
    }

    private Child record(String name, List<String> jvmOptions, String... mainAndArgs) throws Exception {
        Path recording = tmp.resolve(name + ".jfr");
        var cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-XX:StartFlightRecording:filename=" + recording, "-Xlog:jfr+startup=off", "-Xmx256m",
                "-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(mainAndArgs));
        Path out = tmp.resolve(name + ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the child ended").isTrue();
        String text = Files.readString(out);
        assertThat(p.exitValue()).as(text).isZero();
        var leaks = new LinkedHashMap<String, Integer>();
        text.lines().filter(l -> l.startsWith("LEAK ")).forEach(l -> {
            String[] f = l.split(" ");
            leaks.put(f[1], Integer.parseInt(f[2]));
        });
        return new Child(leaks, recording);
    }

    /** For each library, its calling lines as a frame ends: {@code (LibraryLeaks.java:103)}. */
    static Map<String, List<String>> callingLines(Path source) throws IOException {
        var lines = new LinkedHashMap<String, List<String>>();
        var all = Files.readAllLines(source);
        String file = source.getFileName().toString();
        var marker = java.util.regex.Pattern.compile("// leak: ([a-z-]+)$");
        for (int i = 0; i < all.size(); i++) {
            var m = marker.matcher(all.get(i));
            if (m.find()) {
                lines.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add("(" + file + ":" + (i + 1) + ")");
            }
        }
        return lines;
    }

    private static JsonNode leaks(Path recording, String... more) throws IOException {
        var args = new ArrayList<>(List.of("leaks", recording.toString(), "--format", "json"));
        args.addAll(List.of(more));
        var r = Leaklab.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private static String library(JsonNode group, Map<String, List<String>> lines) {
        String site = group.get("site").asText();
        for (var e : lines.entrySet()) {
            for (String line : e.getValue()) {
                if (site.endsWith(line)) return e.getKey();
            }
        }
        return null;
    }

    /**
     * Every library's threads are in groups ending at its calling lines, as many as the child counted;
     * the largest of them is growing and names the application; nothing else grows.
     */
    private static void eachLibraryNamesItsCallingLine(JsonNode report, Child child, Map<String, List<String>> lines) {
        assertThat(child.leaks().keySet()).containsExactlyElementsOf(lines.keySet());
        var sums = new LinkedHashMap<String, Integer>();
        var largest = new LinkedHashMap<String, JsonNode>();
        for (JsonNode g : report.get("groups")) {
            String lib = library(g, lines);
            if (g.get("trend").asText().equals("GROWING")) {
                assertThat(lib).as("a growing group that is none of the libraries' calls: %s", g).isNotNull();
            }
            if (lib != null) {
                sums.merge(lib, g.get("count").asInt(), Integer::sum);
                largest.merge(lib, g, (a, b) -> a.get("count").asInt() >= b.get("count").asInt() ? a : b);
            }
        }
        for (var e : child.leaks().entrySet()) {
            assertThat(e.getValue()).as("threads of %s alive at the end", e.getKey()).isGreaterThan(0);
            assertThat(sums.get(e.getKey())).as("%s: threads attributed to its calling lines in %s", e.getKey(),
                    report.toPrettyString()).isEqualTo(e.getValue());
            JsonNode top = largest.get(e.getKey());
            assertThat(top.get("trend").asText()).as(top.toString()).isEqualTo("GROWING");
            assertThat(top.get("applicationFrame").asBoolean()).isTrue();
            assertThat(top.get("ratePerSecond").asDouble()).isPositive();
        }
        assertThat(library(report.get("groups").get(0), lines)).as("the top group").isNotNull();
    }

    private static JsonNode groupOf(JsonNode report, String lib, Map<String, List<String>> lines, String contains) {
        for (JsonNode g : report.get("groups")) {
            if (lib.equals(library(g, lines)) && g.get("site").asText().contains(contains)) return g;
        }
        throw new AssertionError("no group of " + lib + " with '" + contains + "' in " + report.toPrettyString());
    }

    @Test
    void withoutTheAgentEveryLibraryNamesTheCallingLineThroughTheCreatingThreads() throws Exception {
        var lines = callingLines(Path.of("src/test/java/com/acme/libs/LibraryLeaks.java"));
        var child = record("plain", List.of(), LibraryLeaks.class.getName());

        JsonNode report = leaks(child.recording());
        dev.leaklab.report.LeaksSchemaTest.assertValid(report);
        eachLibraryNamesItsCallingLine(report, child, lines);
        assertThat(report.get("creatorsRecorded").asBoolean()).isFalse();
        // started by the library's own thread httpclient-main-N, which the application's start() started
        JsonNode dispatch = groupOf(report, "apache", lines, " \u2190 thread httpclient-main-N \u2190 ");
        assertThat(dispatch.get("attribution").asText()).isEqualTo("CREATOR_CHAIN");
        assertThat(dispatch.get("site").asText()).startsWith("org.apache.hc.core5.reactor.MultiCoreIOReactor.start(")
                .contains("AbstractHttpAsyncClientBase.start(");
        // the executor's threads, started by the JDK client's selector thread
        JsonNode pool = groupOf(report, "jdk-http", lines, "thread HttpClient-N-SelectorManager \u2190 ");
        assertThat(pool.get("names").has("pool-N-thread-N")).isTrue();

        // the HTML leak report shows the same chain, frame by frame, the creating thread among them
        Path json = Files.writeString(tmp.resolve("leaks.json"), report.toPrettyString());
        var html = Leaklab.run("report", json.toString(), "-o", tmp.resolve("leaks.html").toString());
        assertThat(html.code()).as(html.err()).isZero();
        assertThat(tmp.resolve("leaks.html")).content().contains("thread httpclient-main-N", "thread HttpClient-N-SelectorManager",
                "com.acme.libs.LibraryLeaks.apache(LibraryLeaks.java:");

        var text = Leaklab.run("leaks", child.recording().toString());
        assertThat(text.out()).contains("growing: threads kept starting until the recording's end",
                "the JDK's own threads, blamed on nobody", "the JDK's own main");

        // --app names the application the same way
        eachLibraryNamesItsCallingLine(leaks(child.recording(), "--app", "com.acme."), child, lines);
    }

    @Test
    void withTheAgentBehindALauncherMainEveryLibraryNamesTheCallingLine() throws Exception {
        var lines = callingLines(Path.of("src/test/java/com/acme/libs/LibraryLeaks.java"));
        var child = record("launched", List.of(LeaksWithAgentTest.agent("quiet")), "org.launch.Launcher",
                LibraryLeaks.class.getName());

        JsonNode report = leaks(child.recording());
        assertThat(report.get("creatorsRecorded").asBoolean()).isTrue();
        assertThat(report.get("app").get(0).asText()).as("the launcher's package").isEqualTo("org.launch.");
        eachLibraryNamesItsCallingLine(report, child, lines);
        assertThat(groupOf(report, "timer", lines, "").get("attribution").asText()).isEqualTo("AGENT_CREATION_SITE");
        assertThat(groupOf(report, "apache", lines, " \u2190 thread httpclient-main-N \u2190 ").get("attribution").asText())
                .isEqualTo("CREATOR_CHAIN");
        eachLibraryNamesItsCallingLine(leaks(child.recording(), "--app", "com.acme."), child, lines);
    }

    @Test
    void aDefaultPackageMainNamesItsOwnLineAndSoDoesApp() throws Exception {
        var lines = callingLines(Path.of("src/test/java/Fetcher.java"));
        var child = record("fetcher", List.of(), "Fetcher");

        for (JsonNode report : List.of(leaks(child.recording()), leaks(child.recording(), "--app", "Fetcher"))) {
            eachLibraryNamesItsCallingLine(report, child, lines);
            // the dispatcher threads' group names Fetcher's line (not the largest group on a loaded
            // machine: OkHttp's TaskRunner may start as many threads as there were calls)
            var sites = new java.util.ArrayList<String>();
            report.get("groups").forEach(g -> sites.add(g.get("site").asText()));
            assertThat(sites).as(report.toPrettyString()).anySatisfy(site -> assertThat(site)
                    .startsWith("okhttp3.internal.connection.RealCall$AsyncCall.executeOn(")
                    .endsWith(" \u2190 Fetcher.fetch" + lines.get("okhttp").get(0)));
        }
    }
}

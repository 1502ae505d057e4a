package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.leaklab.internal.io.Printable;
import dev.leaklab.junit.CheckThreadLeaks;
import dev.leaklab.profile.StackGroups;

/**
 * Input made to hurt: dumps that do not match the format, thread names that drive a terminal, a
 * dump of more distinct stacks than memory allows, a watched JVM that dies. Each gives a correct
 * answer, or one line and exit code 2; none a stack trace or a silently smaller answer.
 */
@CheckThreadLeaks(ignoreNames = "JFR Periodic Tasks") // the JDK's, started by the first recording in the JVM
class HostileInputTest {

    static final Path DEMO = Path.of("../core/src/test/resources/dumps/jdk25-demo.json");
    /** What a terminal acts on: C0 but line breaks and tabs, DEL, C1, bidi overrides. */
    static final String UNSAFE = "[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]";

    @TempDir
    Path tmp;

    Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    static void assertOneLineExitTwo(Leaklab r, String... contains) {
        assertOneLineExitTwo(r, true, contains);
    }

    /** {@code quiet}: nothing on standard output; a per-thread list streams, so it may have begun. */
    static void assertOneLineExitTwo(Leaklab r, boolean quiet, String... contains) {
        assertThat(r.code()).as("exit code; out: %s; err: %s", r.out(), r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).doesNotContain("\tat ", "Exception").contains(contains);
        if (quiet) {
            assertThat(r.out()).isEmpty();
        }
    }

    /** Each a damage that the old reader met by reporting fewer threads, or by skipping it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a number in a stack          | \"Demo.main(Demo.java:11)\"   | 42                              | the stack of thread 3 has a number",
        "an object as a frame         | \"Demo.main(Demo.java:11)\"   | {\"f\": 1}                      | the stack of thread 3 has an object",
        "null as a frame              | \"Demo.main(Demo.java:11)\"   | null                            | the stack of thread 3 has null",
        "an object as a name          | \"name\": \"main\"            | \"name\": {\"x\": \"main\"}     | \"name\" is an object",
        "a number as a state          | \"state\": \"TIMED_WAITING\"  | \"state\": 7                    | \"state\" is a number",
        "a string as virtual          | \"virtual\": true             | \"virtual\": \"yes\"            | \"virtual\" of thread 22 is a string",
        "a string as the stack        | \"stack\": [                  | \"stack\": \"x\", \"s2\": [     | expected \"stack\" to be an array",
        "a number among the threads   | \"threads\": [                | \"threads\": [ 5,               | \"threads\" has a number",
        "a string among containers    | \"threadContainers\": [       | \"threadContainers\": [ \"c\",  | \"threadContainers\" has a string",
        "more threads than counted    | \"threadCount\": \"13\"       | \"threadCount\": \"12\"         | lists 13 threads but its \"threadCount\" is 12",
        "a count that is no count     | \"threadCount\": \"13\"       | \"threadCount\": \"lots\"       | \"threadCount\" is lots",
        "an array as the blocker      | \"parkBlocker\": {            | \"parkBlocker\": [], \"pb\": {  | \"parkBlocker\" is an array",
    })
    void aDumpThatDoesNotMatchTheFormatIsAnError(String what, String from, String to, String message) throws Exception {
        String demo = Files.readString(DEMO);
        assertThat(demo).contains(from);
        Path file = write("damaged.json", demo.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        for (var args : List.of(List.of("dump"), List.of("dump", "--debug", "2"), List.of("dump", "--format", "json"))) {
            var all = new java.util.ArrayList<>(args);
            all.add(file.toString());
            assertOneLineExitTwo(Leaklab.run(all.toArray(String[]::new)), !args.contains("--debug"),
                    "is not a ", "JDK thread dump", message);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "trailing garbage          | xyz                 | is not valid JSON",
        "two dumps concatenated    | DEMO                | goes on after the end of the dump",
        "an empty object after it  | {}                  | goes on after the end of the dump",
        "a closing brace too many  | }                   | is not valid JSON",
        "a number after it         | 1                   | goes on after the end of the dump",
    })
    void dataAfterTheDumpIsAnError(String what, String tail, String message) throws Exception {
        String demo = Files.readString(DEMO);
        Path file = write("tail.json", demo + "\n" + (tail.equals("DEMO") ? demo : tail));
        assertOneLineExitTwo(Leaklab.run("dump", file.toString()), message);
        // whitespace after the dump is fine
        assertThat(Leaklab.run("dump", write("spaces.json", demo + "\n \n\t").toString()).code()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a total one too many     | \"total\" : 17,        | \"total\" : 18,",
        "a group count changed    | \"count\" : 3,         | \"count\" : 4,",
        "a number in a stack      | \"stack\" : [ \"       | \"stack\" : [ 5, \"",
        "a string as a count      | \"count\" : 3,         | \"count\" : \"3\",",
    })
    void aGroupedDumpWhoseNumbersDoNotAddUpIsAnError(String what, String from, String to) throws Exception {
        Path grouped = tmp.resolve("grouped.json");
        assertThat(Leaklab.run("dump", DEMO.toString(), "--format", "json", "-o", grouped.toString()).code()).isZero();
        String json = Files.readString(grouped);
        assertThat(json).contains(from);
        Path damaged = write("damaged.json", json.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        assertOneLineExitTwo(Leaklab.run("diff", damaged.toString(), DEMO.toString()), "is not a well-formed grouped dump");
        assertThat(Leaklab.run("diff", grouped.toString(), DEMO.toString()).code()).isZero();
    }

    /** A minimal JDK 25 dump of the given threads, each {@code [tid, name, frame...]}, written properly escaped. */
    static void writeDump(Writer out, Iterable<List<String>> threads, long count) throws IOException {
        try (var g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("threadDump");
            g.writeStringField("processId", "4242");
            g.writeStringField("time", "2026-12-01T00:00:00Z");
            g.writeStringField("runtimeVersion", "25.0.3+9-LTS");
            g.writeArrayFieldStart("threadContainers");
            g.writeStartObject();
            g.writeStringField("container", "<root>");
            g.writeArrayFieldStart("threads");
            for (var t : threads) {
                g.writeStartObject();
                g.writeStringField("tid", t.get(0));
                g.writeStringField("name", t.get(1));
                g.writeStringField("state", "WAITING");
                g.writeArrayFieldStart("stack");
                for (String f : t.subList(2, t.size())) {
                    g.writeString(f);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("threadCount", Long.toString(count));
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u001b]0;pwned\u0007", "\u001b[2J\u001b[H", "nul\u0000byte", "line\nbreak #1 \"fake\"", "cr\rover",
            "\u009b31m", "bidi\u202eevil", "del\u007f", "tab\tname"})
    void controlCharactersInNamesAndFramesAreEscapedInEveryTextOutput(String evil) throws Exception {
        Path file = tmp.resolve("evil.json");
        try (var w = Files.newBufferedWriter(file)) {
            writeDump(w, List.of(List.of("1", evil, "app.Evil.run(" + evil + ".java:1)"), List.of("2" + evil, "ok", "app.Ok.run(Ok.java:1)")), 2);
        }
        for (var args : List.of(new String[] {"dump", file.toString()}, new String[] {"dump", "--debug", "2", file.toString()},
                new String[] {"diff", file.toString(), file.toString()})) {
            var r = Leaklab.run(args);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).as(String.join(" ", args)).doesNotContainPattern(UNSAFE);
            if (args[0].equals("dump")) {
                assertThat(r.out()).contains(Printable.escape(evil));
            }
            if (evil.contains("\n")) {
                assertThat(r.out()).doesNotContain("\n#1 \"fake\"").doesNotContain("\nbreak");
            }
        }
        // JSON keeps the name exactly; through the terminal filter it is still the same JSON
        var json = Leaklab.run("dump", "--debug", "2", "--format", "json", file.toString()).out();
        var filtered = new java.io.StringWriter();
        try (var w = Printable.filter(filtered)) {
            w.write(json);
        }
        assertThat(filtered.toString()).doesNotContainPattern(UNSAFE);
        for (String text : List.of(json, filtered.toString())) {
            assertThat(new ObjectMapper().readTree(text).get("threads").get(0).get("name").asText()).isEqualTo(evil);
        }
    }

    @Test
    void theTerminalFilterEscapesWhatever() throws Exception {
        var sw = new java.io.StringWriter();
        try (var w = Printable.filter(sw)) {
            w.write("ok\n\ttab \u001b[31mred\u0000 \u202e\r");
        }
        assertThat(sw.toString()).isEqualTo("ok\n\ttab \\e[31mred\\x00 \\u202e\\r");
        assertThat(Printable.escape("a\u009bb\u007f\n")).isEqualTo("a\\u009bb\\u007f\\n");
    }

    /**
     * 150,000 threads, each with a stack of its own: grouped without a cap that is about 5 KB a
     * stack, far beyond a 96 MB heap. With it, the first 10,000 are groups and the rest are
     * counted in one group that says so; every thread is counted.
     */
    @Test
    void aDumpOfMoreDistinctStacksThanMemoryAllowsDegradesAndSaysSo() throws Exception {
        int threads = 150_000;
        Path file = tmp.resolve("distinct.json");
        try (var w = Files.newBufferedWriter(file)) {
            Iterable<List<String>> all = () -> java.util.stream.IntStream.range(0, threads)
                    .mapToObj(i -> List.of(Integer.toString(i), "t-" + i, "app.Distinct.m" + i + "(Distinct.java:" + i + ")",
                            "app.Distinct.run(Distinct.java:1)")).iterator();
            writeDump(w, all, threads);
        }
        try (var jvm = ChildJvm.leaklab(List.of("-Xmx96m", "-XX:-HeapDumpOnOutOfMemoryError"), "dump", file.toString(),
                "--format", "json")) {
            assertThat(jvm.exitCode(Duration.ofSeconds(120))).as(jvm.output()).isZero();
            String out = jvm.output();
            var profile = new ObjectMapper().readTree(out.substring(out.indexOf('{')));
            assertThat(profile.get("total").asInt()).isEqualTo(threads);
            assertThat(profile.get("groups")).hasSize(StackGroups.MAX_GROUPS + 1);
            var overflow = profile.get("groups").get(0);
            assertThat(overflow.get("stack").get(0).asText()).isEqualTo(StackGroups.OVERFLOW_FRAME);
            assertThat(overflow.get("count").asInt()).isEqualTo(threads - StackGroups.MAX_GROUPS);
        }
    }

    @Test
    void watchSaysSoWhenItsTargetDies() throws Exception {
        try (var child = ChildJvm.leaklab(List.of(), "run", "send-without-receiver", "--kind", "virtual", "--duration", "2s",
                "--idle", "0s", "--report-every", "1s")) {
            child.awaitLine("\\[START]", Duration.ofSeconds(60));
            var r = Leaklab.run("watch", Long.toString(child.pid()), "--interval", "1s", "--for", "30s");
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Main.EXIT_TARGET_GONE);
            // One reason, and one exit code: 6, not the worst level's as well.
            assertThat(r.out()).as(r.out()).containsPattern("reading failed, watch ends: \\S.*\\S\n")
                    .contains("the target went away before --for ended: exit code 6\n", "worst level: ");
            assertThat(r.out().split("exit code", -1)).as(r.out()).hasSize(2);
        }
    }

    @Test
    void leaksOnAFolderOrAnEmptyRecordingSaysWhatItIs() throws Exception {
        assertOneLineExitTwo(Leaklab.run("leaks", tmp.toString()), "is a folder");
        Path empty = tmp.resolve("empty.jfr");
        try (var recording = new jdk.jfr.Recording()) {
            recording.start();
            recording.stop();
            recording.dump(empty);
        }
        var r = Leaklab.run("leaks", empty.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("null");
    }

    /** Root dumping a JVM of another user: the target must be able to write into leaklab's temporary folder. */
    @Test
    void rootDumpsAJvmOfAnotherUser() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root")
                && Files.isExecutable(Path.of("/usr/sbin/runuser")), "needs root and runuser");
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Path dir = Files.createDirectories(tmp.resolve("other"));
        Path main = Files.writeString(dir.resolve("Sleep.java"),
                "public class Sleep { public static void main(String[] a) throws Exception { System.out.println(\"up\"); Thread.sleep(60_000); } }");
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        var other = new ProcessBuilder("/usr/sbin/runuser", "-u", "nobody", "--", javaBin.toString(), main.toString())
                .redirectErrorStream(true).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream()))) {
            assertThat(out.readLine()).as("the other user's JVM started").isEqualTo("up");
            long pid = ProcessHandle.of(other.pid()).flatMap(h -> h.descendants().filter(d -> d.info().command()
                    .orElse("").endsWith("java")).findFirst()).map(ProcessHandle::pid).orElse(other.pid());
            var r = Leaklab.run("dump", Long.toString(pid));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("threads: ").contains("Sleep.main(Sleep.java:1)");
        } finally {
            other.descendants().forEach(ProcessHandle::destroyForcibly);
            other.destroyForcibly();
        }
    }
}

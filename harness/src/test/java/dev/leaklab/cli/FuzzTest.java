package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leaklab.junit.CheckThreadLeaks;
import jdk.jfr.Recording;

/**
 * Random damage to real files of every format leaklab reads (a JDK thread dump, a run.json, JMH
 * JSON, a .jfr recording), fed to the commands that read them, in this JVM. Every outcome must be
 * a result (exit 0 and output) or one line and exit code 2: never a stack trace, another exit
 * code, or a hang.
 *
 * <p>Seeded: {@code -Dleaklab.fuzz.replay=N} replays a run, {@code -Dleaklab.fuzz.scale=10} runs ten
 * times as many cases. A failure names the number to replay it with, the case and the mutation.
 */
@CheckThreadLeaks(ignoreNames = "JFR Periodic Tasks") // the JDK's, started by the first recording in the JVM
class FuzzTest {

    static final long SEED = Long.getLong("leaklab.fuzz.replay", 20261201L);
    static final double SCALE = Double.parseDouble(System.getProperty("leaklab.fuzz.scale", "1"));
    static final Duration HANG = Duration.ofSeconds(20);

    static final Path DUMP = Path.of("../core/src/test/resources/dumps/jdk25-demo.json");
    static final Path RUN = Path.of("src/test/resources/compare/runs/quick1.run.json");
    static final Path JMH = Path.of("src/test/resources/compare/jmh/threadstartjoin-base.json");
    static final Path LEAKS = Path.of("src/test/resources/dev/leaklab/report/threads/leaks-proven.json");

    @TempDir
    static Path tmp;

    /** One damage: what it did, for the failure message, and the damaged bytes. */
    record Mutant(String how, byte[] bytes) {
    }

    // possessive: a huge string value must not overflow the stack of the mutator itself
    static final Pattern VALUE = Pattern.compile("\"(?:[^\"\\\\]++|\\\\.)*+\"|-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?|true|false|null");
    static final Pattern FIELD = Pattern.compile("\"(?:[^\"\\\\]++|\\\\.)*+\"\\s*:\\s*(?:\"(?:[^\"\\\\]++|\\\\.)*+\"|-?[\\d.eE+-]+|true|false|null)\\s*,?");
    static final List<String> SWAPS = List.of("0", "-1", "2147483648", "1e308", "-0.0", "NaN", "\"NaN\"", "\"\"", "null", "true",
            "[]", "{}", "\"x\"", "[1,2]", "{\"a\":1}", "\"\\u001b]0;x\\u0007\"", "\"../../x\"", "9".repeat(40),
            // names that could forge a line, open an HTML comment, end a script block or break a JS string (the file is
            // mutated byte for byte as ISO-8859-1, so U+2028 is written as its UTF-8 bytes)
            "\"send-without-receiver\\nFORGED: every cell HEALTHY\"", "\"Demo<!--x\"", "\"</script><b>x\"", "\"]]>\"",
            "\"a\u00e2\u0080\u00a8b\u00e2\u0080\u00a9c\"", "\"a\\u2028b\""); // U+2028 and U+2029 as UTF-8, raw and escaped

    /**
     * Names put in place of a string (a thread, frame, scenario or benchmark name): each would print
     * a line of its own, or break the HTML of a report, if it were not escaped. Written as the file's
     * bytes (ISO-8859-1 here), so U+2028 is its UTF-8 bytes or a JSON escape.
     */
    static final List<String> NAMES = List.of("\"x\\nFORGED: every cell HEALTHY\"", "\"x\\r\\nFORGED | a | b |\"",
            "\"x\\u2028FORGED\"", "\"x\u00e2\u0080\u00a8FORGED\u00e2\u0080\u00a9\"", "\"a|b\\u0085FORGED\"", "\"Demo<!--x\"",
            "\"a</script><!--b\"", "\"c]]>d\"", "\"<!--\\nFORGED-->\"");
    static final List<String> OTHER_VALUES = List.of("{}", "[]", "null", "0", "\"x\"", "{\"a\": 1}");
    /** A string value (after a colon, in an array), not a key. */
    static final Pattern STRING = Pattern.compile("(?<=[\\[,:]\\s{0,40})\"(?:[^\"\\\\]++|\\\\.)*+\"(?!\\s*:)");
    /** An escaped name never starts a line: a line (ended by a newline only: JSON may hold a raw U+2028 in a string) that starts with FORGED, or a Markdown cell that does, was forged. */
    static final Pattern FORGED = Pattern.compile("(?md)^\\s*(\\|\\s*)?FORGED");

    /** A random damage of {@code original}: byte flips, cuts, deletions, duplications, type swaps, lost fields, huge values. */
    static Mutant mutate(byte[] original, Random r, boolean json) {
        int n = original.length;
        String text = new String(original, StandardCharsets.ISO_8859_1); // byte for byte
        int kind = r.nextInt(json ? 11 : 5);
        switch (kind) {
            case 0 -> {
                byte[] b = original.clone();
                int flips = 1 + r.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    b[r.nextInt(n)] ^= (byte) (1 << r.nextInt(8));
                }
                return new Mutant(flips + " bit flips", b);
            }
            case 1 -> {
                int at = r.nextInt(n);
                return new Mutant("cut at byte " + at, java.util.Arrays.copyOf(original, at));
            }
            case 2 -> {
                int from = r.nextInt(n), len = 1 + r.nextInt(Math.min(200, n - from));
                return new Mutant("deleted " + len + " bytes at " + from, (text.substring(0, from) + text.substring(from + len)).getBytes(StandardCharsets.ISO_8859_1));
            }
            case 3 -> {
                int from = r.nextInt(n), len = 1 + r.nextInt(Math.min(500, n - from)), at = r.nextInt(n);
                String copy = text.substring(from, from + len);
                return new Mutant("copied " + len + " bytes from " + from + " to " + at,
                        (text.substring(0, at) + copy + text.substring(at)).getBytes(StandardCharsets.ISO_8859_1));
            }
            case 4 -> {
                int at = r.nextInt(n);
                byte[] b = original.clone();
                b[at] = (byte) r.nextInt(256);
                return new Mutant("byte " + at + " set at random", b);
            }
            case 5 -> {
                return replaceOne(text, VALUE, r, m -> SWAPS.get(r.nextInt(SWAPS.size())), "value swapped");
            }
            case 6 -> {
                return replaceOne(text, FIELD, r, m -> "", "field deleted");
            }
            case 7 -> {
                return replaceOne(text, FIELD, r, m -> m.group() + (m.group().endsWith(",") ? "" : ",") + m.group(), "field duplicated");
            }
            case 8 -> {
                // the same key again, first, with another value: {"threadDump": {}, "threadDump": {...}}
                return replaceOne(text, FIELD, r, m -> m.group().substring(0, m.group().indexOf(':') + 1) + " "
                        + OTHER_VALUES.get(r.nextInt(OTHER_VALUES.size())) + ", " + m.group(), "key duplicated with another value");
            }
            case 9 -> {
                return replaceOne(text, STRING, r, m -> NAMES.get(r.nextInt(NAMES.size())), "name swapped");
            }
            default -> {
                String huge = r.nextBoolean() ? "\"" + "x".repeat(1 << (16 + r.nextInt(6))) + "\"" : "[".repeat(5000) + "]".repeat(5000);
                return replaceOne(text, VALUE, r, m -> huge, "huge value (" + huge.length() + " chars)");
            }
        }
    }

    static Mutant replaceOne(String text, Pattern p, Random r, Function<Matcher, String> with, String how) {
        var starts = new ArrayList<int[]>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            starts.add(new int[] {m.start(), m.end()});
        }
        if (starts.isEmpty()) {
            return new Mutant("unchanged", text.getBytes(StandardCharsets.ISO_8859_1));
        }
        int[] pick = starts.get(r.nextInt(starts.size()));
        m = p.matcher(text);
        m.find(pick[0]);
        String replacement = with.apply(m);
        String out = text.substring(0, pick[0]) + replacement + text.substring(pick[1]);
        return new Mutant(how + " at " + pick[0] + ": " + abbreviate(m.group()) + " -> " + abbreviate(replacement),
                out.getBytes(StandardCharsets.ISO_8859_1));
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /**
     * Runs {@code cases} mutants of {@code original} through each command line ({@code FILE}
     * stands for the damaged file) and checks every outcome.
     */
    static int fuzz(String format, byte[] original, boolean json, int cases, List<List<String>> commands) throws Exception {
        // one thread per format, ended with it: a hang fails the test instead of stopping the suite
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("fuzz").unstarted(r));
        try {
            return fuzz(runner, format, original, json, cases, commands);
        } finally {
            runner.shutdownNow();
            runner.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    static int fuzz(ExecutorService runner, String format, byte[] original, boolean json, int cases, List<List<String>> commands)
            throws Exception {
        var random = new Random(SEED ^ format.hashCode());
        int results = 0;
        for (int i = 0; i < cases; i++) {
            Mutant mutant = mutate(original, random, json);
            Path file = tmp.resolve(format + "-" + i + (json ? ".json" : ".jfr"));
            Files.write(file, mutant.bytes());
            for (var command : commands) {
                String[] args = command.stream().map(a -> a.equals("FILE") ? file.toString() : a).toArray(String[]::new);
                String where = format + " case " + i + " (replay with -Dleaklab.fuzz.replay=" + SEED + ", " + mutant.how() + ", file " + file + "): leaklab "
                        + String.join(" ", args);
                var future = runner.submit(() -> Leaklab.run(args));
                Leaklab r;
                try {
                    r = future.get(HANG.toSeconds(), TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    fail("hung for " + HANG + ": " + where);
                    return results;
                }
                if (json && (mutant.how().startsWith("field duplicated") || mutant.how().startsWith("key duplicated"))) {
                    // a key twice in one object is bad input, never a silently smaller answer
                    assertThat(r.code()).as("a duplicate key must be refused: %s; stdout:%n%s", where, r.out()).isEqualTo(2);
                }
                if (r.code() == 0) {
                    assertThat(r.out()).as("exit 0 with no output: %s", where).isNotBlank();
                    assertThat(r.err()).as("exit 0 with errors: %s", where).isEmpty();
                    assertThat(r.out()).as("a forged line: %s", where).doesNotContainPattern(FORGED);
                    if (!command.contains("json")) {
                        assertThat(r.out()).as("a raw line or paragraph separator: %s", where).doesNotContain("\u2028", "\u2029", "\u0085", "\r");
                    }
                    if (command.get(0).equals("report")) {
                        assertReportDataIsSafe(Path.of(command.get(command.indexOf("-o") + 1)), where);
                    }
                    results++;
                } else {
                    assertThat(r.code()).as("exit code of %s; stderr:%n%s", where, r.err()).isEqualTo(2);
                    assertThat(r.err().strip().lines()).as("one line: %s", where).hasSize(1);
                    assertThat(r.err()).as("no stack trace: %s", where).doesNotContain("\tat ", ": failed: ");
                }
            }
            Files.delete(file);
        }
        return results;
    }

    static final Pattern DATA = Pattern.compile("<script type=\"application/json\" id=\"[^\"]+\">(.*?)</script>", Pattern.DOTALL);

    /** The page's inline data is JSON that no name can end early or turn into a comment. */
    static void assertReportDataIsSafe(Path out, String where) throws java.io.IOException {
        Path html = out.toString().endsWith(".html") ? out : out.resolve("report.html");
        Matcher m = DATA.matcher(Files.readString(html));
        int blocks = 0;
        while (m.find()) {
            blocks++;
            assertThat(m.group(1)).as("inline data: %s", where).doesNotContain("<!--", "</", "<script", "\u2028", "\u2029");
            STRICT.readTree(m.group(1)); // throws if it is not JSON
        }
        assertThat(blocks).as("inline data blocks: %s", where).isEqualTo(1);
    }

    static final com.fasterxml.jackson.databind.ObjectMapper STRICT = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    static int cases(int n) {
        return (int) Math.max(1, Math.round(n * SCALE));
    }

    @Test
    void threadDumps() throws Exception {
        int ok = fuzz("dump", Files.readAllBytes(DUMP), true, cases(450),
                List.of(List.of("dump", "FILE"), List.of("dump", "--debug", "2", "--format", "json", "FILE")));
        System.out.println("thread dumps: " + cases(450) + " mutants, " + ok + " results read whole (replay with -Dleaklab.fuzz.replay=" + SEED + ")");
        assertThat(ok).as("some mutants are still dumps (whitespace, a renamed thread)").isPositive();
    }

    @Test
    void groupedDumps() throws Exception {
        Path grouped = tmp.resolve("grouped.json");
        assertThat(Leaklab.run("dump", DUMP.toString(), "--format", "json", "-o", grouped.toString()).code()).isZero();
        fuzz("grouped", Files.readAllBytes(grouped), true, cases(200), List.of(List.of("diff", "FILE", DUMP.toString())));
    }

    @Test
    void runs() throws Exception {
        fuzz("run", Files.readAllBytes(RUN), true, cases(90), List.of(List.of("compare", "FILE", RUN.toString())));
    }

    @Test
    void jmhResults() throws Exception {
        fuzz("jmh", Files.readAllBytes(JMH), true, cases(180), List.of(List.of("compare", JMH.toString(), "FILE")));
    }

    /** A few reports too: each draws charts, so a few dozen, not hundreds. */
    @Test
    void reports() throws Exception {
        fuzz("report-run", Files.readAllBytes(RUN), true, cases(2), List.of(List.of("report", "FILE", "-o", tmp.resolve("r").toString())));
        fuzz("report-jmh", Files.readAllBytes(JMH), true, cases(2), List.of(List.of("report", "FILE", "-o", tmp.resolve("j").toString())));
    }

    /** Reports of a thread dump and of a leak report: no charts to draw, so more of them. */
    @Test
    void reportsOfThreads() throws Exception {
        fuzz("report-dump", Files.readAllBytes(DUMP), true, cases(40), List.of(List.of("report", "FILE", "-o", tmp.resolve("d.html").toString())));
        fuzz("report-leaks", Files.readAllBytes(LEAKS), true, cases(20), List.of(List.of("report", "FILE", "-o", tmp.resolve("l.html").toString())));
    }

    @Test
    void recordings() throws Exception {
        Path jfr = tmp.resolve("threads.jfr");
        try (var recording = new Recording()) {
            recording.enable("jdk.ThreadStart").withStackTrace();
            recording.enable("jdk.ThreadEnd");
            recording.enable("jdk.VirtualThreadStart");
            recording.enable("jdk.VirtualThreadEnd");
            recording.start();
            Thread.ofPlatform().name("fuzz-ended").start(() -> { }).join();
            Thread.ofVirtual().name("fuzz-virtual").start(() -> { }).join();
            recording.stop();
            recording.dump(jfr);
        }
        var bytes = new ByteArrayOutputStream();
        bytes.write(Files.readAllBytes(jfr));
        fuzz("jfr", bytes.toByteArray(), false, cases(200), List.of(List.of("leaks", "FILE")));
    }
}

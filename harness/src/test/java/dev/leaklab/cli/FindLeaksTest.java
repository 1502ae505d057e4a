package dev.leaklab.cli;

import static dev.leaklab.cli.MainTest.leaklab;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;


/**
 * The dump tools against child JVMs running the catalog's send-without-receiver, leaky: each
 * operation strands one thread parked in SynchronousQueue.put. The expected stacks, files and lines
 * are read from the scenario's source, so the test follows the code.
 */
class FindLeaksTest {

    static final Path SOURCE = Path.of("src/main/java/dev/leaklab/scenario/SendWithoutReceiver.java");
    static final ObjectMapper JSON = new ObjectMapper();
    static String taskEntry; // where each leaked thread's task begins, and is parked
    static String creationSite; // where the leaky variant calls start()

    @TempDir
    Path tmp;

    @BeforeAll
    static void expectedFrames() throws IOException {
        taskEntry = "dev.leaklab.scenario.SendWithoutReceiver$Leaky.lambda$submit$0(SendWithoutReceiver.java:"
                + ChildJvm.lineOf(SOURCE, "private record Leaky", "ch.put(") + ")";
        creationSite = "dev.leaklab.scenario.SendWithoutReceiver$Leaky.submit(SendWithoutReceiver.java:"
                + ChildJvm.lineOf(SOURCE, "private record Leaky", "}).start();") + ")";
    }

    /** A child offering {@code rate}/s of leaky send-without-receiver work for {@code duration}, then idling. */
    static ChildJvm leaky(String kind, int rate, String duration, String... jvmOptions) throws IOException {
        return ChildJvm.leaklab(List.of(jvmOptions), "run", "send-without-receiver", "--variant", "leaky",
                "--kind", kind, "--rate", rate + "/s", "--duration", duration, "--report-every", "1s", "--idle", "10m");
    }

    static JsonNode json(Leaklab r) throws IOException {
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    static List<String> strings(JsonNode array) {
        var list = new ArrayList<String>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"virtual, 200", "platform, 100"})
    void dumpPutsTheLeakingGroupOnTopWithItsCount(String kind, int leaked) throws Exception {
        try (var child = leaky(kind, leaked, "1s")) {
            child.awaitLine("\\[STOP] load stopped after " + leaked + " operations", Duration.ofSeconds(60));
            // a thread just started may not have reached put() yet: give them a moment to park
            JsonNode top = null;
            for (long end = System.nanoTime() + Duration.ofSeconds(10).toNanos(); System.nanoTime() < end; Thread.sleep(200)) {
                top = json(leaklab("dump", Long.toString(child.pid()), "--format", "json")).get("groups").get(0);
                if (top.get("count").asInt() == leaked) {
                    break;
                }
            }
            assertThat(top.get("count").asInt()).as(top.toString()).isEqualTo(leaked);
            assertThat(top.get(kind).asInt()).isEqualTo(leaked);
            assertThat(strings(top.get("stack"))).contains(taskEntry,
                    "java.base/java.util.concurrent.SynchronousQueue.put(SynchronousQueue.java:266)");
            assertThat(top.get("states").get("WAITING").asInt()).isEqualTo(leaked);

            var text = leaklab("dump", Long.toString(child.pid()));
            assertThat(text.code()).isZero();
            assertThat(text.out().lines().skip(2).findFirst().orElse(""))
                    .startsWith(leaked + " threads · " + kind + " · WAITING · parked on java.util.concurrent.SynchronousQueue$Transferer");

            var perThread = json(leaklab("dump", Long.toString(child.pid()), "--debug", "2", "--format", "json"));
            long parked = 0;
            for (JsonNode t : perThread.get("threads")) {
                parked += strings(t.get("stack")).contains(taskEntry) ? 1 : 0;
            }
            assertThat(parked).isEqualTo(leaked);
            assertThat(perThread.get("total").asInt()).isEqualTo(perThread.get("threads").size());
        }
    }

    @Test
    void diffOfTwoDumpsShowsTheGrowthTheScenarioAdded() throws Exception {
        int rate = 100;
        try (var child = leaky("virtual", rate, "60s")) {
            child.awaitLine("\\[AFTER 1s]", Duration.ofSeconds(60));
            String pid = Long.toString(child.pid());
            Path base = tmp.resolve("base.json"), next = tmp.resolve("next.json");
            assertThat(leaklab("dump", pid, "--format", "json", "-o", base.toString()).code()).isZero();
            Thread.sleep(3000);
            assertThat(leaklab("dump", pid, "--format", "json", "-o", next.toString()).code()).isZero();

            var diff = json(leaklab("diff", base.toString(), next.toString(), "--format", "json"));
            JsonNode leak = diff.get("changes").get(0);
            assertThat(strings(leak.get("group").get("stack"))).contains(taskEntry);
            assertThat(leak.get("mark").asText()).isEqualTo("GREW");
            // what the scenario added between the two dumps: its rate times the time between them,
            // as the dumps themselves recorded it
            double seconds = Duration.between(Instant.parse(diff.get("base").get("source").get("time").asText()),
                    Instant.parse(diff.get("new").get("source").get("time").asText())).toNanos() / 1e9;
            double expected = rate * seconds;
            assertThat((double) leak.get("growth").asInt()).as("growth over %.2fs", seconds)
                    .isBetween(expected * 0.85 - 20, expected * 1.15 + 20);
            assertThat(leak.get("base").asInt() + leak.get("growth").asInt()).isEqualTo(leak.get("new").asInt());

            var text = leaklab("diff", base.toString(), pid); // a live NEW, against the kept grouped file
            assertThat(text.code()).as(text.err()).isZero();
            assertThat(text.out()).containsPattern("(?m)^\\+\\d+ GREW \\(\\d+ → \\d+\\) · \\d+ threads · virtual · WAITING");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"virtual, 200, TASK_ENTRY", "platform, 100, CREATION_SITE"})
    void leaksNamesTheScenariosOwnFileAndLine(String kind, int leaked, String attribution) throws Exception {
        try (var child = leaky(kind, leaked, "1s",
                "-XX:StartFlightRecording:jdk.VirtualThreadStart#enabled=true,jdk.VirtualThreadEnd#enabled=true")) {
            child.awaitLine("\\[STOP] load stopped after " + leaked + " operations", Duration.ofSeconds(60));
            Thread.sleep(300); // let the last threads park
            Path dump = tmp.resolve("threads.json"), recording = tmp.resolve("rec.jfr");
            assertThat(jcmd(child.pid(), "Thread.dump_to_file", "-format=json", dump.toString())).contains("Created");
            assertThat(jcmd(child.pid(), "JFR.dump", "name=1", "filename=" + recording)).contains("Dumped recording");

            var report = json(leaklab("leaks", recording.toString(), "--dump", dump.toString(), "--format", "json"));
            JsonNode top = report.get("groups").get(0);
            assertThat(top.get("count").asInt()).as(report.toString()).isEqualTo(leaked);
            assertThat(top.get("virtual").asBoolean()).isEqualTo(kind.equals("virtual"));
            assertThat(top.get("attribution").asText()).isEqualTo(attribution);
            assertThat(top.get("site").asText()).isEqualTo(kind.equals("virtual") ? taskEntry : creationSite);
            assertThat(top.get("names").get("leaklab-send-without-receiver-N").asInt()).isEqualTo(leaked);
            assertThat(report.get(kind.equals("virtual") ? "leakedVirtual" : "leakedPlatform").asInt()).isGreaterThanOrEqualTo(leaked);

            var text = leaklab("leaks", recording.toString(), "--dump", dump.toString());
            assertThat(text.out()).contains(leaked + " " + kind + " threads · "
                    + (kind.equals("virtual") ? "task entry " + taskEntry : "created at " + creationSite));

            assertThat(text.out()).doesNotContain("were not enabled");
            // A copy without the recording's jdk.ActiveSetting events (as some JFR.dump copies are):
            // the events in it show what was enabled.
            Path copy = tmp.resolve("no-settings.jfr");
            try (var file = new jdk.jfr.consumer.RecordingFile(recording)) {
                file.write(copy, e -> !e.getEventType().getName().equals("jdk.ActiveSetting"));
            }
            assertThat(leaklab("leaks", copy.toString()).out())
                    .doesNotContain(kind.equals("virtual") ? "jdk.VirtualThreadStart/End were not enabled" : "jdk.ThreadStart was not enabled");

            if (kind.equals("virtual")) { // without a dump, JFR alone can only name them
                var byName = json(leaklab("leaks", recording.toString(), "--format", "json")).get("groups").get(0);
                assertThat(byName.get("attribution").asText()).isEqualTo("THREAD_NAME");
                assertThat(byName.get("site").asText()).isEqualTo("leaklab-send-without-receiver-N");
            }
        }
    }

    @ParameterizedTest(name = "{0}/s → {1}")
    @CsvSource({"500, CRITICAL, 4", "50, WARNING, 3"})
    void watchReachesTheGoGuidesLevel(int rate, String level, int exitCode) throws Exception {
        try (var child = leaky("virtual", rate, "60s")) {
            child.awaitLine("\\[START]", Duration.ofSeconds(60));
            var r = leaklab("watch", Long.toString(child.pid()), "--interval", "1s", "--for", "4s");
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(exitCode);
            assertThat(r.out()).contains("worst level: " + level, "growing monotonically",
                    "grew most: ", "at " + taskEntry);
            assertThat(r.out().lines().filter(l -> l.matches("\\s+\\d+\\.\\ds .*"))).hasSize(5);
        }
    }

    @Test
    void aJvmThatCannotBeAttachedIsOneLineAndExitCodeTwo() throws Exception {
        try (var child = ChildJvm.leaklab(List.of("-XX:+DisableAttachMechanism"), "run", "send-without-receiver",
                "--duration", "60s")) {
            child.awaitLine("\\[START]", Duration.ofSeconds(60));
            for (String command : new String[] {"dump", "watch"}) {
                var r = leaklab(command, Long.toString(child.pid()));
                assertThat(r.code()).isEqualTo(2);
                assertThat(r.err().strip().lines()).hasSize(1);
                assertThat(r.err()).contains("cannot attach to pid " + child.pid(), "does not support the attach mechanism");
            }
        }
    }

    @Test
    void noSuchPidIsOneLineAndExitCodeTwo() throws Exception {
        var gone = new ProcessBuilder("true").start();
        gone.waitFor();
        for (String[] args : new String[][] {{"dump", "" + gone.pid()}, {"watch", "" + gone.pid()}, {"diff", "" + gone.pid(), "" + gone.pid()}}) {
            var r = leaklab(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("leaklab " + args[0] + ": no process with pid " + gone.pid());
        }
    }

    @Test
    void badFilesAreOneLineAndExitCodeTwo() throws Exception {
        Path truncated = tmp.resolve("truncated.json");
        byte[] whole = Files.readAllBytes(Path.of("../core/src/test/resources/dumps/jdk25-demo.json"));
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        Path notJfr = tmp.resolve("not.jfr");
        Files.writeString(notJfr, "hello");
        String[][] cases = {
            {"dump", notJfr.toString(), "is neither a JSON thread dump nor a text one"},
            {"dump", "../core/src/test/resources/dumps/jdk17-kill3.log#3", "holds 2 thread dumps, so there is no #3"},
            {"diff", "../core/src/test/resources/dumps/jdk17-kill3.log#0", "../core/src/test/resources/dumps/jdk25-demo.json", "numbered from 1"},
            {"dump", truncated.toString(), "is truncated"},
            {"diff", truncated.toString(), "../core/src/test/resources/dumps/jdk25-demo.json", "is truncated"},
            {"dump", tmp.resolve("missing.json").toString(), "no such file"},
            {"leaks", notJfr.toString(), "is not a readable JFR recording"},
            {"leaks", tmp.resolve("missing.jfr").toString(), "no such file"},
        };
        for (String[] c : cases) {
            var r = leaklab(java.util.Arrays.copyOf(c, c.length - 1));
            assertThat(r.code()).as(String.join(" ", c)).isEqualTo(2);
            assertThat(r.err()).contains(c[c.length - 1]).doesNotContain("\tat ");
            assertThat(r.err().strip().lines()).hasSize(1);
        }
    }

    /** The JDK's own jcmd, as a user would run it. */
    private static String jcmd(long pid, String... command) throws Exception {
        var cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("jcmd ended").isTrue();
        return out;
    }
}

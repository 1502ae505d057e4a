package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.billing.Billing;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * `leaklab leaks` on recordings of a leaky program (com.example.billing.Billing) taken with and
 * without the leaklab agent: unnamed virtual threads running a JDK method reference, threads a
 * library (org.example.vendor) starts on the program's behalf, and proof mode.
 */
class LeaksWithAgentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENTS = "jdk.VirtualThreadStart#enabled=true,jdk.VirtualThreadEnd#enabled=true";

    @TempDir
    Path tmp;

    record Child(String out, Path recording) {
        String value(String key) {
            return out.lines().filter(l -> l.startsWith(key + " ")).map(l -> l.substring(key.length() + 1))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + key + " in:\n" + out));
        }
    }

    private Child billing(List<String> jvmOptions, String... args) throws Exception {
        Path recording = tmp.resolve("rec.jfr");
        var cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-XX:StartFlightRecording:filename=" + recording + "," + EVENTS, "-Xlog:jfr+startup=off",
                "-cp", System.getProperty("java.class.path"), Billing.class.getName()));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(out);
        assertThat(p.exitValue()).as(text).isZero();
        return new Child(text, recording);
    }

    static String agent(String options) {
        Path jar = Path.of(System.getProperty("leaklab.agent.jar", "../agent/target/leaklab-agent.jar")).toAbsolutePath();
        assertThat(jar).as("the agent jar: build it with 'mvn -pl harness -am verify'").isRegularFile();
        return "-javaagent:" + jar + "=" + options;
    }

    private static JsonNode group(JsonNode report, String site) {
        for (JsonNode g : report.get("groups")) {
            if (g.get("site").asText().equals(site)) return g;
        }
        throw new AssertionError("no group at " + site + " in " + report.toPrettyString());
    }

    @Test
    void withTheAgentUnnamedVirtualThreadsAreGroupedByTheirCallingLine() throws Exception {
        var child = billing(List.of(agent("quiet")), "leak");

        var r = Leaklab.run("leaks", child.recording().toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = JSON.readTree(r.out());
        assertThat(report.get("creatorsRecorded").asBoolean()).isTrue();
        assertThat(report.get("app").get(0).asText()).isEqualTo("com.example.");
        JsonNode parked = group(report, child.value("PARKED"));
        assertThat(parked.get("count").asInt()).as("of the 800 leaked").isGreaterThanOrEqualTo(792);
        assertThat(parked.get("virtual").asBoolean()).isTrue();
        assertThat(parked.get("attribution").asText()).isEqualTo("AGENT_CREATION_SITE");
        // a library started these: the chain from its frame down to the application's
        String spawn = "org.example.vendor.Dispatcher.spawn(Dispatcher.java:" + 14 + ")";
        JsonNode viaLibrary = group(report, spawn + " \u2190 ... \u2190 " + child.value("CHARGE"));
        assertThat(viaLibrary.get("count").asInt()).isEqualTo(50);

        var text = Leaklab.run("leaks", child.recording().toString());
        assertThat(text.out()).contains(parked.get("count").asInt() + " virtual threads · created at " + child.value("PARKED"))
                .doesNotContain("hint:");
    }

    @Test
    void withoutTheAgentItSaysHowToGetCreatorsAndNamesThreadsWithNoApplicationFrame() throws Exception {
        Path dump = tmp.resolve("threads.json");
        var child = billing(List.of(), "leak", dump.toString());

        var text = Leaklab.run("leaks", child.recording().toString(), "--dump", dump.toString());
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out().lines().filter(l -> l.contains("hint:"))).singleElement().asString()
                .contains("-javaagent:$(scripts/leaklab agent)");
        // LockSupport::park: in the dump, but no frame outside the JDK; not "not in a dump"
        assertThat(text.out()).contains("850 virtual threads · thread name only \"\"",
                "attribution: in the dump, but no frame of its stack is outside the JDK");
        assertThat(text.out()).doesNotContain("not in a dump taken before the recording ended");
    }

    @Test
    void proofModePutsTheProvenLeaksFirst() throws Exception {
        var child = billing(List.of(agent("prove,quiet"), "-Djdk.trackAllThreads=false"), "prove");

        var text = Leaklab.run("leaks", child.recording().toString());
        assertThat(text.code()).as(text.err()).isZero();
        var lines = text.out().lines().filter(l -> !l.isBlank() && !l.startsWith(" ")).toList();
        assertThat(lines.get(1)).isEqualTo("proven: 300 virtual threads · collected while blocked: could never run again · created at "
                + child.value("LEAK"));
        var json = JSON.readTree(Leaklab.run("leaks", child.recording().toString(), "--format", "json").out());
        assertThat(json.get("proven")).hasSize(1);
        assertThat(json.get("proven").get(0).get("count").asInt()).isEqualTo(300);
    }
}

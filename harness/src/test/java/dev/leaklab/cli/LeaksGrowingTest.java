package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.acme.orders.OrderService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The leak report of a service with steady pools and two leaks (com.acme.orders.OrderService, with
 * the agent in proof mode): exactly the two leaks grow, at the rates the service itself measured;
 * its start-up pools are steady; the JDK's carriers and service threads are nobody's; the proven
 * threads are counted once.
 */
class LeaksGrowingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void onlyTheTwoLeaksGrowAtTheServicesOwnRatesAndProvenThreadsCountOnce() throws Exception {
        Path recording = tmp.resolve("orders.jfr");
        var cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                LeaksWithAgentTest.agent("prove,quiet"), "-Djdk.trackAllThreads=false", "-Xmx256m",
                "-XX:StartFlightRecording:filename=" + recording
                        + ",jdk.VirtualThreadStart#enabled=true,jdk.VirtualThreadEnd#enabled=true",
                "-Xlog:jfr+startup=off", "-cp", System.getProperty("java.class.path"), OrderService.class.getName()));
        Path out = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String printed = Files.readString(out);
        assertThat(p.exitValue()).as(printed).isZero();
        Map<String, String[]> grew = new java.util.HashMap<>();
        printed.lines().filter(l -> l.startsWith("GREW ")).forEach(l -> grew.put(l.split(" ")[1], l.split(" ")));
        var lines = LibraryLeaksTest.callingLines(Path.of("src/test/java/com/acme/orders/OrderService.java"));

        var r = Leaklab.run("leaks", recording.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = JSON.readTree(r.out());
        assertThat(report.get("schemaVersion").asInt()).isEqualTo(2);
        dev.leaklab.report.LeaksSchemaTest.assertValid(report);
        var growing = new ArrayList<JsonNode>();
        var steady = new ArrayList<JsonNode>();
        var jdk = new ArrayList<JsonNode>();
        report.get("groups").forEach(g -> (switch (g.get("trend").asText()) {
            case "GROWING" -> growing;
            case "STEADY" -> steady;
            default -> jdk;
        }).add(g));
        assertThat(growing).as(report.toPrettyString()).hasSize(2);

        JsonNode parked = growing.stream().filter(g -> g.get("virtual").asBoolean()).findFirst().orElseThrow();
        assertThat(parked.get("site").asText()).endsWith(lines.get("virtual").get(0));
        JsonNode pools = growing.stream().filter(g -> !g.get("virtual").asBoolean()).findFirst().orElseThrow();
        assertThat(pools.get("site").asText()).endsWith(lines.get("pool").get(0));
        assertThat(pools.get("count").asInt()).isEqualTo(Integer.parseInt(grew.get("pool")[2]));
        // the same estimate on the service's clock and on the recording's
        for (var g : List.of(parked, pools)) {
            double measured = Double.parseDouble(grew.get(g.get("virtual").asBoolean() ? "virtual" : "pool")[3]);
            assertThat(g.get("ratePerSecond").asDouble()).as(g.toString()).isCloseTo(measured, within(measured * 0.1));
        }

        // each thread once: the proven are not listed again among the never-ended groups
        int proven = 0;
        for (JsonNode pl : report.get("proven")) {
            assertThat(pl.get("site").asText()).endsWith(lines.get("virtual").get(0));
            proven += pl.get("count").asInt();
        }
        assertThat(proven).as("the GC freed the unreachable half").isPositive();
        assertThat(report.get("provenNeverEnded").asInt()).isEqualTo(proven);
        assertThat(parked.get("count").asInt() + proven).isEqualTo(Integer.parseInt(grew.get("virtual")[2]));
        assertThat(report.get("leakedVirtual").asInt()).isEqualTo(Integer.parseInt(grew.get("virtual")[2]));

        // the start-up pools are steady; carriers and the JVM's threads are nobody's
        assertThat(steady).isNotEmpty().allSatisfy(g -> assertThat(g.get("names").has("pool-N-thread-N")).isTrue());
        assertThat(steady.stream().mapToInt(g -> g.get("count").asInt()).sum()).isEqualTo(4);
        assertThat(jdk).extracting(g -> g.get("site").asText()).contains("ForkJoinPool-N-worker-N", "main")
                .doesNotContain(lines.get("virtual").get(0));
        assertThat(jdk).allSatisfy(g -> assertThat(g.get("attribution").asText()).isEqualTo("JDK_INFRASTRUCTURE"));

        var text = Leaklab.run("leaks", recording.toString()).out();
        assertThat(text).contains("(" + proven + " of them proven, listed once, under proven)",
                "growing: " + (parked.get("count").asInt() + pools.get("count").asInt()) + " threads in 2 groups",
                String.format(java.util.Locale.ROOT, "growing: %.1f threads/s", parked.get("ratePerSecond").asDouble()));
    }
}

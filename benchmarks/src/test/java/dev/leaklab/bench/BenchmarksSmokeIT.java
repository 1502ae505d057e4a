package dev.leaklab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaklab.bench.footprint.FootprintProfiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the real benchmarks.jar once, every benchmark on tiny settings (one fork, no warm-up,
 * one 100 ms iteration, the smallest thread counts), and checks JMH's JSON: every benchmark
 * and every parameter combination is there, every score is a positive finite number, and
 * ParkedFootprint carries its footprint metrics. Runs after package (failsafe), as part of
 * {@code mvn verify}. The expected list is written out here on purpose: a benchmark or a
 * parameter value that disappears, or a new one nobody added here, fails the test.
 */
class BenchmarksSmokeIT {

    private static final List<String> KINDS = List.of("platform", "virtual");
    private static final String PACKAGE = "dev.leaklab.bench.";

    /** Smaller thread counts than the classes' own, to keep this test short. */
    private static final List<String> SMOKE_PARAMS = List.of(
            "-p", "platformThreads=100", "-p", "virtualThreads=1000", "-p", "parkedVirtualThreads=0,1000", "-p", "parkedPlatformThreads=0,20",
            "-p", "background=100");

    /** benchmark -> parameter -> the values the smoke run must have run. */
    private static final Map<String, Map<String, List<String>>> EXPECTED = new LinkedHashMap<>();

    static {
        for (String m : List.of("createOnly", "startAndJoinOneThread", "startManyThenJoinMany")) {
            expect("ThreadCreation." + m, Map.of("kind", KINDS));
        }
        expect("ParkedFootprint.parkThreadsAndReadMemory", Map.of("kind", KINDS, "depth", List.of("1", "16", "128"),
                "platformThreads", List.of("100"), "virtualThreads", List.of("1000")));
        expect("Handoff.pingPong", Map.of("kind", KINDS,
                "channel", List.of("SynchronousQueue", "ArrayBlockingQueue", "LinkedTransferQueue", "Exchanger")));
        for (String m : List.of("interruptThenJoin", "futureCancelThenJoin", "shutdownNowThenClose")) {
            expect("CancellationLatency." + m, Map.of("kind", KINDS, "call", List.of("queueTake", "sleep", "lock")));
        }
        expect("CancellationLatency.closeSocketThenJoin", Map.of("kind", KINDS));
        expect("CancellationLatency.interruptVirtualSocketReadThenJoin", Map.of());
        for (String m : List.of("submitOneThenWait", "submitManyThenWaitAll")) {
            expect("SpawnVsPool." + m, Map.of("executor",
                    List.of("platformThreadPerTask", "virtualThreadPerTask", "fixedPool", "forkJoinPool")));
        }
        for (String m : List.of("startAndJoinOneThread", "startManyThenJoinMany")) {
            expect("AgentCost." + m, Map.of("kind", KINDS, "recording", List.of("off", "on"), "jvm", List.of("default")));
        }
        for (String m : List.of("startAndJoinOneVirtualThread", "parkUnpark")) {
            expect("ProofCost." + m, Map.of("jvm", List.of("default")));
        }
        for (String m : List.of("cleanTest", "cleanTestStartingAThread", "startAndJoinOnly")) {
            expect("LeakCheckOverhead." + m, Map.of("background", List.of("100"), "kind", KINDS, "jvm", List.of("default")));
        }
        for (String m : List.of("census", "walkCensus", "dumpThreadsAsJson")) {
            expect("LiveThreadCensus." + m, Map.of("parkedVirtualThreads", List.of("0", "1000"), "parkedPlatformThreads", List.of("0", "20")));
        }
        for (String m : List.of("micrometerScrape", "endpointScrape")) {
            expect("MetricsScrape." + m, Map.of("parkedVirtualThreads", List.of("0", "1000")));
        }
        expect("BinderScrape.scrape", Map.of("binders", List.of("jvm", "jvm+leaklab", "leaklab"),
                "parkedVirtualThreads", List.of("0", "1000")));
    }

    private static void expect(String benchmark, Map<String, List<String>> params) {
        EXPECTED.put(PACKAGE + benchmark, params);
    }

    private static JsonNode results;

    @BeforeAll
    static void runEveryBenchmarkOnce() throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("basedir", "."), "target", "smoke");
        Files.createDirectories(dir);
        Path json = dir.resolve("jmh.json");
        Path log = dir.resolve("jmh.log");
        Files.deleteIfExists(json);
        var command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // JMH refuses to run while another JMH holds /tmp/jmh.lock; a smoke test measures
                // nothing, so it need not wait for a benchmark run on the same host.
                "-Djmh.ignoreLock=true",
                "-jar", Path.of(System.getProperty("basedir", "."), "target", "benchmarks.jar").toString(),
                "-f", "1", "-wi", "0", "-i", "1", "-r", "100ms", "-foe", "true",
                "-prof", FootprintProfiler.NAME, "-rf", "json", "-rff", json.toString()));
        command.addAll(SMOKE_PARAMS);
        command.add(PACKAGE.replace(".", "\\.")); // every benchmark of ours, nothing else
        Process jmh = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!jmh.waitFor(6, TimeUnit.MINUTES)) {
            jmh.destroyForcibly().waitFor();
            fail("JMH did not finish in 6 minutes; see " + log);
        }
        assertThat(jmh.exitValue()).as("JMH's exit code; its output is in " + log).isZero();
        results = new ObjectMapper().readTree(json.toFile());
    }

    @Test
    void everyBenchmarkRanWithEveryParameterCombination() {
        var expected = new TreeSet<String>();
        EXPECTED.forEach((benchmark, params) -> crossProduct(params).forEach(p -> expected.add(benchmark + p)));
        var actual = new TreeSet<String>();
        for (JsonNode r : results) {
            actual.add(r.get("benchmark").asText() + params(r));
        }
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void everyScoreIsAPositiveFiniteNumber() {
        assertThat(results.size()).isPositive();
        for (JsonNode r : results) {
            JsonNode score = r.get("primaryMetric").get("score");
            assertThat(score.isNumber()).as(label(r) + " score " + score).isTrue();
            assertThat(score.asDouble()).as(label(r)).isPositive().isFinite();
        }
    }

    @Test
    void parkedFootprintReportsBytesPerThreadOfHeapRssAndNmt() {
        int seen = 0;
        for (JsonNode r : results) {
            if (!r.get("benchmark").asText().endsWith("ParkedFootprint.parkThreadsAndReadMemory")) {
                continue;
            }
            seen++;
            JsonNode secondary = r.get("secondaryMetrics");
            for (String metric : List.of("footprint.heap", "footprint.rss", "footprint.nmt.thread", "footprint.nmt.stack")) {
                JsonNode m = secondary.get(metric);
                assertThat(m).as(label(r) + " has " + metric).isNotNull();
                assertThat(m.get("scoreUnit").asText()).isEqualTo(FootprintProfiler.UNIT);
                assertThat(m.get("score").isNumber()).as(label(r) + " " + metric + " " + m.get("score")).isTrue();
                assertThat(m.get("score").asDouble()).as(label(r) + " " + metric).isFinite();
            }
            // Every thread is at least a Thread object on the heap; a platform thread also has a stack.
            assertThat(secondary.get("footprint.heap").get("score").asDouble()).as(label(r)).isPositive();
            if (r.get("params").get("kind").asText().equals("platform")) {
                assertThat(secondary.get("footprint.nmt.stack").get("score").asDouble()).as(label(r)).isPositive();
                assertThat(secondary.get("footprint.rss").get("score").asDouble()).as(label(r)).isPositive();
            }
        }
        assertThat(seen).isEqualTo(6);
    }

    private static String label(JsonNode r) {
        return r.get("benchmark").asText() + params(r);
    }

    private static String params(JsonNode r) {
        var sorted = new TreeMap<String, String>();
        JsonNode p = r.get("params");
        if (p != null) {
            p.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asText()));
        }
        return sorted.toString();
    }

    private static List<String> crossProduct(Map<String, List<String>> params) {
        List<TreeMap<String, String>> combos = new ArrayList<>(List.of(new TreeMap<>()));
        params.forEach((name, values) -> {
            List<TreeMap<String, String>> next = new ArrayList<>();
            for (var combo : combos) {
                for (String v : values) {
                    var c = new TreeMap<>(combo);
                    c.put(name, v);
                    next.add(c);
                }
            }
            combos.clear();
            combos.addAll(next);
        });
        return combos.stream().map(TreeMap::toString).toList();
    }
}

package dev.leaklab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The agent's proof mode over the whole catalog, virtual threads: no fixed scenario is ever
 * reported (no false positives), and the provability table of the leaky ones, written to
 * target/provability.md. Each run is a child JVM with -javaagent:leaklab-agent.jar=prove and
 * -Djdk.trackAllThreads=false.
 */
class ProofModeCatalogTest {
    /** Issue 13's acceptance: fixed scenarios at 500/s for 10 s, a GC every second. */
    private static final int FIXED_RATE = 500, FIXED_SECONDS = Integer.getInteger("leaklab.proof.seconds", 10);
    private static final int LEAKY_RATE = 100, LEAKY_SECONDS = 2;

    /** Why a leaky scenario's threads stay reachable, when they do: read from the scenarios' code. */
    private static final Map<String, String> WHY = Map.of(
            "blocking-io-without-timeout", "blocked in a socket read: the I/O poller references the thread",
            "fire-and-forget-analytics", "blocked in a socket read (HTTP client to a hanging peer): the poller references it",
            "connection-handlers", "reader blocked in a socket read: the poller references it (and the writer through it)",
            "missing-cancellation", "never blocks for good: it loops, sleeping on a timer, which references it",
            "rpc-without-timeout", "the RPC thread is blocked in a socket read (the poller references it); the caller waits on its future");

    record Row(String scenario, int left, long proven, String verdict) {
    }

    private static Map<String, Object> run(String scenario, String variant, int rate, int seconds) throws Exception {
        Path jar = Path.of(System.getProperty("leaklab.agent.jar", "../agent/target/leaklab-agent.jar")).toAbsolutePath();
        assertThat(jar).as("the agent jar: build it with 'mvn -pl harness -am verify'").isRegularFile();
        var cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + jar + "=prove,quiet", "-Djdk.trackAllThreads=false", "-Xmx512m",
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ProofRun.class.getName(),
                scenario, variant, String.valueOf(rate), String.valueOf(seconds));
        Path out = Files.createTempFile("proof", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertThat(p.waitFor(seconds + 60L, TimeUnit.SECONDS)).as(scenario + " " + variant + " finished").isTrue();
            String text = Files.readString(out);
            assertThat(p.exitValue()).as(text).isZero();
            var result = new LinkedHashMap<String, Object>();
            var proven = new ArrayList<String>();
            for (String line : text.lines().toList()) {
                if (line.startsWith("LEFT ")) result.put("left", Integer.parseInt(line.substring(5)));
                if (line.startsWith("PROVEN ")) proven.add(line.substring(7));
            }
            assertThat(result).as(text).containsKey("left");
            result.put("proven", proven);
            return result;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static long count(Object proven) {
        long n = 0;
        for (Object line : (List<?>) proven) {
            String s = (String) line;
            n += Long.parseLong(s.substring(s.lastIndexOf(' ') + 1));
        }
        return n;
    }

    @Test
    void fixedScenariosAreNeverReported() throws Exception {
        for (Scenario s : Catalog.all()) {
            var r = run(s.name(), "fixed", FIXED_RATE, FIXED_SECONDS);
            assertThat((List<?>) r.get("proven")).as(s.name() + " fixed, reported as proven leaks").isEmpty();
        }
    }

    @Test
    void provabilityOfTheLeakyScenarios() throws Exception {
        var rows = new ArrayList<Row>();
        for (Scenario s : Catalog.all()) {
            var r = run(s.name(), "leaky", LEAKY_RATE, LEAKY_SECONDS);
            int left = (Integer) r.get("left");
            long proven = count(r.get("proven"));
            assertThat(proven).as(s.name() + ": proven leaks cannot exceed the threads left").isLessThanOrEqualTo(left);
            for (Object line : (List<?>) r.get("proven")) {
                assertThat((String) line).as("a proven leak's site is the scenario's code").startsWith("dev.leaklab.scenario.");
            }
            String verdict = proven == 0 ? "not provable: " + WHY.getOrDefault(s.name(), "its threads stay reachable")
                    : proven >= left * 99L / 100 ? "proven"
                    : "partly proven: " + WHY.getOrDefault(s.name(), "some of its threads stay reachable");
            rows.add(new Row(s.name(), left, proven, verdict));
        }
        var md = new StringBuilder("| scenario (leaky, virtual) | threads left | proven | verdict |\n|---|---:|---:|---|\n");
        for (Row row : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s |%n", row.scenario(), row.left(), row.proven(), row.verdict()));
        }
        Path table = Path.of("target", "provability.md");
        Files.createDirectories(table.getParent());
        Files.writeString(table, md);
        System.out.println(md);
        // What the reasoning predicts: blocked on something only the blocked threads reach is proven
        // (all of them, two GCs after the load stopped); a socket read, a timer, or a reachable object is not.
        assertThat(rows).filteredOn(r -> r.verdict().equals("proven")).extracting(Row::scenario).containsExactlyInAnyOrder(
                "send-without-receiver", "wait-without-cancellation", "unbounded-fan-out", "executor-never-shutdown");
        assertThat(rows).filteredOn(r -> !r.verdict().equals("proven")).extracting(Row::proven).containsOnly(0L);
    }
}

package dev.leaklab.cli;

import static dev.leaklab.cli.MainTest.leaklab;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The thread tools against a JDK 17 service (Debian's java 17 running
 * src/test/resources/jdk17/PoolPerRequest.java) that leaks a thread pool per request: JDK 17 has no
 * JSON dump, so a pid is read through Thread.print, and its text dumps, as files (jstack) or in its
 * log (kill -3 prints them on its stdout), group, diff and watch as JSON dumps do. Skipped, saying
 * so, where that JDK is not installed.
 */
class Jdk17TargetTest {

    static final Path JAVA_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    static final Path SERVICE = Path.of("src/test/resources/jdk17/PoolPerRequest.java").toAbsolutePath();
    static final String WORKER_WAITS = "java.base/java.util.concurrent.ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1062)";
    static final String PARKED = "parked on java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject";
    /** An idle worker's headline: no application frame, no container in a text dump, so the pool's frame. */
    static final String POOL_FRAME = "ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1062)";

    @TempDir
    Path tmp;

    /** The service, its stdout (and so its kill -3 dumps) in a file, told what to serve on stdin. */
    static final class Service implements AutoCloseable {
        final Process process;
        final Path log;
        final Writer commands;

        Service(Path log) throws IOException, InterruptedException {
            assumeThat(Files.isExecutable(JAVA_17)).as("JDK 17 is not installed at " + JAVA_17
                    + " (apt-get install openjdk-17-jdk-headless): the JDK 17 target tests are skipped").isTrue();
            this.log = log;
            this.process = new ProcessBuilder(JAVA_17.toString(), "-Xss256k", "-Xmx64m", SERVICE.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            awaitLine("ready " + process.pid());
        }

        String pid() {
            return Long.toString(process.pid());
        }

        /** Serves {@code n} requests at {@code rate}/s; waits for them when {@code wait}. */
        void requests(int n, int rate, boolean wait) throws IOException, InterruptedException {
            int before = served();
            commands.write("requests " + n + " " + rate + "\n");
            commands.flush();
            if (wait) {
                awaitLine("served " + (before + n));
            }
        }

        int served() throws IOException {
            int served = 0;
            for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("served ")) {
                    served = Integer.parseInt(line.substring(7));
                }
            }
            return served;
        }

        /** Sends SIGQUIT: the JVM prints a thread dump on its stdout, our log, and goes on. */
        void kill3() throws IOException, InterruptedException {
            long dumps = dumps();
            assertThat(new ProcessBuilder("kill", "-3", pid()).start().waitFor()).isZero();
            for (long end = System.nanoTime() + Duration.ofSeconds(20).toNanos(); System.nanoTime() < end; Thread.sleep(50)) {
                var text = Files.readString(log, StandardCharsets.ISO_8859_1);
                // the dump is complete once the heap summary after it is out
                if (dumps() > dumps && text.lastIndexOf("\nHeap\n") > text.lastIndexOf("Full thread dump")) {
                    return;
                }
            }
            throw new AssertionError("no thread dump after kill -3 in " + log);
        }

        long dumps() throws IOException {
            return Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream().filter(l -> l.startsWith("Full thread dump")).count();
        }

        void awaitLine(String line) throws IOException, InterruptedException {
            for (long end = System.nanoTime() + Duration.ofSeconds(60).toNanos(); System.nanoTime() < end; Thread.sleep(50)) {
                if (Files.readAllLines(log, StandardCharsets.ISO_8859_1).contains(line)) {
                    return;
                }
                if (!process.isAlive()) {
                    break;
                }
            }
            throw new AssertionError("the service printed no '" + line + "'; its output:\n" + Files.readString(log, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }


    @Test
    void dumpOfTheLivePidGroupsTheLeakedPoolsFirstAndSaysWhatJdk17CannotShow() throws Exception {
        try (var service = new Service(tmp.resolve("service.log"))) {
            service.requests(40, 200, true);
            var text = leaklab("dump", service.pid());
            assertThat(text.code()).as(text.err()).isZero();
            var lines = text.out().lines().toList();
            assertThat(lines.get(0)).startsWith("threads: ").contains("· pid " + service.pid() + " · JDK 17.");
            assertThat(lines.get(1)).isEqualTo("note: a text thread dump lists platform threads only, without thread"
                    + " containers; JDK 17 has no virtual threads (they came in JDK 21): read through Thread.print");
            assertThat(lines.get(3)).isEqualTo("40 threads · platform · WAITING · " + PARKED + " · " + POOL_FRAME);
            assertThat(lines.get(4)).isEqualTo("    container (none in a text dump) · names pool-N-thread-N");

            var top = FindLeaksTest.json(leaklab("dump", service.pid(), "--format", "json")).get("groups").get(0);
            assertThat(top.get("count").asInt()).isEqualTo(40);
            assertThat(top.get("platform").asInt()).isEqualTo(40);
            assertThat(FindLeaksTest.strings(top.get("stack"))).contains(WORKER_WAITS);

            var perThread = FindLeaksTest.json(leaklab("dump", service.pid(), "--debug", "2", "--format", "json"));
            assertThat(perThread.get("source").get("note").asText()).contains("JDK 17 has no virtual threads");
            long workers = 0;
            for (JsonNode t : perThread.get("threads")) {
                workers += t.get("name").asText().matches("pool-\\d+-thread-1") ? 1 : 0;
            }
            assertThat(workers).isEqualTo(40);
        }
    }

    @Test
    void diffOfTwoDumpsShowsThePoolsTheRequestsAdded() throws Exception {
        try (var service = new Service(tmp.resolve("service.log"))) {
            service.requests(10, 200, true);
            Path base = tmp.resolve("base.json");
            assertThat(leaklab("dump", service.pid(), "--format", "json", "-o", base.toString()).code()).isZero();
            service.requests(25, 200, true);

            var diff = FindLeaksTest.json(leaklab("diff", base.toString(), service.pid(), "--format", "json"));
            JsonNode leak = diff.get("changes").get(0);
            assertThat(leak.get("mark").asText()).isEqualTo("GREW");
            assertThat(leak.get("growth").asInt()).isEqualTo(25);
            assertThat(leak.get("base").asInt()).isEqualTo(10);
            assertThat(FindLeaksTest.strings(leak.get("group").get("stack"))).contains(WORKER_WAITS);

            var text = leaklab("diff", base.toString(), service.pid());
            assertThat(text.code()).as(text.err()).isZero();
            assertThat(text.out()).contains("+25 GREW (10 → 35) · 35 threads · platform · WAITING · " + PARKED);
        }
    }

    @Test
    void aJstackFileAndTheLogsKill3DumpsGroupAsTheLivePid() throws Exception {
        Path jstackBin = JAVA_17.resolveSibling("jstack");
        try (var service = new Service(tmp.resolve("service.log"))) {
            assumeThat(Files.isExecutable(jstackBin)).as("no jstack beside " + JAVA_17).isTrue();
            service.requests(12, 200, true);
            service.kill3();
            service.requests(8, 200, true);
            // jstack first: attaching starts the target's Attach Listener thread, which the later dumps then all show
            Path jstack = tmp.resolve("jstack.txt");
            assertThat(new ProcessBuilder(jstackBin.toString(), service.pid()).redirectOutput(jstack.toFile()).start().waitFor()).isZero();
            service.kill3();

            var live = FindLeaksTest.json(leaklab("dump", service.pid(), "--format", "json"));
            var file = FindLeaksTest.json(leaklab("dump", jstack.toString(), "--format", "json"));
            var last = FindLeaksTest.json(leaklab("dump", service.log.toString(), "--format", "json"));
            assertThat(live.get("groups").get(0).get("count").asInt()).isEqualTo(20);
            // nothing ran between them (the service waits for its next request): the same groups
            assertThat(file.get("groups")).isEqualTo(live.get("groups"));
            assertThat(last.get("groups")).isEqualTo(live.get("groups"));
            assertThat(FindLeaksTest.json(leaklab("dump", service.log + "#2", "--format", "json")).get("groups")).isEqualTo(live.get("groups"));

            var text = leaklab("dump", service.log.toString());
            assertThat(text.code()).as(text.err()).isZero();
            assertThat(text.out().lines().skip(1).findFirst().orElse("")).isEqualTo("note: a text thread dump lists platform"
                    + " threads only, without thread containers; 2 thread dumps in " + service.log + "; showing the last,"
                    + " pick one with " + service.log + "#1 to " + service.log + "#2");

            // the Go guide's "two profiles 30 s apart", from one log
            var diff = leaklab("diff", service.log + "#1", service.log + "#2");
            assertThat(diff.code()).as(diff.err()).isZero();
            assertThat(diff.out()).contains("+8 GREW (12 → 20) · 20 threads · platform · WAITING · " + PARKED);
            assertThat(leaklab("dump", service.log + "#1", "--format", "json").out()).contains("\"count\" : 12");
        }
    }

    @ParameterizedTest(name = "{0}/s → {1}")
    @CsvSource({"400, CRITICAL, 4", "50, WARNING, 3"})
    void watchReachesTheGoGuidesLevel(int rate, String level, int exitCode) throws Exception {
        try (var service = new Service(tmp.resolve("service.log"))) {
            service.requests(rate * 30, rate, false); // more than the watch lasts
            var r = leaklab("watch", service.pid(), "--interval", "1s", "--for", "4s");
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(exitCode);
            assertThat(r.out()).contains("note: a text thread dump lists platform threads only",
                    "worst level: " + level, "growing monotonically", "grew most: ",
                    PARKED, "at " + POOL_FRAME);
            var readings = r.out().lines().filter(l -> l.matches("\\s+\\d+\\.\\ds .*")).toList();
            assertThat(readings).hasSize(5).allSatisfy(l -> assertThat(l).containsPattern("\\s0\\s+\\d+\\s")); // no virtual threads
        }
    }
}

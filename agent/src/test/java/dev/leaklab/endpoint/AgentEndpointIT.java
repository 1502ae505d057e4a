package dev.leaklab.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.example.plain.PlainService;

/**
 * {@code -javaagent:leaklab-agent.jar=endpoint=127.0.0.1:0} in a program with no leaklab code and
 * nothing on its class path but itself: a real Prometheus server scrapes its /debug/metrics, and the
 * checks of {@link DebugEndpointHostileTest} (Host, Origin, flood) run against it.
 */
class AgentEndpointIT {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Pattern ENDPOINT_LINE = Pattern.compile("leaklab-agent: debug endpoint on http://127\\.0\\.0\\.1:(\\d+)/debug/");

    @TempDir
    static Path dir;
    static Process child;
    static PrintWriter toChild;
    static final BlockingQueue<String> out = new LinkedBlockingQueue<>();
    static final List<String> err = java.util.Collections.synchronizedList(new ArrayList<>());
    static int port;

    @BeforeAll
    static void startTheProgram() throws Exception {
        // The program's class alone: no leaklab, Jackson or Prometheus class on its class path.
        Path classes = dir.resolve("classes");
        Path cls = Path.of(PlainService.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("com/example/plain/PlainService.class");
        Files.createDirectories(classes.resolve("com/example/plain"));
        Files.copy(cls, classes.resolve("com/example/plain/PlainService.class"));
        String jar = Path.of(System.getProperty("leaklab.agent.jar", "target/leaklab-agent.jar")).toAbsolutePath().toString();
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
                "-javaagent:" + jar + "=endpoint=127.0.0.1:0,quiet", "-cp", classes.toString(), PlainService.class.getName()).start();
        toChild = new PrintWriter(new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8), true);
        var portLine = new LinkedBlockingQueue<String>();
        drain(new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8)), line -> {
            err.add(line);
            if (ENDPOINT_LINE.matcher(line).matches()) portLine.add(line);
        });
        drain(new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)), out::add);
        String line = portLine.poll(60, TimeUnit.SECONDS);
        assertThat(line).as("the endpoint's address line on stderr; stderr: %s", err).isNotNull();
        var m = ENDPOINT_LINE.matcher(line);
        assertThat(m.matches()).isTrue();
        port = Integer.parseInt(m.group(1));
        assertThat(err).as("with quiet, the address is the agent's one line").filteredOn(l -> l.contains("leaklab")).containsExactly(line);
        awaitOut("READY");
        DebugEndpointHostileTest.legitimateDump(port); // warm: the first dump loads the dump path
    }

    /** Skips other lines (the JVM's own warnings go to standard output). */
    private static void awaitOut(String expected) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (String l; (l = out.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
            if (l.equals(expected)) return;
        }
        throw new AssertionError("the program never printed " + expected + "; stderr: " + err);
    }

    @AfterAll
    static void stopTheProgram() throws Exception {
        if (child != null) {
            toChild.close();
            if (!child.waitFor(30, TimeUnit.SECONDS)) child.destroyForcibly();
        }
    }

    private interface Lines {
        void line(String l);
    }

    private static void drain(BufferedReader r, Lines to) {
        var t = new Thread(() -> {
            try (r) {
                for (String l; (l = r.readLine()) != null; ) to.line(l);
            } catch (IOException ignored) {
                // the child is gone
            }
        }, "child-output");
        t.setDaemon(true);
        t.start();
    }

    @Test
    void prometheusScrapesTheApplicationThreadsAndTheyGrowByWhatTheProgramLeaked() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS), PROMETHEUS + " is missing: apt-get install -y --no-install-recommends"
                + " prometheus (Debian's package; .ci/run installs it) to scrape the agent's endpoint with a real Prometheus");
        int web;
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            web = s.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: plain
                    metrics_path: /debug/metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(port));
        Path log = dir.resolve("prometheus.log");
        Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + web)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            var http = HttpClient.newHttpClient();
            String query = "sum(jvm_threads_application_threads)";
            double before = awaitValue(http, web, query, v -> true, log);
            int leak = 37;
            toChild.println("leak " + leak);
            awaitOut("LEAKED " + leak);
            double after = awaitValue(http, web, query, v -> v != before, log);
            assertThat(after - before).as("application threads scraped by Prometheus, above what it scraped before the leak")
                    .isEqualTo(leak);
            // the creation line, from the agent's registry, read by the endpoint's own copy of core
            String leaks = DebugEndpointHostileTest.request(port, "/debug/threads/leaks").body();
            var site = Pattern.compile("(?m)^  (\\d+) com\\.example\\.plain\\.PlainService\\.main\\(PlainService\\.java:\\d+\\)$").matcher(leaks);
            assertThat(site.find()).as(leaks).isTrue();
            // the leaked threads, and the scheduler's carrier threads their first start started
            assertThat(Integer.parseInt(site.group(1))).as(leaks).isGreaterThanOrEqualTo(leak);
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) prometheus.destroyForcibly();
        }
    }

    /** The query's value once Prometheus has one that {@code wanted} accepts; waits up to 60 s for scrapes. */
    private static double awaitValue(HttpClient http, int web, String query, java.util.function.DoublePredicate wanted, Path log)
            throws Exception {
        var uri = URI.create("http://127.0.0.1:" + web + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        var value = Pattern.compile("\"value\":\\[[0-9.]+,\"([0-9.]+)\"\\]");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < end) {
            try {
                last = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
                var m = value.matcher(last);
                if (m.find() && wanted.test(Double.parseDouble(m.group(1)))) return Double.parseDouble(m.group(1));
            } catch (IOException notUpYet) {
                last = notUpYet.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus never answered " + query + " as wanted; last: " + last + "\nits log:\n" + Files.readString(log));
    }

    /** Runs PlainService with these agent options, has it leak 3 threads once the agent has spoken, to its end. */
    private static String secondProgram(String agentOptions, List<String> lines) throws Exception {
        String jar = Path.of(System.getProperty("leaklab.agent.jar", "target/leaklab-agent.jar")).toAbsolutePath().toString();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
                "-javaagent:" + jar + "=" + agentOptions, "-cp", dir.resolve("classes").toString(), PlainService.class.getName())
                .redirectErrorStream(true).start();
        try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             var w = new PrintWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8), true)) {
            // the endpoint starts on a daemon thread: keep the program up until the agent has said its line
            for (String l; (l = in.readLine()) != null; ) {
                lines.add(l);
                if (l.startsWith("leaklab-agent:")) break;
            }
            w.println("leak 3");
            w.close(); // the program ends once it has read what came before
            for (String l; (l = in.readLine()) != null; ) lines.add(l);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("%s", lines).isZero();
        } finally {
            p.destroyForcibly();
        }
        return String.join("\n", lines);
    }

    @Test
    void aPortInUseIsOneLineAndTheProgramRunsOn() throws Exception {
        var lines = new ArrayList<String>();
        secondProgram("endpoint=127.0.0.1:" + port + ",quiet", lines);
        assertThat(lines).as("the program ran to its end").contains("READY", "LEAKED 3");
        assertThat(lines).filteredOn(l -> l.contains("leaklab")).singleElement().asString()
                .startsWith("leaklab-agent: the debug endpoint did not start (java.net.BindException")
                .endsWith("; the application runs on");
    }

    @Test
    void aTokenFromAFileIsRequiredOfEveryRequest() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "a-token-of-the-test-0123456789\n");
        // a program that stays up: started like the first, with a token
        String jar = Path.of(System.getProperty("leaklab.agent.jar", "target/leaklab-agent.jar")).toAbsolutePath().toString();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
                "-javaagent:" + jar + "=endpoint=127.0.0.1:0,quiet,token=@" + token, "-cp", dir.resolve("classes").toString(),
                PlainService.class.getName()).redirectErrorStream(true).start();
        try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            var m = Pattern.compile("leaklab-agent: debug endpoint on http://127\\.0\\.0\\.1:(\\d+)/debug/ \\(bearer token required\\)");
            int tokenPort = -1;
            for (String l; tokenPort < 0 && (l = in.readLine()) != null; ) {
                var found = m.matcher(l);
                if (found.matches()) tokenPort = Integer.parseInt(found.group(1));
            }
            assertThat(tokenPort).as("the endpoint's line").isPositive();
            assertThat(DebugEndpointHostileTest.request(tokenPort, "/debug/threads/count").status()).isEqualTo(401);
            assertThat(DebugEndpointHostileTest.request(tokenPort, "/debug/threads/count", "Authorization: Bearer a-token-of-the-test-0123456789")
                    .status()).isEqualTo(200);
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void servesTheGroupedDump() throws Exception {
        var reply = DebugEndpointHostileTest.request(port, "/debug/threads");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).startsWith("threads: ").contains("com.example.plain.PlainService.main");
    }

    @ParameterizedTest
    @MethodSource("dev.leaklab.endpoint.DebugEndpointHostileTest#foreignHosts")
    void aForeignHostIsRefused(String host) throws Exception {
        DebugEndpointHostileTest.assertForeignHostRefused(port, host);
    }

    @ParameterizedTest
    @MethodSource("dev.leaklab.endpoint.DebugEndpointHostileTest#crossOrigin")
    void aCrossOriginBrowserRequestIsRefused(String header) throws Exception {
        DebugEndpointHostileTest.assertCrossOriginRefused(port, header);
    }

    @Test
    void aFloodCostsOneDumpAtATimeAndTheLegitimateClientIsServed() throws Exception {
        DebugEndpointHostileTest.assertFloodServed(port);
    }
}

package dev.leaklab.endpoint;

import dev.leaklab.internal.census.VirtualThreads;
import dev.leaklab.census.Closing;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import jdk.jfr.FlightRecorder;
import jdk.jfr.RecordingState;

/**
 * The endpoint against what a hostile web page or a careless client can send: foreign Host
 * headers (DNS rebinding), cross-origin requests, clients that go away, floods and slow clients.
 * Every client here talks to 127.0.0.1 only, and every loop is bounded in count and time.
 * Under each, a legitimate grouped dump must still be served, in time: the issue asks for a
 * second, and the printed times are what to read; the test fails at {@link #LEGIT}, twice that,
 * so that a loaded 2-core CI machine does not fail it by chance, while a starved request (waiting
 * out a recording of 30 s or more, or refused with 429) still fails it.
 *
 * <p>The Host, Origin and flood checks take a port: the agent's {@code AgentEndpointIT} runs them once more
 * against the endpoint that {@code -javaagent:leaklab-agent.jar=endpoint} starts in a child JVM.
 */
class DebugEndpointHostileTest {

    /** A legitimate dump within a second, whatever else is going on; see the class comment for the 2. */
    static final Duration LEGIT = Duration.ofSeconds(2);
    static final int SOCKET_TIMEOUT_MILLIS = 20_000;
    /** Starting a recording is slow on a loaded machine (the first one starts JFR itself); it is not what is tested. */
    static final Duration RECORDING_START = Duration.ofSeconds(30);

    record Reply(int status, String body, long millis) {
    }

    /** One raw HTTP/1.1 request, headers exactly as given: a browser's, an attacker's, a tool's. */
    static Reply request(int port, String path, String... headers) throws IOException {
        long t0 = System.nanoTime();
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            var head = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
            boolean hasHost = false;
            for (String h : headers) {
                head.append(h).append("\r\n");
                hasHost |= h.regionMatches(true, 0, "Host:", 0, 5);
            }
            if (!hasHost) {
                head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(reply.substring(9, 12));
            int bodyAt = reply.indexOf("\r\n\r\n");
            return new Reply(status, reply.substring(bodyAt + 4), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    static final List<String> FOREIGN_HOSTS = List.of("evil.example", "evil.example:PORT", "127.0.0.1.evil.example",
            "localhost.evil.example:PORT", "10.0.0.1:PORT", "[::2]:PORT", "0.0.0.0:PORT", "", "127.0.0.1:PORT\u0000evil");
    static final List<String> CROSS_ORIGIN = List.of("Origin: http://evil.example", "Origin: null", "Origin: http://127.0.0.1:1",
            "Origin: http://evil.example:PORT", "Origin: file://", "Origin: ::::", "Sec-Fetch-Site: cross-site",
            "Sec-Fetch-Site: same-site", "Sec-Fetch-Site: CROSS-SITE");

    static List<String> foreignHosts() {
        return FOREIGN_HOSTS;
    }

    static List<String> crossOrigin() {
        return CROSS_ORIGIN;
    }

    /** The legitimate client: the grouped dump, served in time. */
    static Reply legitimateDump(DebugEndpoint endpoint) throws IOException {
        return legitimateDump(endpoint.address().getPort());
    }

    static Reply legitimateDump(int port) throws IOException {
        var reply = request(port, "/debug/threads?debug=1");
        assertThat(reply.status()).as("a legitimate dump: %s", reply.body()).isEqualTo(200);
        assertThat(reply.body()).contains("threads: ");
        System.out.println("legitimate dump served in " + reply.millis() + " ms");
        assertThat(reply.millis()).as("milliseconds to serve a legitimate dump").isLessThan(LEGIT.toMillis());
        return reply;
    }

    static boolean recordingRunning() {
        return FlightRecorder.getFlightRecorder().getRecordings().stream()
                .anyMatch(r -> r.getName().equals(JfrPage.RECORDING_NAME) && r.getState() == RecordingState.RUNNING);
    }

    static void awaitRecordings(boolean running, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (recordingRunning() != running) {
            assertThat(System.nanoTime()).as("a recording %s within %s", running ? "starts" : "stops", within).isLessThan(end);
            Thread.sleep(20);
        }
    }

    /** The first dump in a JVM loads and compiles the dump path: not what these tests time. */
    @org.junit.jupiter.api.BeforeAll
    static void warmUp() throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            for (String path : List.of("/debug/threads", "/debug/threads?format=json", "/debug/threads?debug=2", "/debug/threads/count")) {
                request(endpoint.address().getPort(), path);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("foreignHosts")
    void aForeignHostIsRefused(String host) throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            assertForeignHostRefused(endpoint.address().getPort(), host);
            assertThat(recordingRunning()).isFalse();
            legitimateDump(endpoint);
        }
    }

    static void assertForeignHostRefused(int port, String host) throws IOException {
        for (String path : List.of("/debug/threads?debug=1", "/debug/threads?debug=2", "/debug/threads/count",
                "/debug/jfr?seconds=1", "/debug/", "/debug/nothing", "/debug/metrics", "/debug/threads/leaks")) {
            var reply = request(port, path, "Host: " + host.replace("PORT", Integer.toString(port)));
            assertThat(reply.status()).as(path).isEqualTo(403);
            assertThat(reply.body()).contains("refused").doesNotContain("threads:").doesNotContain("platform ")
                    .doesNotContain("\u0000");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:PORT", "127.0.0.1", "localhost:PORT", "LocalHost", "[::1]:PORT", "127.1.2.3:PORT"})
    void loopbackNamesAreServed(String host) throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            int port = endpoint.address().getPort();
            var reply = request(port, "/debug/threads/count", "Host: " + host.replace("PORT", Integer.toString(port)));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).contains("total ");
        }
    }

    @Test
    void aConfiguredHostNameIsServed() throws Exception {
        var loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.defaults().withAddress(loopback).withHostNames("App.Internal"))) {
            int port = endpoint.address().getPort();
            assertThat(request(port, "/debug/threads/count", "Host: app.internal:" + port).status()).isEqualTo(200);
            assertThat(request(port, "/debug/threads/count", "Host: other.internal:" + port).status()).isEqualTo(403);
        }
    }

    @ParameterizedTest
    @MethodSource("crossOrigin")
    void aCrossOriginBrowserRequestIsRefused(String header) throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            assertCrossOriginRefused(endpoint.address().getPort(), header);
        }
    }

    static void assertCrossOriginRefused(int port, String header) throws IOException {
        for (String path : List.of("/debug/threads", "/debug/threads/count", "/debug/jfr?seconds=1", "/debug/metrics")) {
            var reply = request(port, path, header.replace("PORT", Integer.toString(port)));
            assertThat(reply.status()).as(path).isEqualTo(403);
            assertThat(reply.body()).startsWith("refused: a cross-");
        }
    }

    @Test
    void theEndpointsOwnOriginAndATypedUrlAreServed() throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            int port = endpoint.address().getPort();
            assertThat(request(port, "/debug/threads", "Origin: http://127.0.0.1:" + port, "Sec-Fetch-Site: same-origin").status())
                    .isEqualTo(200);
            assertThat(request(port, "/debug/threads", "Origin: http://localhost:" + port).status()).isEqualTo(200);
            assertThat(request(port, "/debug/threads", "Sec-Fetch-Site: none").status()).isEqualTo(200);
        }
    }

    @Test
    void theBearerSchemeIsCaseInsensitiveAndTheTokenIsNot() throws Exception {
        String token = "s3cret-token-for-the-test";
        var loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.defaults().withAddress(loopback).withToken(token))) {
            int port = endpoint.address().getPort();
            for (String ok : List.of("Bearer " + token, "bearer " + token, "BEARER " + token, "Bearer \t " + token)) {
                assertThat(request(port, "/debug/threads/count", "Authorization: " + ok).status()).as(ok).isEqualTo(200);
            }
            for (String bad : List.of("Basic " + token, "Bearer" + token, "Bearer " + token.toUpperCase(), "Bearer " + token + "x",
                    "Bearer", "Bearer ", token, "")) {
                var reply = request(port, "/debug/threads/count", "Authorization: " + bad);
                assertThat(reply.status()).as(bad).isEqualTo(401);
                assertThat(reply.body()).doesNotContain("total ");
            }
        }
    }

    @Test
    void aRecordingStopsWhenItsClientGoes() throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            int port = endpoint.address().getPort();
            for (int round = 0; round < 3; round++) {
                try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    socket.getOutputStream().write(("GET /debug/jfr?seconds=60 HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    awaitRecordings(true, RECORDING_START);
                }
                // the client is gone: the recording ends, and the slot is free for the next one
                awaitRecordings(false, Duration.ofSeconds(3));
                legitimateDump(endpoint);
            }
        }
    }

    /**
     * A recording writes nothing until it ends, so its connection moves no byte for longer than
     * {@link ConnectionCap#STALLED_MILLIS}: it is marked as being served, which the cap never takes
     * for stalled (ConnectionCapTest), and unmarked when the recording ends.
     */
    @Test
    void aRunningRecordingCountsAsServedNotStalled() throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            int port = endpoint.address().getPort();
            assertThat(endpoint.servingConnections()).isZero();
            try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.getOutputStream().write(("GET /debug/jfr?seconds=60 HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                awaitRecordings(true, RECORDING_START);
                long until = System.nanoTime() + RECORDING_START.toNanos();
                while (endpoint.servingConnections() == 0 && System.nanoTime() < until) {
                    Thread.sleep(10);
                }
                assertThat(endpoint.servingConnections()).isEqualTo(1);
                assertThat(request(port, "/debug/threads/count").status()).isEqualTo(200);
                assertThat(endpoint.servingConnections()).as("a dump is not a recording").isEqualTo(1);
            }
            awaitRecordings(false, Duration.ofSeconds(3));
            long until = System.nanoTime() + 10_000_000_000L;
            while (endpoint.servingConnections() != 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(endpoint.servingConnections()).isZero();
        }
    }

    /** The lock-out: two {@code <img>} tags used to hold both slots for minutes. */
    @Test
    void recordingsNeverStarveDumps() throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            int port = endpoint.address().getPort();
            var held = new ArrayList<Socket>();
            try {
                for (int i = 0; i < 2; i++) {
                    var socket = new Socket(InetAddress.getLoopbackAddress(), port);
                    held.add(socket);
                    socket.getOutputStream().write(("GET /debug/jfr?seconds=30 HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                }
                awaitRecordings(true, RECORDING_START);
                assertThat(request(port, "/debug/jfr?seconds=1").status()).as("a second recording at once").isEqualTo(429);
                for (int i = 0; i < 5; i++) {
                    legitimateDump(endpoint);
                    assertThat(request(port, "/debug/threads/count").status()).isEqualTo(200);
                    assertThat(request(port, "/debug/threads?debug=2").status()).isEqualTo(200);
                }
            } finally {
                for (var s : held) {
                    s.close();
                }
            }
            awaitRecordings(false, Duration.ofSeconds(3));
        }
    }

    @Test
    void aConcurrentFloodCostsOneDumpAtATimeAndTheLegitimateClientIsServed() throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            assertFloodServed(endpoint.address().getPort());
        }
    }

    /** 16 clients for 3 s on every dump page, and a legitimate client served in time throughout. */
    static void assertFloodServed(int port) throws Exception {
        int clients = 16;
        var flood = Duration.ofSeconds(3);
        var statuses = new ConcurrentHashMap<String, Set<Integer>>();
        try (var closing = new Closing(VirtualThreads.perTaskExecutor(VirtualThreads.factory("flood-")))) {
            var pool = closing.executor();
            var paths = List.of("/debug/threads", "/debug/threads?format=json", "/debug/threads/count", "/debug/threads?debug=2");
            var stop = new AtomicBoolean();
            long end = System.nanoTime() + flood.toNanos();
            var sent = new java.util.concurrent.atomic.AtomicInteger();
            for (int c = 0; c < clients; c++) {
                String path = paths.get(c % paths.size());
                pool.submit(() -> {
                    while (!stop.get() && System.nanoTime() < end) {
                        var reply = request(port, path);
                        sent.incrementAndGet();
                        statuses.computeIfAbsent(path, p -> ConcurrentHashMap.newKeySet()).add(reply.status());
                    }
                    return null;
                });
            }
            try {
                while (System.nanoTime() < end - LEGIT.toNanos()) {
                    legitimateDump(port);
                    Thread.sleep(200);
                }
            } finally {
                stop.set(true);
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(sent.get()).isGreaterThan(clients);
        }
        // Shared answers are never refused; only the streamed per-thread list has a single slot.
        assertThat(statuses.get("/debug/threads")).containsOnly(200);
        assertThat(statuses.get("/debug/threads?format=json")).containsOnly(200);
        assertThat(statuses.get("/debug/threads/count")).containsOnly(200);
        assertThat(statuses.get("/debug/threads?debug=2")).isSubsetOf(200, 429).contains(200);
    }

    @Test
    void slowClientsDoNotHoldUpOthers() throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            int port = endpoint.address().getPort();
            var slow = new ArrayList<Socket>();
            try {
                // half a request line, then silence
                for (int i = 0; i < 200; i++) {
                    var socket = new Socket(InetAddress.getLoopbackAddress(), port);
                    slow.add(socket);
                    socket.getOutputStream().write("GET /debug/thr".getBytes(StandardCharsets.ISO_8859_1));
                }
                // whole requests whose answers are never read
                for (String path : List.of("/debug/threads?debug=2", "/debug/threads", "/debug/threads/count")) {
                    for (int i = 0; i < 4; i++) {
                        var socket = new Socket(InetAddress.getLoopbackAddress(), port);
                        socket.setReceiveBufferSize(1024);
                        slow.add(socket);
                        OutputStream out = socket.getOutputStream();
                        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    }
                }
                for (int i = 0; i < 5; i++) {
                    legitimateDump(endpoint);
                    assertThat(request(port, "/debug/threads/count").status()).isEqualTo(200);
                }
            } finally {
                for (var s : slow) {
                    s.close();
                }
            }
            legitimateDump(endpoint);
        }
    }

    @Test
    void clientsThatDisconnectMidRequestLeaveNothingBehind() throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            int port = endpoint.address().getPort();
            for (int i = 0; i < 50; i++) {
                try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    String path = List.of("/debug/threads?debug=2", "/debug/threads", "/debug/jfr?seconds=5").get(i % 3);
                    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    InputStream in = socket.getInputStream();
                    socket.setSoTimeout(50);
                    try {
                        in.read(); // maybe the first byte, then hang up
                    } catch (java.net.SocketTimeoutException notYet) {
                        // hang up before the answer
                    }
                }
            }
            awaitRecordings(false, Duration.ofSeconds(3));
            legitimateDump(endpoint);
            assertThat(request(port, "/debug/threads?debug=2").status()).as("the per-thread slot is free again").isEqualTo(200);
            assertThat(request(port, "/debug/jfr?seconds=1").status()).as("the recording slot is free again").isEqualTo(200);
        }
    }
}

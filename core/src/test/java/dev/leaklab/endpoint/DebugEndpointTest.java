package dev.leaklab.endpoint;

import dev.leaklab.monitor.Level;
import dev.leaklab.internal.census.VirtualThreads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.SynchronousQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import jdk.jfr.FlightRecorder;
import jdk.jfr.RecordingState;
import jdk.jfr.consumer.RecordingFile;

/** The endpoint in this JVM: it serves a dump and a recording, and stays on loopback unless told otherwise. */
class DebugEndpointTest {

    static final int PARKED = 7;
    final HttpClient http = HttpClient.newHttpClient();
    final List<Thread> parked = new ArrayList<>();

    @TempDir
    Path tmp;

    /** Seven virtual threads parked in a SynchronousQueue put, as in send-without-receiver. */
    @BeforeEach
    void parkSome() throws InterruptedException {
        for (int i = 0; i < PARKED; i++) {
            var q = new SynchronousQueue<Integer>();
            parked.add(VirtualThreads.start("endpoint-test-" + i, () -> parkedPut(q)));
        }
        for (Thread t : parked) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.sleep(5);
            }
        }
    }

    void parkedPut(SynchronousQueue<Integer> q) {
        try {
            q.put(1);
        } catch (InterruptedException e) {
            // released by the test
        }
    }

    @AfterEach
    void unpark() throws InterruptedException {
        for (Thread t : parked) {
            t.interrupt();
            t.join();
        }
    }

    HttpResponse<String> get(DebugEndpoint endpoint, String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.address().getPort() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The dump writer of /debug/threads (and any attach thread) is the tool's: the census leaves it out. */
    @Test
    void theDumpLayersThreadsAreToolThreadsOnceTheEndpointRuns() throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            var t = dev.leaklab.internal.dump.Targets.daemon(() -> { }, "leaklab-dump-writer");
            assertThat(dev.leaklab.census.LiveThreads.isToolThread(t)).isTrue();
        }
    }

    @Test
    void bindsLoopbackByDefaultAndServesTheGroupedDump() throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            assertThat(endpoint.address().getAddress().isLoopbackAddress()).isTrue();

            var grouped = get(endpoint, "/debug/threads?debug=1", null);
            assertThat(grouped.statusCode()).isEqualTo(200);
            assertThat(grouped.body()).startsWith("threads: ")
                    .contains(PARKED + " threads · virtual · WAITING · parked on java.util.concurrent.SynchronousQueue$Transferer\n"
                            + "    container <root> · names endpoint-test-N");

            var json = new ObjectMapper().readTree(get(endpoint, "/debug/threads?debug=1&format=json", null).body());
            var ours = new ArrayList<Integer>();
            json.get("groups").forEach(g -> {
                if (g.get("names").has("endpoint-test-N")) {
                    ours.add(g.get("count").asInt());
                }
            });
            assertThat(ours).containsExactly(PARKED);

            var perThread = get(endpoint, "/debug/threads?debug=2", null).body();
            assertThat(perThread.lines().filter(l -> l.matches("#\\d+ \"endpoint-test-\\d\" virtual WAITING .*"))).hasSize(PARKED);

            var count = get(endpoint, "/debug/threads/count", null);
            assertThat(count.body()).containsPattern("virtual (\\d+)\n").contains("counted by census").contains("level OK\n");
            int virtual = Integer.parseInt(count.body().replaceAll("(?s).*virtual (\\d+)\n.*", "$1"));
            assertThat(virtual).isGreaterThanOrEqualTo(PARKED);
            int baseline = Integer.parseInt(count.body().replaceAll("(?s).*baseline (\\d+)\n.*", "$1"));

            // The Go guide's WARNING: more than 100 application threads above the baseline at start.
            var gate = new java.util.concurrent.CountDownLatch(1);
            var more = new ArrayList<Thread>();
            for (int i = 0; i < Level.WARNING_ABOVE_BASELINE + 10; i++) {
                more.add(VirtualThreads.start("more", () -> {
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            try {
                var warned = get(endpoint, "/debug/threads/count", null).body();
                assertThat(warned).contains("baseline " + baseline + "\n").contains("level WARNING\n");
            } finally {
                gate.countDown();
                for (Thread t : more) {
                    t.join();
                }
            }

            assertThat(get(endpoint, "/debug/threads?debug=3", null).statusCode()).isEqualTo(400);
            assertThat(get(endpoint, "/debug/nothing", null).statusCode()).isEqualTo(404);
            // no agent in this JVM: the leaks page says how to get one
            assertThat(get(endpoint, "/debug/threads/leaks", null).body()).startsWith("the leaklab agent is not loaded");
        }
    }

    @Test
    void servesARecordingWithTheThreadsStartedDuringIt() throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            var body = new Object() {
                HttpResponse<byte[]> value;
            };
            var client = startPlatform(() -> {
                try {
                    body.value = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + endpoint.address().getPort() + "/debug/jfr?seconds=2")).build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            while (FlightRecorder.getFlightRecorder().getRecordings().stream()
                    .noneMatch(r -> r.getName().equals(JfrPage.RECORDING_NAME) && r.getState() == RecordingState.RUNNING)) {
                Thread.sleep(10);
            }
            VirtualThreads.start("started-while-recording", () -> { }).join();
            client.join();

            assertThat(body.value.statusCode()).isEqualTo(200);
            assertThat(body.value.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> v.contains(".jfr"));
            Path file = tmp.resolve("r.jfr");
            Files.write(file, body.value.body());
            boolean sawStart = false, sawEnd = false;
            for (var e : RecordingFile.readAllEvents(file)) {
                if (e.getThread() != null && "started-while-recording".equals(e.getThread().getJavaName())) {
                    sawStart |= e.getEventType().getName().equals("jdk.VirtualThreadStart");
                    sawEnd |= e.getEventType().getName().equals("jdk.VirtualThreadEnd");
                }
            }
            assertThat(sawStart).as("jdk.VirtualThreadStart of a thread started during the recording").isTrue();
            assertThat(sawEnd).isTrue();
            assertThat(get(endpoint, "/debug/jfr?seconds=0", null).statusCode()).isEqualTo(400);
            assertThat(get(endpoint, "/debug/jfr?seconds=301", null).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void refusesToBindBeyondLoopbackWithoutAToken() {
        var any = new InetSocketAddress("0.0.0.0", 0);
        assertThatThrownBy(() -> DebugEndpoint.start(DebugEndpoint.Options.defaults().withAddress(any)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without a bearer token");
        assertThatThrownBy(() -> DebugEndpoint.start(DebugEndpoint.Options.defaults().withAddress(any).withToken("short")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16 characters");
    }

    @Test
    void beyondLoopbackEveryRequestNeedsTheToken() throws Exception {
        String token = "s3cret-token-for-the-test";
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.defaults().withAddress(new InetSocketAddress("0.0.0.0", 0)).withToken(token))) {
            assertThat(endpoint.address().getAddress().isAnyLocalAddress()).isTrue();
            assertThat(get(endpoint, "/debug/threads/count", null).statusCode()).isEqualTo(401);
            assertThat(get(endpoint, "/debug/threads/count", "wrong-token-of-enough-length").statusCode()).isEqualTo(401);
            assertThat(get(endpoint, "/debug/threads?debug=1", null).body()).doesNotContain("threads:");
            var ok = get(endpoint, "/debug/threads/count", token);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("total ");
        }
        // a token on loopback is honoured too
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0).withToken(token))) {
            assertThat(get(endpoint, "/debug/threads/count", null).statusCode()).isEqualTo(401);
        }
    }

    private static Thread startPlatform(Runnable task) {
        var t = new Thread(task);
        t.start();
        return t;
    }
}

package dev.leaklab.scenario;

import dev.leaklab.result.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.leaklab.census.LiveThreads;

/*
 * FIRE-AND-FORGET ANALYTICS  (Go guide: real-world scenario 1, "HTTP Server with Background Processing")
 *
 * The leak. An HTTP handler (the JDK's HttpServer on 127.0.0.1) answers "OK" at once and, on the
 * side, starts a thread to post analytics to a collector. The collector hangs (a loopback peer
 * that accepts and never answers) and the analytics call has no timeout: HttpURLConnection's
 * connect and read timeouts default to "infinite". Every request leaves one thread behind; at
 * 100 requests a second that is the Go guide's 360,000 leaked threads an hour.
 *
 *     exchange.sendResponseHeaders(200, 2);  ...
 *     threads.newThread(() -> sendAnalytics(request)).start();    // no timeout, no bound
 *
 * Why it leaks. Nothing bounds how many side tasks run, nothing bounds how long one may take, and
 * nothing stops them when the server stops.
 *
 * The fix. A bounded executor (two workers, a queue of 64, and an explicit policy that drops
 * analytics when full: they are best-effort), connect and read timeouts on the call, and
 * shutdownNow() + awaitTermination() when the server stops.
 *
 * Run it:   scripts/leaklab run fire-and-forget-analytics --variant leaky --kind platform
 */
public final class FireAndForgetAnalytics implements Scenario {

    static final Duration CALL_TIMEOUT = Duration.ofMillis(50);

    @Override public String name() { return "fire-and-forget-analytics"; }
    @Override public String guideSection() { return "scenario 1: HTTP server with background processing"; }
    @Override public String leak() { return "HTTP handler spawns an analytics call to a hanging endpoint, no timeout"; }
    @Override public String fix() { return "bounded executor that drops when full, call timeouts, shutdown on stop"; }

    @Override
    public Workload open(Variant variant, Thread.Builder builder) throws Exception {
        ThreadFactory threads = builder.factory(); // thread-safe, unlike the builder
        var collector = new SilentPeer();
        URI analytics = URI.create("http://127.0.0.1:" + collector.address().getPort() + "/collect");
        Analytics sender = switch (variant) {
            case LEAKY -> new Unbounded(threads, analytics);
            case FIXED -> new Bounded(threads, analytics);
        };
        // The server's own threads (dispatcher, idle timer) stand for the web framework: the harness's.
        HttpServer server = LiveThreads.adoptThreadsStartedBy(() -> {
            var s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            s.createContext("/checkout", exchange -> handle(exchange, sender));
            s.start();
            return s;
        });
        URI service = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/checkout");
        return new Service(variant, server, collector, sender, service);
    }

    /** The handler: answer at once, send analytics on the side. */
    private static void handle(HttpExchange exchange, Analytics analytics) throws IOException {
        byte[] ok = "OK".getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(200, ok.length);
        try (var body = exchange.getResponseBody()) {
            body.write(ok);
        }
        analytics.send(exchange.getRequestURI().toString());
    }

    private interface Analytics {
        void send(String event);

        void shutdown() throws InterruptedException;
    }

    /** Leaky: a thread per event, and a call that may wait forever. */
    private record Unbounded(ThreadFactory threads, URI collector) implements Analytics {
        @Override
        public void send(String event) {
            threads.newThread(() -> post(collector, event, Duration.ZERO)).start();
        }

        @Override
        public void shutdown() {
            // nothing to shut down: the threads were never tracked
        }
    }

    /** Fixed: two workers, a bounded queue, drop when full; every call has a timeout. */
    private static final class Bounded implements Analytics {
        private final ThreadPoolExecutor pool;
        private final URI collector;

        Bounded(ThreadFactory threads, URI collector) {
            this.collector = collector;
            pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(64),
                    threads, new ThreadPoolExecutor.DiscardPolicy());
        }

        @Override
        public void send(String event) {
            pool.execute(() -> post(collector, event, CALL_TIMEOUT));
        }

        @Override
        public void shutdown() throws InterruptedException {
            pool.shutdownNow();
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("analytics workers did not stop");
            }
        }
    }

    /** POSTs one event. A timeout of zero means none, HttpURLConnection's default. */
    static void post(URI collector, String event, Duration timeout) {
        try {
            var conn = (HttpURLConnection) collector.toURL().openConnection();
            conn.setConnectTimeout((int) timeout.toMillis());
            conn.setReadTimeout((int) timeout.toMillis());
            conn.setDoOutput(true);
            conn.getOutputStream().write(event.getBytes(StandardCharsets.UTF_8));
            try (InputStream in = conn.getInputStream()) { // the collector never answers
                in.readAllBytes();
            } finally {
                conn.disconnect();
            }
        } catch (IOException e) {
            // timed out (fixed) or closed: analytics are best-effort
        }
    }

    private record Service(Variant variant, HttpServer server, SilentPeer collector, Analytics analytics,
                           URI checkout) implements Workload {
        /** One customer request. */
        @Override
        public void submit() throws IOException {
            var conn = (HttpURLConnection) checkout.toURL().openConnection();
            conn.setConnectTimeout(5_000);
            conn.setReadTimeout(5_000);
            try (InputStream in = conn.getInputStream()) {
                in.readAllBytes();
            }
        }

        @Override
        public void close() throws Exception {
            server.stop(0);
            if (variant == Variant.FIXED) {
                analytics.shutdown();
                collector.close();
            }
            // leaky: the analytics threads still wait on the collector
        }
    }
}

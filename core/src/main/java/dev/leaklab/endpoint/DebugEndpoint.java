package dev.leaklab.endpoint;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.leaklab.census.LiveThreads;
import dev.leaklab.internal.dump.Targets;
import dev.leaklab.internal.census.VirtualThreads;
import dev.leaklab.endpoint.Http.BadRequest;

/**
 * The Java counterpart of Go's {@code net/http/pprof} for threads, for any application:
 *
 * <pre>{@code
 * try (var debug = DebugEndpoint.start()) {   // http://127.0.0.1:6060/debug/threads
 *     runTheApplication();
 * }
 * DebugEndpoint.start(DebugEndpoint.Options.loopback(0));                          // any free port: see address()
 * DebugEndpoint.start(DebugEndpoint.Options.defaults()
 *         .withAddress(new InetSocketAddress("0.0.0.0", 6060)).withToken(System.getenv("DEBUG_TOKEN")));
 * }</pre>
 *
 * <ul>
 *   <li>{@code GET /debug/threads?debug=1} the threads grouped by stack (pprof {@code debug=1});
 *       {@code debug=2} one entry per thread; {@code &format=json} for JSON. Virtual threads included.</li>
 *   <li>{@code GET /debug/threads/leaks} with the leaklab agent: proven leaks (its proof mode) and live
 *       threads by creation site, pprof's {@code goroutineleak} counterpart;</li>
 *   <li>{@code GET /debug/threads/count} live application threads (platform, virtual, total), the
 *       baseline at start and the {@link LeakRule} level.</li>
 *   <li>{@code GET /debug/metrics} the {@code ThreadSeries} series in the Prometheus text format (OpenMetrics
 *       when asked for), for a Prometheus scrape; it needs {@code io.prometheus:prometheus-metrics-core} and
 *       {@code prometheus-metrics-exposition-textformats} on the class path and answers 501 without them.
 *       The start/end counters count from the first scrape on.</li>
 *   <li>{@code GET /debug/jfr?seconds=N} a JFR recording of the next N seconds (1 to 300, default 10)
 *       with thread start/end events, virtual threads included: the counterpart of
 *       {@code /debug/pprof/trace}. Open it with {@code leaklab leaks}, {@code jfr} or JDK Mission Control.</li>
 * </ul>
 *
 * <p>It binds the loopback address unless told otherwise: thread stacks reveal a lot about an
 * application. Any other address needs a bearer token (16 characters or more), and then every
 * request must carry {@code Authorization: Bearer TOKEN} (the scheme in any case).
 *
 * <p>What a web page in the developer's browser could do is refused (403): a {@code Host} other than
 * a loopback name ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}) or one passed to
 * {@link Options#withHostNames}, which is how DNS rebinding reaches a loopback port
 * (with a token, the token is the guard and any {@code Host} goes); an {@code Origin} other than
 * this endpoint's own; {@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}.
 *
 * <p>Work per request is bounded. Grouped dumps and counts are shared: requests that arrive while
 * one is being taken get the same answer, and a grouped dump is also reused for a second
 * after its start, so a flood costs one dump a second. One per-thread list ({@code debug=2}) and one recording run at a time, each in
 * its own slot (more get 429), so recordings never starve dumps. A recording stops as soon as its
 * client has gone (seen on Linux, from {@code /proc/net/tcp}; elsewhere it runs its course).
 */
public final class DebugEndpoint implements AutoCloseable {

    public static final int DEFAULT_PORT = 6060;
    public static final int MIN_TOKEN_LENGTH = 16;

    /**
     * Where and how the endpoint serves. Immutable; each {@code with} method returns a copy.
     *
     * @param address   where to listen; a non-loopback address needs a token
     * @param token     the bearer token every request must carry, or null (loopback only)
     * @param hostNames {@code Host} names answered besides the loopback ones (without the port),
     *                  e.g. a name a container forwards to it
     */
    public record Options(InetSocketAddress address, String token, Set<String> hostNames) {

        public Options {
            Objects.requireNonNull(address, "address");
            hostNames = Set.copyOf(hostNames);
        }

        /** 127.0.0.1:{@value #DEFAULT_PORT}, no token. */
        public static Options defaults() {
            return loopback(DEFAULT_PORT);
        }

        /** 127.0.0.1 and {@code port}, no token; 0 picks a free port (see {@link DebugEndpoint#address()}). */
        public static Options loopback(int port) {
            return new Options(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), null, Set.of());
        }

        public Options withAddress(InetSocketAddress a) {
            return new Options(a, token, hostNames);
        }

        public Options withToken(String t) {
            return new Options(address, t, hostNames);
        }

        public Options withHostNames(String... names) {
            return new Options(address, token, Set.of(names));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ConnectionCap connections;
    private final RequestGuard guard;
    private final SharedAnswers shared = new SharedAnswers();
    private final ThreadsPage threads = new ThreadsPage(shared);
    private final CountPage count = new CountPage(shared);
    private final MetricsPage metrics = new MetricsPage(count.baseline::get);
    private final JfrPage jfr;

    private DebugEndpoint(HttpServer server, ExecutorService executor, ConnectionCap connections, Options options) {
        this.server = server;
        this.executor = executor;
        this.connections = connections;
        this.jfr = new JfrPage(connections::serving);
        this.guard = new RequestGuard(options.token(), options.hostNames(), () -> address().getPort());
    }

    /** On 127.0.0.1:{@value #DEFAULT_PORT}. */
    public static DebugEndpoint start() throws IOException {
        return start(Options.defaults());
    }

    /**
     * As the options say. A non-loopback address is refused without a token; with a token, every
     * request must present it, whatever the address.
     *
     * @throws IllegalArgumentException for a non-loopback address without a token, or a short token
     */
    public static DebugEndpoint start(Options options) throws IOException {
        InetSocketAddress address = options.address();
        String token = options.token();
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve " + address.getHostString());
        }
        if (token != null && token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("the debug endpoint's token must have at least " + MIN_TOKEN_LENGTH + " characters");
        }
        if (!address.getAddress().isLoopbackAddress() && token == null) {
            throw new IllegalArgumentException("refusing to serve thread dumps on " + address
                    + " without a bearer token: bind the loopback address, or pass a token");
        }
        // The HttpServer listens on loopback only; the address asked for is ConnectionCap's, which
        // relays to it and bounds the open connections.
        // created as the tool's: the JDK's HttpServer starts its idle-timeout Timer thread here
        var loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        // the dump writer of /debug/threads (and any attach) is the tool's too
        Targets.threadFactory(r -> LiveThreads.registerToolThread(new Thread(r)));
        HttpServer server;
        if (LiveThreads.available()) {
            try {
                server = LiveThreads.adoptThreadsStartedBy(() -> HttpServer.create(loopback, 0));
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("cannot start the debug endpoint: " + e, e);
            }
        } else {
            server = HttpServer.create(loopback, 0);
        }
        // The endpoint's threads are the tool's, not the application's: the census leaves them out.
        // Virtual threads where the JDK has them; daemon platform threads on 17.
        ThreadFactory names = VirtualThreads.supported() ? VirtualThreads.factory("leaklab-debug-") : platformDaemons("leaklab-debug-");
        var executor = VirtualThreads.perTaskExecutor(r -> LiveThreads.registerToolThread(names.newThread(r)));
        server.setExecutor(executor);
        ConnectionCap connections;
        try {
            connections = new ConnectionCap(address, server.getAddress());
        } catch (IOException e) {
            server.stop(0);
            VirtualThreads.close(executor);
            throw e;
        }
        var endpoint = new DebugEndpoint(server, executor, connections, options);
        server.createContext("/debug/", endpoint::handle);
        try {
            if (LiveThreads.available()) {
                LiveThreads.adoptThreadsStartedBy(() -> {
                    server.start(); // its dispatcher thread
                    return null;
                });
            } else {
                server.start();
            }
            connections.start();
        } catch (Exception e) {
            connections.close();
            server.stop(0);
            VirtualThreads.close(executor);
            throw e instanceof IOException ? (IOException) e : new IOException("cannot start the debug endpoint: " + e, e);
        }
        return endpoint;
    }

    private static ThreadFactory platformDaemons(String prefix) {
        var n = new AtomicInteger();
        return r -> {
            var t = new Thread(r, prefix + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }

    /** The bound address, with the port chosen when 0 was asked for. */
    public InetSocketAddress address() {
        return connections.address();
    }

    /** How many client connections are open now; at most {@value ConnectionCap#MAX_CONNECTIONS}. */
    int openConnections() {
        return connections.openConnections();
    }

    /** How many connections are in a request being served without writing (a recording). */
    int servingConnections() {
        return connections.servingConnections();
    }

    @Override
    public void close() {
        connections.close();
        server.stop(0);
        VirtualThreads.close(executor);
        metrics.close();
    }

    private void handle(HttpExchange x) throws IOException {
        int relayPort = x.getRemoteAddress().getPort();
        connections.inRequest(relayPort, +1);
        try {
            String refused = guard.refused(x.getRequestHeaders());
            if (refused != null) {
                Http.send(x, 403, refused + "\n");
                return;
            }
            if (guard.needsToken() && !guard.authorized(x.getRequestHeaders())) {
                x.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                Http.send(x, 401, "missing or wrong bearer token\n");
                return;
            }
            if (!"GET".equals(x.getRequestMethod())) {
                Http.send(x, 405, "only GET\n");
                return;
            }
            var query = Http.query(x.getRequestURI());
            switch (x.getRequestURI().getPath()) {
                case "/debug/", "/debug/threads/" -> Http.send(x, 200, INDEX);
                case "/debug/threads" -> threads.answer(x, query);
                case "/debug/threads/count" -> count.answer(x);
                case "/debug/threads/leaks" -> LeaksPage.answer(x, query, shared);
                case "/debug/metrics" -> metrics.answer(x);
                case "/debug/jfr" -> jfr.answer(x, query);
                default -> Http.send(x, 404, "not found; see /debug/\n");
            }
        } catch (BadRequest e) {
            Http.send(x, 400, e.getMessage() + "\n");
        } catch (RuntimeException e) {
            Http.send(x, 500, e.getMessage() + "\n");
        } finally {
            x.close();
            connections.inRequest(relayPort, -1);
        }
    }

    private static final String INDEX = """
            /debug/threads?debug=1       threads grouped by stack (debug=2: one entry per thread; &format=json)
            /debug/threads/count         application threads, the baseline at start and the level
            /debug/threads/leaks         proven leaks and live threads by creation site (leaklab agent; &app=com.acme. names the application)
            /debug/metrics               thread metrics in the Prometheus text format
            /debug/jfr?seconds=10        a JFR recording of the next N seconds (1 to 300)

            At most %d connections are open at a time: one more closes the oldest idle one
            (or one whose request moved no byte for %d s, a recording excepted); when all are busy, it gets 503.
            """.formatted(ConnectionCap.MAX_CONNECTIONS, ConnectionCap.STALLED_MILLIS / 1000);
}

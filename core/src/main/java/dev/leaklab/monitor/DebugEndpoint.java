package dev.leaklab.monitor;

import dev.leaklab.census.LiveThreads;
import dev.leaklab.dump.ThreadDumps;
import dev.leaklab.io.UserError;
import dev.leaklab.origins.ProvenLeak;
import dev.leaklab.origins.SiteCount;
import dev.leaklab.origins.ThreadOrigins;
import dev.leaklab.profile.ProfileJson;
import dev.leaklab.profile.ProfileText;
import dev.leaklab.profile.StackGroups;
import dev.leaklab.profile.ThreadList;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * The Java counterpart of Go's {@code net/http/pprof} for threads, for any application:
 *
 * <pre>{@code
 * try (var debug = DebugEndpoint.start()) {   // http://127.0.0.1:6060/debug/threads
 *     runTheApplication();
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@code GET /debug/threads?debug=1} the threads grouped by stack (pprof {@code debug=1});
 *       {@code debug=2} one entry per thread; {@code &format=json} for JSON. Virtual threads included.</li>
 *   <li>{@code GET /debug/threads/leaks} with the leaklab agent: proven leaks (its proof mode) and live
 *       threads by creation site, pprof's {@code goroutineleak} counterpart;</li>
 *   <li>{@code GET /debug/threads/count} live application threads (platform, virtual, total), the
 *       baseline at start and the {@link LeakRule} level.</li>
 *   <li>{@code GET /debug/metrics} the {@link ThreadMetrics} series in the Prometheus text format (OpenMetrics
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
 * request must carry {@code Authorization: Bearer TOKEN}. At most two dumps or recordings run at
 * once; more get 429.
 */
public final class DebugEndpoint implements AutoCloseable {

    public static final int DEFAULT_PORT = 6060;
    public static final int MIN_TOKEN_LENGTH = 16;
    static final Duration MAX_RECORDING = Duration.ofMinutes(5);
    static final String RECORDING_NAME = "leaklab /debug/jfr";

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] token;
    private final Semaphore heavy = new Semaphore(2);
    /** Application threads at start (at the first count without a census): what the level is judged against. */
    private final AtomicInteger baseline = new AtomicInteger(LiveThreads.available() ? LiveThreads.census().app() : -1);
    private MetricsPage metricsPage; // on the first GET /debug/metrics: it starts a JFR stream
    private boolean closed;

    private DebugEndpoint(HttpServer server, ExecutorService executor, String token) {
        this.server = server;
        this.executor = executor;
        this.token = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    /** On 127.0.0.1:6060. */
    public static DebugEndpoint start() throws IOException {
        return start(DEFAULT_PORT);
    }

    /** On 127.0.0.1 and {@code port}; 0 picks a free port (see {@link #address()}). */
    public static DebugEndpoint start(int port) throws IOException {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), null);
    }

    /**
     * On any address. A non-loopback address is refused without a token; with a token, every
     * request must present it, whatever the address.
     *
     * @throws IllegalArgumentException for a non-loopback address without a token, or a short token
     */
    public static DebugEndpoint start(InetSocketAddress address, String token) throws IOException {
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
        var server = HttpServer.create(address, 0);
        // The endpoint's threads are the tool's, not the application's: the census leaves them out.
        var names = Thread.ofVirtual().name("leaklab-debug-", 0).factory();
        var executor = Executors.newThreadPerTaskExecutor(r -> LiveThreads.registerToolThread(names.newThread(r)));
        server.setExecutor(executor);
        var endpoint = new DebugEndpoint(server, executor, token);
        server.createContext("/debug/", endpoint::handle);
        if (LiveThreads.available()) {
            try {
                LiveThreads.adoptThreadsStartedBy(() -> {
                    server.start(); // its dispatcher thread
                    return null;
                });
            } catch (Exception e) {
                server.stop(0);
                executor.close();
                throw e instanceof IOException io ? io : new IOException("cannot start the debug endpoint: " + e, e);
            }
        } else {
            server.start();
        }
        return endpoint;
    }

    /** The bound address, with the port chosen when 0 was asked for. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
        synchronized (this) {
            closed = true;
            if (metricsPage != null) {
                metricsPage.close();
            }
        }
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            if (token != null && !authorized(x)) {
                x.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                send(x, 401, "missing or wrong bearer token\n");
                return;
            }
            if (!"GET".equals(x.getRequestMethod())) {
                send(x, 405, "only GET\n");
                return;
            }
            var query = query(x.getRequestURI());
            switch (x.getRequestURI().getPath()) {
                case "/debug/", "/debug/threads/" -> send(x, 200, """
                        /debug/threads?debug=1       threads grouped by stack (debug=2: one entry per thread; &format=json)
                        /debug/threads/count         application threads, the baseline at start and the level
                        /debug/threads/leaks         proven leaks and live threads by creation site (leaklab agent)
                        /debug/metrics               thread metrics in the Prometheus text format
                        /debug/jfr?seconds=10        a JFR recording of the next N seconds (1 to 300)
                        """);
                case "/debug/threads" -> heavy(x, () -> threads(x, query));
                case "/debug/threads/count" -> count(x);
                case "/debug/threads/leaks" -> leaks(x);
                case "/debug/metrics" -> metrics(x);
                case "/debug/jfr" -> heavy(x, () -> jfr(x, query));
                default -> send(x, 404, "not found; see /debug/\n");
            }
        } catch (BadRequest e) {
            send(x, 400, e.getMessage() + "\n");
        } catch (RuntimeException e) {
            send(x, 500, e.getMessage() + "\n");
        } finally {
            x.close();
        }
    }

    private boolean authorized(HttpExchange x) {
        String given = x.getRequestHeaders().getFirst("Authorization");
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private interface Work {
        void run() throws IOException, UserError, BadRequest;
    }

    private void heavy(HttpExchange x, Work work) throws IOException, UserError, BadRequest {
        if (!heavy.tryAcquire()) {
            send(x, 429, "two dumps or recordings are already running; try again later\n");
            return;
        }
        try {
            work.run();
        } finally {
            heavy.release();
        }
    }

    private void threads(HttpExchange x, Map<String, String> query) throws IOException, UserError, BadRequest {
        String debug = query.getOrDefault("debug", "1");
        String format = query.getOrDefault("format", "text");
        if (!debug.equals("1") && !debug.equals("2")) {
            throw new BadRequest("debug must be 1 (grouped by stack) or 2 (one entry per thread)");
        }
        if (!format.equals("text") && !format.equals("json")) {
            throw new BadRequest("format must be text or json");
        }
        long self = ProcessHandle.current().pid();
        if (debug.equals("1")) {
            var groups = new StackGroups();
            ThreadDumps.visitLive(self, groups); // before the headers: a failure can still be a 500
            var profile = groups.profile();
            try (var out = stream(x, format)) {
                if (format.equals("json")) {
                    ProfileJson.write(profile, out);
                } else {
                    ProfileText.write(profile, out);
                }
            }
        } else {
            try (var out = stream(x, format)) {
                if (format.equals("json")) {
                    try (var list = ThreadList.json(out)) {
                        ThreadDumps.visitLive(self, list);
                    }
                } else {
                    ThreadDumps.visitLive(self, ThreadList.text(out));
                }
            }
        }
    }

    /**
     * The counterpart of pprof's goroutineleak profile: what the leaklab agent knows, proven leaks
     * first (proof mode), then live threads by creation site. Without the agent, how to load it.
     */
    private void leaks(HttpExchange x) throws IOException {
        if (!ThreadOrigins.agentLoaded()) {
            send(x, 200, "the leaklab agent is not loaded: run the JVM with -javaagent:leaklab-agent.jar"
                    + " (=prove and -Djdk.trackAllThreads=false for proven leaks)\n");
            return;
        }
        var b = new StringBuilder("proven leaks (virtual threads collected while blocked: could never run again)\n");
        var proven = ThreadOrigins.provenLeaks();
        if (proven.isEmpty()) {
            b.append("  none\n");
        }
        for (ProvenLeak p : proven) {
            b.append(String.format(Locale.ROOT, "  %d %s (first %s, last %s)%n", p.count(), p.site(), p.first(), p.last()));
        }
        b.append("live threads by creation site\n");
        for (SiteCount s : ThreadOrigins.liveBySite(20)) {
            b.append(String.format(Locale.ROOT, "  %d %s%n", s.live(), s.site()));
        }
        b.append(String.format(Locale.ROOT, "started since the agent loaded: %d platform, %d virtual; ended: %d platform, %d virtual%n",
                ThreadOrigins.started(false), ThreadOrigins.started(true), ThreadOrigins.ended(false), ThreadOrigins.ended(true)));
        send(x, 200, b.toString());
    }

    /**
     * Application threads by kind, the baseline taken when the endpoint started and the
     * {@link LeakRule} level between them. With the JDK's thread containers exported to us the
     * count is a census (cheap, JVM threads apart); else a thread dump, where every thread counts.
     */
    private void count(HttpExchange x) throws IOException {
        int platform, virtual, jvm;
        String method;
        if (LiveThreads.available()) {
            var c = LiveThreads.census();
            platform = c.appPlatform();
            virtual = c.appVirtual();
            jvm = c.jvmPlatform() + c.tool();
            method = "census of the thread containers (JVM threads apart)";
        } else {
            var groups = new StackGroups();
            ThreadDumps.visitLive(ProcessHandle.current().pid(), groups);
            var p = groups.profile();
            platform = p.platform();
            virtual = p.virtual();
            jvm = 0;
            method = "thread dump, every thread counted (run with --add-exports java.base/jdk.internal.vm=ALL-UNNAMED"
                    + " for a cheaper count that leaves the JVM's own threads apart)";
        }
        int app = platform + virtual;
        baseline.compareAndSet(-1, app);
        send(x, 200, "platform " + platform + "\nvirtual " + virtual + "\ntotal " + app
                + "\njvm " + jvm + "\nbaseline " + baseline.get() + "\nlevel " + LeakRule.level(app, baseline.get())
                + "\ncounted by " + method + "\n");
    }

    /** The page behind {@code GET /debug/metrics}; an interface, so this class links without Prometheus. */
    interface MetricsPage extends AutoCloseable {
        void write(HttpExchange x) throws IOException;

        @Override
        void close();
    }

    /** Classes {@link PrometheusExposition} needs, looked up by name before it is touched. */
    private static final List<String> PROMETHEUS_CLASSES = List.of(
            "io.prometheus.metrics.core.metrics.GaugeWithCallback",
            "io.prometheus.metrics.expositionformats.ExpositionFormats");

    static final String PROMETHEUS_MISSING = "GET /debug/metrics needs io.prometheus:prometheus-metrics-core and"
            + " io.prometheus:prometheus-metrics-exposition-textformats (1.x) on the class path\n";

    private void metrics(HttpExchange x) throws IOException {
        MetricsPage page;
        synchronized (this) {
            if (metricsPage == null && !closed) {
                if (!onClassPath(PROMETHEUS_CLASSES)) {
                    send(x, 501, PROMETHEUS_MISSING);
                    return;
                }
                try {
                    metricsPage = PrometheusExposition.page(ThreadMetrics.start(ThreadMetrics.DEFAULT_TOP_SITES, baseline.get()));
                } catch (LinkageError e) { // a Prometheus jar of the set is missing or of another major version
                    send(x, 501, PROMETHEUS_MISSING.strip() + " (" + e + ")\n");
                    return;
                }
            }
            page = metricsPage;
        }
        if (page == null) {
            send(x, 503, "the debug endpoint is closing\n");
            return;
        }
        page.write(x);
    }

    private static boolean onClassPath(List<String> classes) {
        for (String name : classes) {
            try {
                Class.forName(name, false, DebugEndpoint.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
        return true;
    }

    private void jfr(HttpExchange x, Map<String, String> query) throws IOException, BadRequest {
        long seconds;
        try {
            seconds = Long.parseLong(query.getOrDefault("seconds", "10"));
        } catch (NumberFormatException e) {
            throw new BadRequest("seconds must be a whole number, 1 to " + MAX_RECORDING.toSeconds());
        }
        if (seconds < 1 || seconds > MAX_RECORDING.toSeconds()) {
            throw new BadRequest("seconds must be 1 to " + MAX_RECORDING.toSeconds());
        }
        Path file = Files.createTempFile("leaklab-debug-", ".jfr");
        try {
            try (var recording = new Recording(defaultConfiguration())) {
                recording.setName(RECORDING_NAME);
                recording.enable("jdk.VirtualThreadStart");
                recording.enable("jdk.VirtualThreadEnd");
                recording.enable("jdk.ThreadStart").withStackTrace();
                recording.enable("jdk.ThreadEnd");
                recording.start();
                try {
                    Thread.sleep(Duration.ofSeconds(seconds));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // shutting down: send what was recorded
                }
                recording.stop();
                recording.dump(file);
            }
            x.getResponseHeaders().set("Content-Type", "application/octet-stream");
            x.getResponseHeaders().set("Content-Disposition",
                    "attachment; filename=\"threads-" + ProcessHandle.current().pid() + ".jfr\"");
            x.sendResponseHeaders(200, Files.size(file));
            try (OutputStream body = x.getResponseBody()) {
                Files.copy(file, body);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Configuration defaultConfiguration() throws IOException {
        try {
            return Configuration.getConfiguration("default");
        } catch (ParseException e) {
            throw new IOException("the JDK's default JFR configuration does not parse: " + e.getMessage());
        }
    }

    private static PrintWriter stream(HttpExchange x, String format) throws IOException {
        x.getResponseHeaders().set("Content-Type", format.equals("json") ? "application/json" : "text/plain; charset=utf-8");
        x.sendResponseHeaders(200, 0); // chunked: the size is known only at the end
        return new PrintWriter(new OutputStreamWriter(x.getResponseBody(), StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange x, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(URI uri) {
        var map = new HashMap<String, String>();
        String q = uri.getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                map.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return map;
    }

    private static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}

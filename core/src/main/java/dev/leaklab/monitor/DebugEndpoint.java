package dev.leaklab.monitor;

import dev.leaklab.census.LiveThreads;
import dev.leaklab.dump.ThreadDumps;
import dev.leaklab.io.UserError;
import dev.leaklab.origins.ProvenLeak;
import dev.leaklab.origins.SiteCount;
import dev.leaklab.origins.ThreadOrigins;
import dev.leaklab.internal.profile.ProfileJson;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
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
 * request must carry {@code Authorization: Bearer TOKEN} (the scheme in any case).
 *
 * <p>What a web page in the developer's browser could do is refused (403): a {@code Host} other than
 * a loopback name ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}) or one passed to
 * {@link #start(InetSocketAddress, String, Set)}, which is how DNS rebinding reaches a loopback port
 * (with a token, the token is the guard and any {@code Host} goes); an {@code Origin} other than
 * this endpoint's own; {@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}.
 *
 * <p>Work per request is bounded. Grouped dumps and counts are shared: requests that arrive while
 * one is being taken get the same answer, and a grouped dump is also reused for {@link #FRESH}
 * after its start, so a flood costs one dump a second. One per-thread list ({@code debug=2}) and one recording run at a time, each in
 * its own slot (more get 429), so recordings never starve dumps. A recording stops as soon as its
 * client has gone (seen on Linux, from {@code /proc/net/tcp}; elsewhere it runs its course).
 */
public final class DebugEndpoint implements AutoCloseable {

    public static final int DEFAULT_PORT = 6060;
    public static final int MIN_TOKEN_LENGTH = 16;
    static final Duration MAX_RECORDING = Duration.ofMinutes(5);
    static final String RECORDING_NAME = "leaklab /debug/jfr";
    /** How old a shared dump or count may be when a request gets it. */
    public static final Duration FRESH = Duration.ofSeconds(1);
    /** How often a recording checks that its client is still there. */
    static final Duration CLIENT_CHECK = Duration.ofMillis(250);

    private final HttpServer server;
    private final ExecutorService executor;
    /** SHA-256 of the token: equal lengths, so the constant-time compare does not leak the token's length. */
    private final byte[] token;
    /** Host names accepted besides the loopback ones; lower case. */
    private final Set<String> hostNames;
    private final Semaphore lists = new Semaphore(1);
    private final Semaphore recordings = new Semaphore(1);
    private final ConcurrentHashMap<String, Shared> shared = new ConcurrentHashMap<>();
    /** Application threads at start (at the first count without a census): what the level is judged against. */
    private final AtomicInteger baseline = new AtomicInteger(LiveThreads.available() ? LiveThreads.census().app() : -1);
    private MetricsPage metricsPage; // on the first GET /debug/metrics: it starts a JFR stream
    private boolean closed;

    private DebugEndpoint(HttpServer server, ExecutorService executor, String token, Set<String> hostNames) {
        this.server = server;
        this.executor = executor;
        this.token = token == null ? null : sha256(token);
        this.hostNames = hostNames.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
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
        return start(address, token, Set.of());
    }

    /**
     * As {@link #start(InetSocketAddress, String)}, and also answers requests whose {@code Host}
     * is one of {@code hostNames} (without the port), e.g. a name a container forwards to it.
     */
    public static DebugEndpoint start(InetSocketAddress address, String token, Set<String> hostNames) throws IOException {
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
        var endpoint = new DebugEndpoint(server, executor, token, hostNames);
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
            String refused = refused(x);
            if (refused != null) {
                send(x, 403, refused + "\n");
                return;
            }
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
                case "/debug/threads" -> threads(x, query);
                case "/debug/threads/count" -> send(x, 200, shared("count", false, this::count));
                case "/debug/threads/leaks" -> leaks(x);
                case "/debug/metrics" -> metrics(x);
                case "/debug/jfr" -> jfr(x, query);
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

    /**
     * Why a request that a web page could have sent is refused, or null. A page can point a name
     * it controls at 127.0.0.1 (DNS rebinding) but cannot change the Host header; a browser marks
     * its cross-origin requests with Origin or Sec-Fetch-Site.
     */
    private String refused(HttpExchange x) {
        var headers = x.getRequestHeaders();
        String host = headers.getFirst("Host");
        if (token == null && host != null && !hostAllowed(hostName(host))) {
            return "refused: Host " + printable(host) + " is not a loopback name; use http://127.0.0.1:"
                    + address().getPort() + "/debug/";
        }
        String origin = headers.getFirst("Origin");
        if (origin != null && !ownOrigin(origin)) {
            return "refused: a cross-origin request (Origin " + printable(origin) + ")";
        }
        String site = headers.getFirst("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return "refused: a cross-site request from a browser (Sec-Fetch-Site " + printable(site) + ")";
        }
        return null;
    }

    /**
     * The host part of a Host header or URI authority: {@code [::1]:6060} → {@code [::1]}. Anything
     * after the name but a port is kept, so that such a value matches no allowed name.
     */
    static String hostName(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        int end = h.startsWith("[") ? h.indexOf(']') + 1 : h.indexOf(':');
        if (end <= 0 || end == h.length()) {
            return h;
        }
        return h.substring(end).matches(":\\d{1,5}") ? h.substring(0, end) : h;
    }

    /** Loopback names only, by their text: looking a name up would ask DNS, which is what a rebinding attack controls. */
    private boolean hostAllowed(String name) {
        return name.equals("localhost") || name.equals("[::1]") || hostNames.contains(name)
                || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private boolean ownOrigin(String origin) {
        try {
            var uri = new URI(origin.strip());
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getRawAuthority() != null && hostAllowed(hostName(uri.getRawAuthority()))
                    && uri.getPort() == address().getPort();
        } catch (java.net.URISyntaxException e) {
            return false; // includes "null", sent by sandboxed pages and file: URLs
        }
    }

    /** Header text quoted back to the client: no control characters, bounded length. */
    private static String printable(String text) {
        String t = text.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 100 ? t.substring(0, 100) + "..." : t;
    }

    /** {@code Authorization: Bearer TOKEN}; the scheme's case does not matter (RFC 7235). */
    private boolean authorized(HttpExchange x) {
        String given = x.getRequestHeaders().getFirst("Authorization");
        if (given == null) {
            return false;
        }
        String[] parts = given.strip().split("[ \t]+", 2);
        return parts.length == 2 && parts[0].equalsIgnoreCase("Bearer") && MessageDigest.isEqual(token, sha256(parts[1]));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A response body computed once and given to every request that asks for it while it is fresh. */
    private record Answer(String contentType, byte[] body) {
    }

    private record Shared(CompletableFuture<Answer> answer, long startNanos, boolean keep) {
        boolean reusable(long now) {
            return !answer.isDone() || (keep && !answer.isCompletedExceptionally() && now - startNanos < FRESH.toNanos());
        }
    }

    private interface Compute {
        Answer call() throws IOException, UserError;
    }

    /**
     * The answer for {@code key}: the one being computed, or (if {@code keep}) one started less
     * than {@link #FRESH} ago, or a new one. However many requests arrive, at most one
     * computation per key runs.
     */
    private Answer shared(String key, boolean keep, Compute compute) throws IOException {
        var mine = new Shared(new CompletableFuture<>(), System.nanoTime(), keep);
        var current = shared.compute(key, (k, old) -> old != null && old.reusable(System.nanoTime()) ? old : mine);
        if (current == mine) {
            try {
                mine.answer.complete(compute.call());
            } catch (IOException | RuntimeException e) {
                mine.answer.completeExceptionally(e);
            }
        }
        try {
            return current.answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a dump");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e.getCause();
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
            send(x, 200, shared("threads-" + format, true, () -> {
                var groups = new StackGroups();
                ThreadDumps.visitLive(self, groups);
                var profile = groups.profile();
                var bytes = new java.io.ByteArrayOutputStream();
                try (var out = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8))) {
                    if (format.equals("json")) {
                        ProfileJson.write(profile, out);
                    } else {
                        ProfileText.write(profile, out);
                    }
                }
                return new Answer(contentType(format), bytes.toByteArray());
            }));
        } else if (!lists.tryAcquire()) {
            send(x, 429, "a per-thread list is already being sent; try again later\n");
        } else {
            try (var out = stream(x, format)) {
                if (format.equals("json")) {
                    try (var list = ThreadList.json(out)) {
                        ThreadDumps.visitLive(self, list);
                    }
                } else {
                    ThreadDumps.visitLive(self, ThreadList.text(out));
                }
            } finally {
                lists.release();
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
    private Answer count() {
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
        return new Answer(contentType("text"), ("platform " + platform + "\nvirtual " + virtual + "\ntotal " + app
                + "\njvm " + jvm + "\nbaseline " + baseline.get() + "\nlevel " + LeakRule.level(app, baseline.get())
                + "\ncounted by " + method + "\n").getBytes(StandardCharsets.UTF_8));
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
        if (!recordings.tryAcquire()) {
            send(x, 429, "a recording is already running; try again when it ends\n");
            return;
        }
        Path file = null;
        try {
            try {
                file = Files.createTempFile("leaklab-debug-", ".jfr");
                try (var recording = new Recording(defaultConfiguration())) {
                    recording.setName(RECORDING_NAME);
                    recording.enable("jdk.VirtualThreadStart");
                    recording.enable("jdk.VirtualThreadEnd");
                    recording.enable("jdk.ThreadStart").withStackTrace();
                    recording.enable("jdk.ThreadEnd");
                    recording.start();
                    if (!recordWhileConnected(x, Duration.ofSeconds(seconds))) {
                        return; // nobody to send it to; closing the recording discards it
                    }
                    recording.stop();
                    recording.dump(file);
                }
            } finally {
                recordings.release(); // sending to a slow client does not hold the slot
            }
            x.getResponseHeaders().set("Content-Type", "application/octet-stream");
            x.getResponseHeaders().set("Content-Disposition",
                    "attachment; filename=\"threads-" + ProcessHandle.current().pid() + ".jfr\"");
            x.sendResponseHeaders(200, Files.size(file));
            try (OutputStream body = x.getResponseBody()) {
                Files.copy(file, body);
            }
        } finally {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Waits out the recording, checking that the client is still connected.
     *
     * @return false when the client went away: the JDK's server tells a handler nothing until it
     *         writes, and a recording writes only at the end, so the socket's state is read instead
     */
    private boolean recordWhileConnected(HttpExchange x, Duration length) {
        long end = System.nanoTime() + length.toNanos();
        int local = x.getLocalAddress().getPort(), remote = x.getRemoteAddress().getPort();
        try {
            for (long left; (left = end - System.nanoTime()) > 0; ) {
                Thread.sleep(Duration.ofNanos(Math.min(left, CLIENT_CHECK.toNanos())));
                if (TcpConnections.state(local, remote) == TcpConnections.State.GONE) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down: send what was recorded
        }
        return true;
    }

    private static Configuration defaultConfiguration() throws IOException {
        try {
            return Configuration.getConfiguration("default");
        } catch (ParseException e) {
            throw new IOException("the JDK's default JFR configuration does not parse: " + e.getMessage());
        }
    }

    private static String contentType(String format) {
        return format.equals("json") ? "application/json" : "text/plain; charset=utf-8";
    }

    private static PrintWriter stream(HttpExchange x, String format) throws IOException {
        x.getResponseHeaders().set("Content-Type", contentType(format));
        x.sendResponseHeaders(200, 0); // chunked: the size is known only at the end
        return new PrintWriter(new OutputStreamWriter(x.getResponseBody(), StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange x, int status, String text) throws IOException {
        send(x, status, new Answer(contentType("text"), text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void send(HttpExchange x, int status, Answer answer) throws IOException {
        byte[] body = answer.body();
        x.getResponseHeaders().set("Content-Type", answer.contentType());
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

package dev.leaklab.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Debian's headless Chromium driven over the Chrome DevTools Protocol with the JDK's own HTTP and
 * WebSocket clients: no driver to download. It records every console message, uncaught exception,
 * log entry and network request of the page, evaluates scripts in it, and takes screenshots.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final List<String> browserOutput = new CopyOnWriteArrayList<>();

    /** The browser's executable: $LEAKLAB_CHROMIUM, or chromium / chromium-browser / google-chrome on the PATH. */
    static Optional<Path> find() {
        String explicit = System.getenv("LEAKLAB_CHROMIUM");
        if (explicit != null && Files.isExecutable(Path.of(explicit))) {
            return Optional.of(Path.of(explicit));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** A started browser, or the calling test (class) skipped where there is none. */
    static HeadlessChromium startOrSkip() throws IOException, InterruptedException {
        var chromium = find();
        org.junit.jupiter.api.Assumptions.assumeTrue(chromium.isPresent(),
                "no chromium on the PATH (apt-get install chromium); .ci/run installs it");
        return new HeadlessChromium(chromium.get());
    }

    HeadlessChromium(Path executable) throws IOException, InterruptedException {
        profile = Files.createTempDirectory("leaklab-chromium-");
        process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--window-size=1400,1000", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String browserUrl = awaitDevToolsUrl();
        URI browser = URI.create(browserUrl);
        // The page target's own socket: commands then need no session ids.
        var http = HttpClient.newHttpClient();
        JsonNode targets = null;
        for (int i = 0; i < 100; i++) {
            var list = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString());
            targets = JSON.readTree(list.body());
            if (pageSocket(targets).isPresent()) {
                break;
            }
            Thread.sleep(100);
        }
        String page = pageSocket(targets).orElseThrow(() -> new IOException("Chromium opened no page target"));
        socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new Listener()).join();
    }

    private static Optional<String> pageSocket(JsonNode targets) {
        if (targets == null) {
            return Optional.empty();
        }
        for (JsonNode t : targets) {
            if ("page".equals(t.path("type").asText()) && t.has("webSocketDebuggerUrl")) {
                return Optional.of(t.get("webSocketDebuggerUrl").asText());
            }
        }
        return Optional.empty();
    }

    private String awaitDevToolsUrl() throws IOException {
        var reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        var found = new CompletableFuture<String>();
        Thread.ofPlatform().daemon().name("chromium-stderr").start(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    browserOutput.add(line);
                    var m = LISTENING.matcher(line);
                    if (m.find()) {
                        found.complete(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the browser went away
            }
            found.completeExceptionally(new IOException("Chromium exited before it listened: " + browserOutput));
        });
        try {
            return found.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("no DevTools endpoint from Chromium: " + e.getMessage() + "; output: " + browserOutput, e);
        }
    }

    /** Sends a command and waits for its result; a protocol error is an exception. */
    JsonNode send(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", JSON.valueToTree(params));
        var reply = new CompletableFuture<JsonNode>();
        pending.put(id, reply);
        socket.sendText(msg.toString(), true).join();
        JsonNode r;
        try {
            r = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(method + ": no answer from Chromium", e);
        }
        if (r.has("error")) {
            throw new IllegalStateException(method + ": " + r.get("error"));
        }
        return r.path("result");
    }

    /** Evaluates an expression in the page and returns its value (promises awaited). */
    JsonNode evaluate(String expression) {
        JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Opens a URL with the console, log and network recorded, and waits for its load event. */
    void open(String url) throws InterruptedException {
        for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
            send(domain + ".enable", Map.of());
        }
        events.clear(); // the previous page's events, its load event among them, are not this page's
        send("Page.navigate", Map.of("url", url));
        awaitEvent("Page.loadEventFired");
    }

    void awaitEvent(String method) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (events.stream().anyMatch(e -> method.equals(e.path("method").asText()))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no " + method + " within " + TIMEOUT.toSeconds() + " s");
    }

    List<JsonNode> events(String method) {
        return events.stream().filter(e -> method.equals(e.path("method").asText())).map(e -> e.path("params")).toList();
    }

    /** Every console message of level error or warning, uncaught exception and error log entry, as text. */
    List<String> problems() {
        var out = new ArrayList<String>();
        for (JsonNode p : events("Runtime.consoleAPICalled")) {
            String type = p.path("type").asText();
            if (type.equals("error") || type.equals("assert") || type.equals("warning")) {
                out.add("console." + type + ": " + p.path("args"));
            }
        }
        for (JsonNode p : events("Runtime.exceptionThrown")) {
            out.add("exception: " + p.path("exceptionDetails"));
        }
        for (JsonNode p : events("Log.entryAdded")) {
            String level = p.path("entry").path("level").asText();
            if (level.equals("error") || level.equals("warning")) {
                out.add("log." + level + ": " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
            }
        }
        return out;
    }

    /** URLs of every request the page made, the document's own included. */
    List<String> requests() {
        return events("Network.requestWillBeSent").stream().map(p -> p.path("request").path("url").asText()).toList();
    }

    /** Sets the viewport, as a screen of that size would show the page. */
    void viewport(int width, int height) {
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
                "mobile", false));
    }

    /** A real left click at a point of the viewport (CSS pixels), as a person's mouse makes it. */
    void click(double x, double y) {
        send("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
        send("Input.dispatchMouseEvent", Map.of("type", "mousePressed", "x", x, "y", y, "button", "left", "clickCount", 1));
        send("Input.dispatchMouseEvent", Map.of("type", "mouseReleased", "x", x, "y", y, "button", "left", "clickCount", 1));
    }

    /** A PNG of one element of the page (CSS selector), wherever it is on the page. */
    void screenshotOf(String selector, Path png) throws IOException {
        JsonNode box;
        try {
            box = JSON.readTree(evaluate("(() => { const r = document.querySelector(" + JSON.writeValueAsString(selector)
                    + ").getBoundingClientRect(); return JSON.stringify({ x: r.left + scrollX, y: r.top + scrollY,"
                    + " width: r.width, height: r.height }); })()").asText());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        var clip = Map.of("x", box.path("x").asDouble(), "y", box.path("y").asDouble(), "width", box.path("width").asDouble(),
                "height", box.path("height").asDouble(), "scale", 1);
        JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    /** A PNG of the whole page, at most {@code maxHeight} CSS pixels tall. */
    void screenshot(Path png, int width, int maxHeight) throws IOException {
        // measure at a small viewport: the content is never reported shorter than the viewport
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 800, "deviceScaleFactor", 1,
                "mobile", false));
        evaluate("new Promise(r => setTimeout(r, 400))");
        JsonNode metrics = send("Page.getLayoutMetrics", Map.of());
        int height = (int) Math.min(maxHeight, Math.ceil(metrics.path("cssContentSize").path("height").asDouble(1000)));
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
                "mobile", false));
        // let the charts follow the new width before the picture is taken
        evaluate("new Promise(r => setTimeout(r, 400))");
        JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode msg = JSON.readTree(text);
                    if (msg.has("id")) {
                        var f = pending.remove(msg.get("id").asInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    } else {
                        events.add(msg);
                    }
                } catch (IOException e) {
                    events.add(JSON.createObjectNode().put("method", "leaklab.unparsable").put("text", text));
                }
            }
            ws.request(1);
            return null;
        }
    }
}

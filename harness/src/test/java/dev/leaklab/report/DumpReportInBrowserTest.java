package dev.leaklab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * End to end: each kind of thread report, made from real files, opened from the file system in
 * headless Chromium and used as a person would, with real mouse clicks and typing: the top group
 * is on the first screen, clicking it opens its stack, the flame graph draws, a click zooms into a
 * frame and search counts the threads through matching frames. Nothing may be logged as an error or
 * warning, and the page may request nothing but itself. Screenshots go to harness/target/.
 */
class DumpReportInBrowserTest extends InBrowser {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int WIDTH = 1400, HEIGHT = 900;

    /** The first group, the flame graph's state and how many strongly coloured pixels its canvas has. */
    static final String INSPECT = """
            (() => {
              const g = document.querySelector('details.group');
              const s = g.querySelector('summary').getBoundingClientRect();
              const li = g.querySelector('ol.frames li');
              const c = document.querySelector('#flame-graph canvas');
              let coloured = 0;
              // read a copy: reading the page's own canvas again and again makes Chromium warn
              const copy = document.createElement('canvas');
              copy.width = c.width; copy.height = c.height;
              const cx = copy.getContext('2d', { willReadFrequently: true });
              cx.drawImage(c, 0, 0);
              const px = cx.getImageData(0, 0, c.width, c.height).data;
              for (let i = 0; i < px.length; i += 4) {
                const r = px[i], gr = px[i + 1], b = px[i + 2];
                if (px[i + 3] > 0 && Math.max(r, gr, b) - Math.min(r, gr, b) > 60) coloured++;
              }
              const f = window.leaklabFlame;
              return JSON.stringify({ headline: g.querySelector('.headline').textContent, open: g.open,
                summary: { top: s.top, bottom: s.bottom, x: s.left + 40, y: (s.top + s.bottom) / 2 },
                firstFrame: li.textContent, firstFrameShown: li.checkVisibility() && li.getBoundingClientRect().height > 0,
                innerHeight: innerHeight,
                flame: { drawn: f.drawn, visible: f.visible, width: f.width, height: f.height, zoom: f.zoom,
                         zoomWidthPx: f.zoomWidthPx, matched: f.matchedThreads || 0, canvasWidth: c.width },
                coloured: coloured });
            })()""";

    record Expect(String headline, String firstFrame, String zoomInto, String search, int matched, String root) { }

    @Test
    void aDumpReportWorksInTheBrowser(@TempDir Path tmp) throws Exception {
        check(make(tmp, "dump-new.json"), new Expect(DumpReportTest.LEAKY_ENTRY,
                "java.base/java.lang.VirtualThread.park(VirtualThread.java:742)",
                "SynchronousQueue.put", "SendWithoutReceiver", 156, "all threads"), "report-dump-screenshot.png");
    }

    /** Orange for platform-only frames, blue for virtual-only ones, grey where both pass. */
    @Test
    void platformAndVirtualFramesLookDifferent(@TempDir Path tmp) throws Exception {
        browser.viewport(WIDTH, HEIGHT);
        browser.open(make(tmp, "dump-new.json").toAbsolutePath().toUri().toString());
        String virtual = browser.evaluate("leaklabFlame.fillOf('SendWithoutReceiver$Leaky')").asText();
        String platform = browser.evaluate("leaklabFlame.fillOf('Reference.waitForReferencePendingList')").asText();
        String both = browser.evaluate("leaklabFlame.fillOf('all threads')").asText();
        assertThat(hue(virtual)).as(virtual).isBetween(190, 220);
        assertThat(hue(platform)).as(platform).isBetween(25, 50);
        assertThat(both).as(both).contains(", 0%,"); // no saturation: grey
        assertThat(browser.problems()).isEmpty();
    }

    static int hue(String hsl) {
        return (int) Double.parseDouble(hsl.substring(hsl.indexOf('(') + 1, hsl.indexOf(',')));
    }

    @Test
    void aDiffReportWorksInTheBrowser(@TempDir Path tmp) throws Exception {
        check(make(tmp, "dump-base.json", "dump-new.json"), new Expect(DumpReportTest.LEAKY_ENTRY,
                "java.base/java.lang.VirtualThread.park(VirtualThread.java:742)",
                "SynchronousQueue.put", "SendWithoutReceiver", 156, "all threads"), "report-diff-screenshot.png");
    }

    /** A log's two kill -3 dumps of a JDK 17 service leaking a pool per request, picked with LOG#N. */
    @Test
    void aDiffOfTwoTextDumpsInALogWorksInTheBrowser(@TempDir Path tmp) throws Exception {
        Path log = Files.copy(DumpReportTest.KILL3_LOG, tmp.resolve("app.log"));
        var made = Reports.make(List.of(Path.of(log + "#1"), Path.of(log + "#2")), null);
        assertThat(made.html()).isEqualTo(tmp.resolve("app.log-2-vs-app.log-1-report").resolve(Reports.HTML));
        check(made.html(), new Expect("ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1062)",
                "java.base/jdk.internal.misc.Unsafe.park(Native Method)", "ThreadPoolExecutor.getTask",
                "ThreadPoolExecutor", 13, "all threads"), "report-text-diff-screenshot.png");
    }

    /** The proven leak first: its group is the page's first; 300 + 2 threads were created from Billing.main. */
    @Test
    void aLeakReportWorksInTheBrowser(@TempDir Path tmp) throws Exception {
        Path html = make(tmp, "leaks-proven.json");
        check(html, new Expect(DumpReportTest.BILLING_LEAK, "java.lang.VirtualThread.start(VirtualThread.java)",
                "Billing.main", "Billing.main", 300 + 2, "all leaked threads"), "report-leaks-screenshot.png");
        browser.viewport(WIDTH, HEIGHT);
        JsonNode order = JSON.readTree(browser.evaluate("""
                JSON.stringify({ proven: document.getElementById('proven').getBoundingClientRect().top,
                  groups: document.getElementById('groups').getBoundingClientRect().top })""").asText());
        assertThat(order.path("proven").asDouble()).isLessThan(order.path("groups").asDouble());
    }

    /** With scripts off, the summary still reads, the groups still open, and the page says what needs JavaScript. */
    @Test
    void theGroupsReadAndOpenWithoutJavaScript(@TempDir Path tmp) throws Exception {
        Path html = make(tmp, "dump-new.json");
        String url = html.toAbsolutePath().toUri().toString();
        browser.viewport(WIDTH, HEIGHT);
        browser.send("Emulation.setScriptExecutionDisabled", Map.of("value", true));
        try {
            browser.open(url);
            // the page's own script did not run; evaluate() still works (DevTools, not the page)
            String state = """
                    (() => { const g = document.querySelector('details.group'); const s = g.querySelector('summary');
                      const r = s.getBoundingClientRect(); const li = g.querySelector('ol.frames li');
                      return JSON.stringify({ flame: typeof window.leaklabFlame, open: g.open, text: s.textContent,
                        x: r.left + 40, y: (r.top + r.bottom) / 2, bottom: r.bottom, innerHeight: innerHeight,
                        shown: li.checkVisibility() && li.getBoundingClientRect().height > 0,
                        noscript: document.querySelector('#flame-graph').innerText,
                        controls: document.getElementById('flame-controls').checkVisibility() }); })()""";
            JsonNode page = JSON.readTree(browser.evaluate(state).asText());
            assertThat(page.path("flame").asText()).isEqualTo("undefined");
            assertThat(page.path("text").asText()).contains("156", DumpReportTest.LEAKY_ENTRY, "virtual", "WAITING");
            assertThat(page.path("bottom").asDouble()).isLessThanOrEqualTo(page.path("innerHeight").asDouble());
            assertThat(page.path("noscript").asText()).contains("The flame graph needs JavaScript");
            assertThat(page.path("controls").asBoolean()).as("search and zoom controls, useless without scripts").isFalse();
            browser.click(page.path("x").asDouble(), page.path("y").asDouble());
            page = JSON.readTree(browser.evaluate(state).asText());
            assertThat(page.path("open").asBoolean()).isTrue();
            assertThat(page.path("shown").asBoolean()).isTrue();
            assertThat(browser.problems()).isEmpty();
            assertThat(browser.requests()).containsOnly(url);
        } finally {
            browser.send("Emulation.setScriptExecutionDisabled", Map.of("value", false));
        }
        // the screenshot helper waits with a timer, which needs scripts; the page's own script ran at load or never
        browser.screenshot(Path.of("target", "report-dump-nojs-screenshot.png"), WIDTH, 1200);
    }

    static Path make(Path tmp, String... names) throws IOException {
        var paths = new ArrayList<Path>();
        for (String n : names) {
            paths.add(Fixtures.copy("threads/" + n, tmp));
        }
        var made = Reports.make(paths, null);
        assertThat(made.charts()).isEmpty();
        return made.html();
    }

    private static JsonNode inspect() throws IOException {
        return JSON.readTree(browser.evaluate(INSPECT).asText());
    }

    private static void check(Path html, Expect expect, String screenshot) throws Exception {
        String url = html.toAbsolutePath().toUri().toString();
        browser.viewport(WIDTH, HEIGHT);
        browser.open(url);
        JsonNode page = inspect();

        // the top group, whole, on the first screen; closed, its stack hidden
        assertThat(page.path("headline").asText()).isEqualTo(expect.headline());
        assertThat(page.path("summary").path("top").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(page.path("summary").path("bottom").asDouble()).isLessThanOrEqualTo(page.path("innerHeight").asDouble());
        assertThat(page.path("open").asBoolean()).isFalse();
        assertThat(page.path("firstFrameShown").asBoolean()).isFalse();

        // a click on it shows its stack
        browser.click(page.path("summary").path("x").asDouble(), page.path("summary").path("y").asDouble());
        page = inspect();
        assertThat(page.path("open").asBoolean()).isTrue();
        assertThat(page.path("firstFrameShown").asBoolean()).isTrue();
        assertThat(page.path("firstFrame").asText()).isEqualTo(expect.firstFrame());

        // the flame graph drew, in colour, at the page's width
        JsonNode flame = page.path("flame");
        assertThat(flame.path("drawn").asBoolean()).isTrue();
        assertThat(flame.path("visible").asInt()).isGreaterThan(3);
        assertThat(flame.path("width").asInt()).isGreaterThan(1000);
        assertThat(page.path("coloured").asInt()).as("pixels in frame colours").isGreaterThan(5000);
        assertThat(flame.path("zoom").asText()).isEqualTo(expect.root());

        // a click on a frame zooms into it: it then spans the whole width
        JsonNode at = JSON.readTree(browser.evaluate("document.getElementById('flame-graph').scrollIntoView();"
                + " JSON.stringify(leaklabFlame.locate(" + JSON.writeValueAsString(expect.zoomInto()) + "))").asText());
        assertThat(at.isObject()).as("a frame containing " + expect.zoomInto()).isTrue();
        assertThat(at.path("widthPx").asDouble()).isLessThan(flame.path("width").asDouble());
        browser.click(at.path("x").asDouble(), at.path("y").asDouble());
        flame = inspect().path("flame");
        assertThat(flame.path("zoom").asText()).isEqualTo(at.path("frame").asText());
        assertThat(flame.path("zoomWidthPx").asDouble()).isCloseTo(flame.path("width").asDouble(), within(0.5));
        assertThat(browser.evaluate("document.getElementById('flame-detail').textContent").asText())
                .startsWith("Zoomed into: " + at.path("frame").asText());

        // "Reset zoom" goes back to every thread
        JsonNode reset = JSON.readTree(browser.evaluate("""
                (() => { const r = document.getElementById('flame-reset').getBoundingClientRect();
                  return JSON.stringify({ x: r.left + r.width / 2, y: r.top + r.height / 2 }); })()""").asText());
        browser.click(reset.path("x").asDouble(), reset.path("y").asDouble());
        assertThat(inspect().path("flame").path("zoom").asText()).isEqualTo(expect.root());

        // typing in the search box counts the threads through matching frames
        browser.evaluate("document.getElementById('flame-search').focus()");
        browser.send("Input.insertText", Map.of("text", expect.search()));
        assertThat(inspect().path("flame").path("matched").asInt()).isEqualTo(expect.matched());
        assertThat(browser.evaluate("document.getElementById('flame-match').textContent").asText())
                .startsWith(String.format("%,d threads", expect.matched()));

        assertThat(browser.problems()).as("console errors, warnings and exceptions").isEmpty();
        assertThat(browser.requests()).as("the page loads nothing but itself").containsOnly(url);

        Path png = Path.of("target", screenshot);
        browser.screenshot(png, WIDTH, 4000);
        assertThat(png).isNotEmptyFile();
    }

}

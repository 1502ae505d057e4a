package dev.leaklab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Names from the input that mean something to an HTML parser, through every HTML report: a
 * scenario (run report, and a comparison of runs), a JMH benchmark (JMH report, comparison), a
 * frame (dump report, diff) and a creator site (leak report). Each page must still draw (canvases
 * with pixels in them, no error logged), its inline data must be valid JSON that holds the name
 * unchanged, and no {@code <!--}, {@code </script} or raw U+2028 may be left in the data. A
 * {@code <!--} in a name once blanked the charts: the old escaping wrote {@code <\!--}, no JSON escape.
 */
class HostileNamesInBrowserTest extends InBrowser {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern DATA = Pattern.compile("<script type=\"application/json\" id=\"([^\"]+)\">(.*?)</script>", Pattern.DOTALL);

    /** Quote- and backslash-free, so each can go inside a JSON string as it is. */
    static final String COMMENT = "Demo<!--x", CLOSE = "a</script><b>x", CDATA = "c]]>d<![CDATA[e",
            LINE_SEPARATOR = "e\u2028f\u2029g", ALL = "Z<!--<script></script>]]>\u2028&amp;";

    /** How many canvases drew something (a canvas with a coloured pixel), and what the page's own scripts recorded. */
    static final String INSPECT = """
            (() => {
              let drawn = 0;
              for (const c of document.querySelectorAll('canvas')) {
                if (c.width === 0 || c.height === 0) continue;
                const copy = document.createElement('canvas');
                copy.width = c.width; copy.height = c.height;
                const cx = copy.getContext('2d', { willReadFrequently: true });
                cx.drawImage(c, 0, 0);
                const px = cx.getImageData(0, 0, c.width, c.height).data;
                for (let i = 0; i < px.length; i += 4) {
                  const r = px[i], g = px[i + 1], b = px[i + 2];
                  if (px[i + 3] > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 60) { drawn++; break; }
                }
              }
              const data = [...document.querySelectorAll('script[type="application/json"]')].map(s => s.textContent);
              return JSON.stringify({ drawn: drawn, report: window.leaklabReport || null,
                flame: window.leaklabFlame ? window.leaklabFlame.drawn : null, data: data });
            })()""";

    @ParameterizedTest
    @ValueSource(strings = {COMMENT, CLOSE, CDATA, LINE_SEPARATOR, ALL})
    void aJmhReportAndAComparisonDrawWithAHostileBenchmarkName(String name, @TempDir Path tmp) throws Exception {
        Path base = jmhNamed(tmp, "base.json", name);
        Path next = jmhNamed(tmp, "new.json", name);
        check(Reports.make(List.of(base), tmp.resolve("one")).html(), name);
        check(Reports.make(List.of(base, next), tmp.resolve("two")).html(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {COMMENT, ALL})
    void aRunReportAndAComparisonOfRunsDrawWithAHostileScenarioName(String name, @TempDir Path tmp) throws Exception {
        Path base = runNamed(tmp.resolve("base"), name);
        Path next = runNamed(tmp.resolve("new"), name);
        check(Reports.make(List.of(base), base).html(), name);
        check(Reports.make(List.of(base, next), tmp.resolve("two")).html(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {COMMENT, CLOSE, CDATA, LINE_SEPARATOR, ALL})
    void aDumpReportAndADiffDrawWithAHostileFrame(String name, @TempDir Path tmp) throws Exception {
        Path base = Fixtures.copy("threads/dump-base.json", tmp);
        Path next = replaced(Fixtures.threads("dump-new.json"), tmp.resolve("dump-new.json"), "SendWithoutReceiver", name);
        check(Reports.make(List.of(next), tmp.resolve("one.html")).html(), name);
        check(Reports.make(List.of(base, next), tmp.resolve("two.html")).html(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {COMMENT, ALL})
    void aLeakReportDrawsWithAHostileCreator(String name, @TempDir Path tmp) throws Exception {
        Path leaks = replaced(Fixtures.threads("leaks-proven.json"), tmp.resolve("leaks.json"), "Billing", name);
        check(Reports.make(List.of(leaks), tmp.resolve("leaks.html")).html(), name);
    }

    private static void check(Path html, String name) throws Exception {
        String page = Files.readString(html);
        Matcher m = DATA.matcher(page);
        int blocks = 0;
        while (m.find()) {
            blocks++;
            String data = m.group(2);
            assertThat(data).as(m.group(1)).doesNotContain("<!--", "</", "<script", "]]>", "\u2028", "\u2029");
            assertThat(holds(JSON.readTree(data), name)).as("the data, read back, holds the name").isTrue();
        }
        assertThat(blocks).as("inline data blocks in " + html).isEqualTo(1);

        String url = html.toAbsolutePath().toUri().toString();
        browser.viewport(1400, 900);
        browser.open(url);
        JsonNode state = JSON.readTree(browser.evaluate(INSPECT).asText());
        assertThat(state.path("drawn").asInt()).as("canvases that drew").isGreaterThan(0);
        if (!state.path("report").isNull()) {
            assertThat(state.path("report").path("failed")).isEmpty();
            assertThat(state.path("report").path("rendered").asInt()).isEqualTo(state.path("report").path("charts").asInt())
                    .isGreaterThan(0);
        } else {
            assertThat(state.path("flame").asBoolean()).as("the flame graph drew").isTrue();
        }
        // the browser read the data as the same JSON, the name whole
        JsonNode data = JSON.readTree(state.path("data").get(0).asText());
        assertThat(holds(data, name)).as("the name, as the browser read it").isTrue();
        assertThat(browser.problems()).as("console errors, warnings and exceptions").isEmpty();
        assertThat(browser.requests()).containsOnly(url);
    }

    /** Some string in the tree contains {@code name} whole. */
    private static boolean holds(JsonNode node, String name) {
        if (node.isTextual()) {
            return node.asText().contains(name);
        }
        for (JsonNode child : node) {
            if (holds(child, name)) {
                return true;
            }
        }
        return false;
    }

    /** jmh/small.json with its first benchmark renamed (a method name holding {@code name}). */
    private static Path jmhNamed(Path tmp, String file, String name) throws IOException {
        var all = JSON.readTree(Fixtures.resource("jmh/small.json").toFile());
        String first = all.get(0).path("benchmark").asText();
        for (JsonNode b : all) {
            if (b.path("benchmark").asText().equals(first)) {
                ((ObjectNode) b).put("benchmark", first + name);
            }
        }
        Path out = tmp.resolve(file);
        JSON.writeValue(out.toFile(), all);
        return out;
    }

    /** run-quick with its send-without-receiver cells renamed. */
    private static Path runNamed(Path into, String name) throws IOException {
        Path run = Fixtures.copy("run-quick", into);
        var json = JSON.readTree(run.resolve("run.json").toFile());
        for (JsonNode c : json.path("cells")) {
            if (c.path("scenario").asText().equals("send-without-receiver")) {
                ((ObjectNode) c).put("scenario", "send-without-receiver" + name);
            }
        }
        JSON.writeValue(run.resolve("run.json").toFile(), json);
        return run;
    }

    private static Path replaced(Path from, Path to, String what, String name) throws IOException {
        String text = Files.readString(from, StandardCharsets.UTF_8);
        assertThat(text).contains(what);
        Files.writeString(to, text.replace(what, what + name), StandardCharsets.UTF_8);
        return to;
    }
}

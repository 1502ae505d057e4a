package dev.leaklab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.leaklab.report.Chart.Line;

/** report.html is one file that loads nothing and whose tables read without JavaScript. */
class HtmlReportTest {

    static final Page REPORT = RunReport.of(Fixtures.run(), Fixtures.runDir());
    static final String HTML = HtmlReport.render(REPORT, "charts");

    @Test
    void everythingIsInlinedAndNothingIsLoaded() {
        assertThat(HTML).doesNotContainPattern(Pattern.compile("<script[^>]+src\\s*=", Pattern.CASE_INSENSITIVE));
        assertThat(HTML).doesNotContainPattern(Pattern.compile("<(link|img|iframe|object|embed)\\b", Pattern.CASE_INSENSITIVE));
        assertThat(HTML).doesNotContainPattern(Pattern.compile("@import|url\\(\\s*['\"]?(https?:|//)", Pattern.CASE_INSENSITIVE));
        assertThat(HTML).doesNotContainPattern(Pattern.compile("(src|href)\\s*=\\s*['\"]?(https?:|//)", Pattern.CASE_INSENSITIVE));
        // and the browser is told to refuse anything else
        assertThat(HTML).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");
        assertThat(HTML).contains("uPlot.paths", "leaklab-charts", "window.leaklabReport");
    }

    @Test
    void theSummaryTableIsPlainHtmlThatReadsWithoutJavaScript() {
        String noScripts = HTML.replaceAll("(?s)<script.*?</script>", "");
        assertThat(noScripts).contains("<table>", "<caption>Every cell of the run</caption>",
                "<td class=\"bad\">LEAKING</td>", "<td class=\"good\">HEALTHY</td>", "<td>send-without-receiver</td>",
                "<td class=\"num\">50.0 ± 0.367</td>");
        assertThat(noScripts).contains("<noscript>");
        // one figure per chart, each naming its PNG
        for (Chart c : REPORT.charts()) {
            assertThat(noScripts).contains("data-chart=\"" + c.id() + "\"", "charts/" + c.id() + ".png");
        }
    }

    @Test
    void theChartDataIsTheModelAlignedOnOneXWithNullsForGaps() throws Exception {
        String json = HTML.substring(HTML.indexOf("id=\"leaklab-charts\">") + "id=\"leaklab-charts\">".length());
        json = json.substring(0, json.indexOf("</script>")).replace("<\\/", "</");
        JsonNode charts = new ObjectMapper().readTree(json);
        assertThat(charts).hasSize(REPORT.charts().size());
        JsonNode threads = charts.get(0);
        assertThat(threads.get("type").asText()).isEqualTo("lines");
        assertThat(threads.get("x").get("title").asText()).isEqualTo("time since load start (s)");
        var model = (Chart.Lines) REPORT.charts().getFirst();
        assertThat(threads.get("series")).hasSize(model.lines().size());
        assertThat(threads.get("data")).hasSize(model.lines().size() + 1);
        JsonNode bars = charts.findValues("type").stream().anyMatch(t -> t.asText().equals("bars")) ? charts : null;
        assertThat(bars).isNotNull();
    }

    @Test
    void alignJoinsXsAndLeavesGapsWhereALineHasNoPoint() {
        var a = new Line("a", new double[] {0, 2}, new double[] {10, 12}, Palette.PLAIN);
        var b = new Line("b", new double[] {1, 2}, new double[] {21, 22}, Palette.PLAIN);
        List<double[]> cols = HtmlReport.align(List.of(a, b));
        assertThat(cols.get(0)).containsExactly(0, 1, 2);
        assertThat(cols.get(1)).containsExactly(10, Double.NaN, 12);
        assertThat(cols.get(2)).containsExactly(Double.NaN, 21, 22);
        assertThat(HtmlReport.chartJson(List.of(new Chart.Lines("x", "t", "c", Chart.Axis.linear("a", "s"),
                Chart.Axis.linear("b", "B"), List.of(a, b), List.of())))).contains("[10.0,null,12.0]");
    }

    @Test
    void textIsEscapedAndScriptsCannotBeClosedEarly() {
        assertThat(HtmlReport.esc("<a href=\"x\">&'")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        String json = "{\"name\":\"</script><!--]]>&\u2028\u2029\"}";
        String safe = ScriptData.json(json);
        assertThat(safe).isEqualTo("{\"name\":\"\\u003c/script\\u003e\\u003c!--]]\\u003e\\u0026\\u2028\\u2029\"}");
        assertThat(safe).doesNotContain("<", ">", "&", "\u2028", "\u2029");
        // still JSON, and the same: the escapes are JSON's own
        try {
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(safe).path("name").asText())
                    .isEqualTo("</script><!--]]>&\u2028\u2029");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
        assertThat(ScriptData.script("s = '</script>'")).doesNotContain("</script>");
    }
}

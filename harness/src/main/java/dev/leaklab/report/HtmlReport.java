package dev.leaklab.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.leaklab.internal.io.AtomicFile;
import dev.leaklab.report.Chart.Axis;
import dev.leaklab.report.Chart.BarSeries;
import dev.leaklab.report.Chart.Bars;
import dev.leaklab.report.Chart.Line;
import dev.leaklab.report.Chart.Lines;
import dev.leaklab.report.Chart.Rule;
import dev.leaklab.report.Chart.Style;
import dev.leaklab.report.Page.Cell;
import dev.leaklab.report.Page.Fact;
import dev.leaklab.report.Page.Section;
import dev.leaklab.report.Page.Table;

/**
 * Writes a {@link Page} as one self-contained HTML file: uPlot's script and style, our script
 * and style, and the chart data are all inlined, and a Content-Security-Policy of
 * {@code default-src 'none'} forbids the page to load anything, so it opens offline from the
 * file system and can be mailed or attached as it is. The tables are plain HTML and read without
 * JavaScript.
 */
public final class HtmlReport {

    static final String UPLOT_VERSION = "1.6.30";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The start of every report page: a Content-Security-Policy that lets the page run its own
     * inlined script and styles and load nothing at all, so it opens offline and leaks nothing.
     */
    static final String HEAD = """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; \
                style-src 'unsafe-inline'; img-src data:">
                <meta name="generator" content="leaklab report">
                """;

    private HtmlReport() {
    }

    /**
     * Writes atomically (temporary file, then rename); a link at {@code html} is replaced, never
     * followed. {@code chartDir} is named in captions, relative to the HTML.
     */
    public static void write(Page report, Path html, String chartDir) throws IOException {
        AtomicFile.write(html, render(report, chartDir).getBytes(StandardCharsets.UTF_8), AtomicFile.Links.REPLACE);
    }

    public static String render(Page report, String chartDir) {
        var h = new StringBuilder(256 * 1024);
        h.append(HEAD);
        h.append("<title>").append(esc(report.title())).append("</title>\n");
        h.append("<style>/* uPlot ").append(UPLOT_VERSION).append(" */\n").append(resource(UPLOT + "dist/uPlot.min.css"))
                .append("</style>\n<style>\n").append(resource("/dev/leaklab/report/report.css")).append("</style>\n</head>\n<body>\n");

        h.append("<header>\n<h1>").append(esc(report.title())).append("</h1>\n<p class=\"subtitle\">")
                .append(esc(report.subtitle())).append("</p>\n<dl class=\"facts\">\n");
        for (Fact f : report.facts()) {
            h.append("<dt>").append(esc(f.name())).append("</dt><dd>").append(esc(f.value())).append("</dd>\n");
        }
        h.append("</dl>\n<nav>");
        for (Table t : report.tables()) {
            h.append("<a href=\"#table-").append(esc(t.id())).append("\">").append(esc(t.caption())).append("</a>");
        }
        for (Section s : report.sections()) {
            h.append("<a href=\"#").append(esc(s.id())).append("\">").append(esc(s.title())).append("</a>");
        }
        h.append("</nav>\n</header>\n<noscript><p><b>The charts need JavaScript.</b> The tables below read without it, and "
                + "every chart is also a PNG file in ").append(esc(chartDir)).append("/ beside this file.</p></noscript>\n");

        for (Table t : report.tables()) {
            table(h, t);
        }
        for (Section s : report.sections()) {
            h.append("<section id=\"").append(esc(s.id())).append("\">\n<h2>").append(esc(s.title())).append("</h2>\n");
            if (!s.intro().isEmpty()) {
                h.append("<p class=\"intro\">").append(esc(s.intro())).append("</p>\n");
            }
            boolean wide = s.charts().stream().anyMatch(c -> c instanceof Bars b && b.categories().size() > 6);
            h.append("<div class=\"grid").append(wide ? " wide" : "").append(s.columns() > 0 ? " columns-" + s.columns() : "")
                    .append("\">\n");
            for (Chart c : s.charts()) {
                h.append("<figure class=\"chart\" id=\"chart-").append(esc(c.id())).append("\">\n<h3>")
                        .append(esc(c.title())).append("</h3>\n<div class=\"plot\" data-chart=\"").append(esc(c.id()))
                        .append("\" role=\"img\" aria-label=\"").append(esc(c.title())).append("\"></div>\n<figcaption>")
                        .append(esc(c.caption())).append(" <span class=\"png\">").append(esc(chartDir)).append('/')
                        .append(esc(c.id())).append(".png</span></figcaption>\n</figure>\n");
            }
            h.append("</div>\n</section>\n");
        }
        h.append("<footer>Made by <code>leaklab report</code> on ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(". This file is self-contained: it loads nothing, and opens offline. Charts drawn with uPlot ")
                .append(UPLOT_VERSION).append(" (MIT licence, inlined below).</footer>\n");

        h.append("<script type=\"application/json\" id=\"leaklab-charts\">")
                .append(ScriptData.json(chartJson(report.charts()))).append("</script>\n");
        h.append("<!--\n").append(resource(UPLOT + "LICENSE").replace("--", "- -")).append("-->\n");
        h.append("<script>\n").append(ScriptData.script(resource(UPLOT + "dist/uPlot.iife.min.js"))).append("\n</script>\n");
        h.append("<script>\n").append(ScriptData.script(resource("/dev/leaklab/report/report.js"))).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void table(StringBuilder h, Table t) {
        h.append("<section id=\"table-").append(esc(t.id())).append("\">\n<div class=\"table-wrap\">\n<table>\n<caption>")
                .append(esc(t.caption())).append("</caption>\n<thead><tr>");
        for (int i = 0; i < t.header().size(); i++) {
            h.append("<th").append(t.numeric().contains(i) ? " class=\"num\"" : "").append(" scope=\"col\">")
                    .append(esc(t.header().get(i))).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (List<Cell> row : t.rows()) {
            h.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                var classes = new ArrayList<String>();
                if (t.numeric().contains(i)) {
                    classes.add("num");
                }
                if (!row.get(i).tone().isEmpty()) {
                    classes.add(row.get(i).tone());
                }
                h.append("<td").append(classes.isEmpty() ? "" : " class=\"" + String.join(" ", classes) + "\"").append('>')
                        .append(esc(row.get(i).text())).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    /** The charts as uPlot wants them: lines on one shared, sorted x with nulls where a line has no point. */
    static String chartJson(List<Chart> charts) {
        ArrayNode all = JSON.createArrayNode();
        for (Chart c : charts) {
            ObjectNode o = all.addObject();
            o.put("id", c.id());
            o.put("title", c.title());
            switch (c) {
                case Lines l -> {
                    o.put("type", "lines");
                    axis(o.putObject("x"), l.x());
                    axis(o.putObject("y"), l.y());
                    ArrayNode series = o.putArray("series");
                    for (Line line : l.lines()) {
                        style(series.addObject().put("name", line.name()), line.style());
                    }
                    ArrayNode data = o.putArray("data");
                    for (double[] column : align(l.lines())) {
                        ArrayNode col = data.addArray();
                        for (double v : column) {
                            number(col, v);
                        }
                    }
                    ArrayNode rules = o.putArray("rules");
                    for (Rule r : l.rules()) {
                        rules.addObject().put("x", r.x()).put("label", r.label());
                    }
                }
                case Bars b -> {
                    o.put("type", "bars");
                    o.put("categoryLabel", b.categoryLabel());
                    axis(o.putObject("y"), b.y());
                    ArrayNode cats = o.putArray("categories");
                    b.categories().forEach(cats::add);
                    ArrayNode series = o.putArray("series");
                    for (BarSeries s : b.series()) {
                        ObjectNode so = series.addObject().put("name", s.name());
                        style(so, s.style());
                        ArrayNode v = so.putArray("values");
                        ArrayNode e = so.putArray("errors");
                        for (int i = 0; i < s.values().length; i++) {
                            number(v, s.values()[i]);
                            number(e, s.errors()[i]);
                        }
                    }
                }
            }
        }
        try {
            return JSON.writeValueAsString(all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Column 0: the union of every line's x, sorted; column i+1: line i's y at those x, NaN where
     * it has none (uPlot's "aligned" data; the script spans such gaps).
     */
    static List<double[]> align(List<Line> lines) {
        var index = new TreeMap<Double, Integer>();
        for (Line l : lines) {
            for (double x : l.x()) {
                if (!Double.isNaN(x)) {
                    index.put(x, 0);
                }
            }
        }
        int i = 0;
        double[] xs = new double[index.size()];
        for (var e : index.entrySet()) {
            xs[i] = e.getKey();
            e.setValue(i++);
        }
        var columns = new ArrayList<double[]>();
        columns.add(xs);
        for (Line l : lines) {
            double[] y = new double[xs.length];
            java.util.Arrays.fill(y, Double.NaN);
            for (int j = 0; j < l.x().length; j++) {
                if (!Double.isNaN(l.x()[j])) {
                    y[index.get(l.x()[j])] = l.y()[j];
                }
            }
            columns.add(y);
        }
        return columns;
    }

    private static void axis(ObjectNode o, Axis a) {
        o.put("title", a.title()).put("scale", a.scale().name()).put("fromZero", a.scale() == Chart.Scale.LINEAR);
    }

    private static void style(ObjectNode o, Style s) {
        o.put("colour", s.colour()).put("dash", s.dash().name()).put("mark", s.mark().name()).put("width", s.width());
    }

    private static void number(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(v);
        } else {
            a.addNull();
        }
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        var b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " (is the uPlot webjar on the class path?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

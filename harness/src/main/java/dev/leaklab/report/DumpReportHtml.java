package dev.leaklab.report;

import static dev.leaklab.report.HtmlReport.esc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import dev.leaklab.internal.io.AtomicFile;
import dev.leaklab.report.DumpReport.Block;
import dev.leaklab.report.DumpReport.Card;
import dev.leaklab.report.DumpReport.Tag;
import dev.leaklab.report.Page.Fact;

/**
 * Writes a {@link DumpReport} as one self-contained HTML file, like {@link HtmlReport}: styles,
 * script and data inlined, a Content-Security-Policy that lets it load nothing. The groups are
 * {@code <details>} elements, so the summary reads and every stack opens without JavaScript; only
 * the flame graph (a canvas) needs it.
 */
final class DumpReportHtml {

    private DumpReportHtml() {
    }

    /** Writes atomically: a reader sees the old page or the new one, never half of one. */
    static void write(DumpReport report, Path html) throws IOException {
        write(report, html, AtomicFile.Links.FOLLOW);
    }

    static void write(DumpReport report, Path html, AtomicFile.Links links) throws IOException {
        AtomicFile.write(html, render(report).getBytes(StandardCharsets.UTF_8), links);
    }

    static String render(DumpReport r) {
        var h = new StringBuilder(64 * 1024);
        h.append(HtmlReport.HEAD);
        h.append("<title>").append(esc(r.title())).append(" · leaklab</title>\n<style>\n")
                .append(HtmlReport.resource("/dev/leaklab/report/report.css"))
                .append(HtmlReport.resource("/dev/leaklab/report/dump-report.css"))
                .append("</style>\n</head>\n<body class=\"dump-report kind-").append(r.kind().name().toLowerCase(Locale.ROOT))
                .append("\">\n<header>\n<h1>").append(esc(r.title())).append("</h1>\n<p class=\"subtitle\">")
                .append(esc(r.subtitle())).append("</p>\n<dl class=\"facts\">\n");
        for (Fact f : r.facts()) {
            h.append("<dt>").append(esc(f.name())).append("</dt><dd>").append(esc(f.value())).append("</dd>\n");
        }
        h.append("</dl>\n<nav>");
        if (!r.proven().isEmpty()) {
            h.append("<a href=\"#proven\">Proven leaks</a>");
        }
        h.append("<a href=\"#groups\">").append(esc(r.groupsTitle())).append("</a><a href=\"#flame\">Flame graph</a></nav>\n</header>\n");
        for (String w : r.warnings()) {
            h.append("<p class=\"warning\">").append(esc(w)).append("</p>\n");
        }
        if (!r.proven().isEmpty()) {
            h.append("<section id=\"proven\">\n<h2>Proven leaks</h2>\n<p class=\"intro\">Virtual threads the leaklab agent's"
                    + " proof mode saw the garbage collector free while they were still blocked: nothing could ever have woken"
                    + " them, so each is a leak, with the line that created it. Open one for the creator's stack.</p>\n"
                    + "<div class=\"groups\">\n");
            int p = 0;
            for (Card g : r.proven()) {
                group(h, g, "proven-" + ++p);
            }
            h.append("</div>\n</section>\n");
        }

        h.append("<section id=\"groups\">\n<h2>").append(esc(r.groupsTitle())).append("</h2>\n<p class=\"intro\">")
                .append(esc(r.groupsIntro())).append("</p>\n<div class=\"groups\">\n");
        if (r.groups().isEmpty()) {
            h.append("<p class=\"empty\">").append(r.kind() == DumpReport.Kind.LEAKS
                    ? "No thread started in the recording is still running at its end." : "Nothing to show.").append("</p>\n");
        }
        int i = 0;
        for (Card g : r.groups()) {
            group(h, g, "group-" + ++i);
        }
        if (r.hiddenGroups() > 0) {
            h.append("<p class=\"more\">And ").append(DumpReport.n(r.hiddenGroups())).append(" smaller groups (")
                    .append(DumpReport.n(r.hiddenThreads())).append(" threads) not listed; they are in the flame graph.</p>\n");
        }
        h.append("</div>\n</section>\n");

        h.append("""
                <section id="flame">
                <h2>Flame graph</h2>
                <p class="intro">""").append(esc(r.flameIntro())).append("""
                </p>
                <div class="flame-controls" id="flame-controls" hidden>
                <label>Search <input type="search" id="flame-search" placeholder="part of a frame, e.g. SynchronousQueue" \
                autocomplete="off" spellcheck="false"></label>
                <button type="button" id="flame-reset">Reset zoom</button>
                <span id="flame-match" aria-live="polite"></span>
                <span class="flame-legend" id="flame-legend"></span>
                </div>
                <div id="flame-graph" class="flame"><noscript><p>The flame graph needs JavaScript; the groups above read \
                without it.</p></noscript></div>
                <div id="flame-detail" class="flame-detail" aria-live="polite"></div>
                </section>
                """);
        h.append("<footer>Made by <code>leaklab report</code> on ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(". This file is self-contained: it loads nothing, and opens offline.</footer>\n");
        h.append("<script type=\"application/json\" id=\"leaklab-flame\">").append(ScriptData.json(r.flame().toJson()))
                .append("</script>\n<script>\n").append(ScriptData.script(HtmlReport.resource("/dev/leaklab/report/flame.js")))
                .append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void group(StringBuilder h, Card g, String id) {
        h.append("<details class=\"group\" id=\"").append(id).append("\"><summary><span class=\"count")
                .append(g.tone().isEmpty() ? "" : " " + g.tone()).append("\">").append(esc(g.count()))
                .append("</span> <code class=\"headline\">").append(esc(g.headline())).append("</code><span class=\"tags\">");
        for (Tag t : g.tags()) {
            h.append(" <span class=\"tag ").append(esc(t.css())).append("\">").append(esc(t.text())).append("</span>");
        }
        h.append("</span></summary>\n");
        for (Block b : g.lines()) {
            h.append("<div class=\"block\"><h4>").append(esc(b.label())).append("</h4><ol class=\"frames\">");
            if (b.frames().isEmpty()) {
                h.append("<li class=\"none\">(no Java frames)</li>");
            }
            for (String f : b.frames()) {
                h.append("<li>").append(esc(f)).append("</li>");
            }
            h.append("</ol></div>\n");
        }
        if (!g.note().isEmpty()) {
            h.append("<p class=\"note\">").append(esc(g.note())).append("</p>\n");
        }
        h.append("</details>\n");
    }
}

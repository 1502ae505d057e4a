package dev.leaklab.report;

import java.util.List;
import java.util.Set;

/**
 * What a report says, before it is written: a title, facts about where the numbers come from,
 * tables (readable without JavaScript) and sections of charts. {@link HtmlReport} writes it as one
 * self-contained HTML file, {@link PngCharts} writes each chart as a PNG.
 */
public record Page(String title, String subtitle, List<Fact> facts, List<Table> tables, List<Section> sections) {

    /** One line of provenance, e.g. "JDK" → "25.0.3+9-LTS (Eclipse Adoptium)". */
    public record Fact(String name, String value) { }

    /**
     * A table of text cells. {@code numeric} holds the indices of right-aligned columns; a cell's
     * {@code tone} (good, bad or empty) only adds colour to what its text already says.
     */
    public record Table(String id, String caption, List<String> header, List<List<Cell>> rows, Set<Integer> numeric) { }

    public record Cell(String text, String tone) {
        public static Cell of(String text) {
            return new Cell(text, "");
        }
    }

    /**
     * Charts under one heading, with a short text that says how to read them. {@code columns}: how
     * many charts a row holds on a wide page, so that related charts line up (0: as many as fit).
     */
    public record Section(String id, String title, String intro, int columns, List<Chart> charts) {
        public Section(String id, String title, String intro, List<Chart> charts) {
            this(id, title, intro, 0, charts);
        }
    }

    public List<Chart> charts() {
        return sections.stream().flatMap(s -> s.charts().stream()).toList();
    }
}

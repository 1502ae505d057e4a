package dev.leaklab.compare;

import dev.leaklab.internal.io.Printable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.leaklab.compare.Differences.Assessment;
import dev.leaklab.compare.Differences.Change;
import dev.leaklab.compare.Differences.MetricTable;
import dev.leaklab.compare.Differences.OneSided;
import dev.leaklab.compare.Differences.Row;

/**
 * The report for people: verdict and outcome changes first, then the settings that differ, then a
 * table per metric (benchstat's layout: median ± interval on each side, the change or {@code ~}, the
 * p-value and the sample sizes), then what could not be paired, and footnotes for the symbols used.
 * The same content as plain aligned text or as Markdown.
 */
final class TextReport {

    private final Differences r;
    private final boolean markdown;
    private final StringBuilder out = new StringBuilder();
    private boolean usedInfinity;
    private boolean usedNeed;
    private boolean usedFit;
    private boolean usedJmhInterval;
    private boolean usedNotAFigure;

    private TextReport(Differences r, boolean markdown) {
        this.r = r;
        this.markdown = markdown;
    }

    static String text(Differences r) {
        return new TextReport(r, false).render();
    }

    static String markdown(Differences r) {
        return new TextReport(r, true).render();
    }

    private String render() {
        header();
        changes("Verdict changes", r.verdictChanges());
        changes("Outcome changes", r.outcomeChanges());
        settings();
        for (MetricTable t : r.tables()) {
            table(t);
        }
        oneSided("Only in base", r.onlyInBase());
        oneSided("Only in new", r.onlyInNext());
        notCompared();
        footnotes();
        verdict();
        return out.toString();
    }

    private void header() {
        if (markdown) {
            out.append("## leaklab compare\n\n");
            out.append("- **base:** `").append(code(r.base().source())).append("` — ").append(name(r.base().summary())).append('\n');
            out.append("- **new:** `").append(code(r.next().source())).append("` — ").append(name(r.next().summary())).append('\n');
            for (String n : sideNotes()) {
                out.append("- ").append(name(n)).append('\n');
            }
            out.append("- ").append(method()).append('\n');
        } else {
            out.append("base: ").append(name(r.base().source())).append("  (").append(name(r.base().summary())).append(")\n");
            out.append("new:  ").append(name(r.next().source())).append("  (").append(name(r.next().summary())).append(")\n");
            for (String n : sideNotes()) {
                out.append("  ").append(name(n)).append('\n');
            }
            out.append(method()).append('\n');
        }
    }

    private List<String> sideNotes() {
        var notes = new ArrayList<String>();
        r.base().notes().forEach(n -> notes.add("base: " + n));
        r.next().notes().forEach(n -> notes.add("new: " + n));
        notes.addAll(r.notes());
        return notes;
    }

    private String method() {
        return "median ± 95% interval of the median; change and p from a two-sided Mann-Whitney U test on the samples;"
                + " alpha " + r.alpha() + ", threshold " + Numbers.threshold(r.thresholdPercent());
    }

    private void section(String title) {
        out.append('\n');
        out.append(markdown ? "### " + title + "\n\n" : title + "\n");
    }

    private void changes(String title, List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        section(title);
        var t = new Table(false, false, false, false, false);
        t.add("", "base", "", "new", "");
        for (Change c : changes) {
            t.add(c.row(), counts(c.base()), "→", counts(c.next()), word(c.assessment(), true));
        }
        emit(t);
    }

    private static String counts(Map<String, Integer> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", "));
    }

    private void settings() {
        // derived on both sides (e.g. the thread cap without --thread-cap): the hosts differ, not the settings
        java.util.function.Predicate<Differences.SettingDiff> derivedOnBoth = d -> d.base().endsWith(RunReader.HOST_DERIVED)
                && d.next().endsWith(RunReader.HOST_DERIVED);
        var chosen = r.settingDiffs().stream().filter(derivedOnBoth.negate()).toList();
        var derived = r.settingDiffs().stream().filter(derivedOnBoth).toList();
        settingTable("Settings that differ", chosen);
        settingTable("Derived from the host, not settings (the thread cap follows the host's free threads)", derived);
    }

    private void settingTable(String title, List<Differences.SettingDiff> diffs) {
        if (diffs.isEmpty()) {
            return;
        }
        section(title);
        var t = new Table(false, false, false, false);
        t.add("", "base", "", "new");
        diffs.forEach(d -> {
            String[] shown = differingWords(d.base(), d.next());
            t.add(d.key(), clip(shown[0]), "→", clip(shown[1]));
        });
        emit(t);
    }

    /** Keeps the table readable; the JSON format has every value whole. */
    static String clip(String s) {
        return s.length() <= 72 ? s : s.substring(0, 71) + "…";
    }

    /** Long lists of flags differ in a word or two: show those words, "..." for the rest. */
    static String[] differingWords(String base, String next) {
        if (base.length() + next.length() <= 60 || !base.contains(" ") || !next.contains(" ")) {
            return new String[] {base, next};
        }
        var b = List.of(base.split(" "));
        var n = List.of(next.split(" "));
        String onlyB = b.stream().filter(w -> !n.contains(w)).collect(Collectors.joining(" "));
        String onlyN = n.stream().filter(w -> !b.contains(w)).collect(Collectors.joining(" "));
        return new String[] {onlyB.isEmpty() ? "..." : onlyB + " ...", onlyN.isEmpty() ? "..." : onlyN + " ..."};
    }

    private void table(MetricTable m) {
        section(m.metric() + " (" + m.unit() + "; " + m.better().label() + ")");
        var t = new Table(false, true, false, true, false, true, false, false);
        t.add("", "base", "", "new", "", "change", "p-value", "");
        for (Row row : m.rows()) {
            String change = row.assessment() == Assessment.SAME ? "~" : Numbers.percent(row.changePercent());
            String p = row.needPerSide() != null
                    ? "n=" + row.base().n() + "+" + row.next().n() + ", need ≥" + row.needPerSide()
                    : Numbers.p(row.pValue()) + " n=" + row.base().n() + "+" + row.next().n();
            usedNeed |= row.needPerSide() != null;
            boolean perThread = m.metric().startsWith(PER_THREAD_METRICS);
            t.add(row.label(), value(perThread, row.base()), interval(perThread, row.base()),
                    value(perThread, row.next()), interval(perThread, row.next()), change, p, rowWord(row));
        }
        var g = m.geomean();
        if (g != null) {
            t.add("geomean" + (g.rows() < g.of() ? " (" + g.rows() + " of " + g.of() + " rows)" : ""),
                    Numbers.value(g.base()), "", Numbers.value(g.next()), "", Numbers.percent(g.changePercent()), "", "");
        }
        emit(t);
    }

    /** The per-thread memory slopes: a single run's slope is only a figure when its interval allows. */
    static final String PER_THREAD_METRICS = "memory.";

    /**
     * A single run's per-thread memory slope whose interval spans zero or is wider than the slope
     * is not a figure: {@code ~} and its interval, never a bare number.
     */
    static boolean notAFigure(boolean perThread, Differences.Summary s) {
        if (!perThread || s.interval() == null || !Interval.FIT_95.equals(s.interval().method())) {
            return false;
        }
        double lo = s.interval().low(), hi = s.interval().high();
        // as PerThread.isFigure; a reading that never moved (0 to 0) is exact, not uncertain
        return hi > lo && ((lo <= 0 && hi >= 0) || hi - lo > Math.abs(s.center()));
    }

    private String value(boolean perThread, Differences.Summary s) {
        if (notAFigure(perThread, s)) {
            usedNotAFigure = true;
            return "~";
        }
        return Numbers.value(s.center());
    }

    private String interval(boolean perThread, Differences.Summary s) {
        if (notAFigure(perThread, s)) {
            return "(" + Numbers.value(s.interval().low()) + " to " + Numbers.value(s.interval().high()) + ")ⁿ";
        }
        return interval(s);
    }

    private String interval(Differences.Summary s) {
        if (s.interval() == null) {
            usedInfinity = true;
        } else if (Interval.FIT_95.equals(s.interval().method())) {
            usedFit = true;
            return Numbers.plusMinus(s.center(), s.interval()) + "ᶠ";
        } else if (Interval.JMH_999.equals(s.interval().method())) {
            usedJmhInterval = true;
            return Numbers.plusMinus(s.center(), s.interval()) + "ʲ";
        }
        return Numbers.plusMinus(s.center(), s.interval());
    }

    private String rowWord(Row row) {
        if (row.assessment() == Assessment.WORSE) {
            return row.beyondThreshold() ? "REGRESSION" : "worse, within " + Numbers.threshold(r.thresholdPercent());
        }
        return word(row.assessment(), false);
    }

    private static String word(Assessment a, boolean upper) {
        return switch (a) {
            case SAME -> "";
            case BETTER -> "better";
            case WORSE -> upper ? "WORSE" : "worse";
            case CHANGED -> "changed";
        };
    }

    /** One line per row and sample size, its metrics joined: a cell missing on one side is one line, not nine. */
    private void oneSided(String title, List<OneSided> rows) {
        if (rows.isEmpty()) {
            return;
        }
        section(title);
        var grouped = new LinkedHashMap<List<String>, List<String>>();
        for (OneSided o : rows) {
            grouped.computeIfAbsent(List.of(o.row(), String.valueOf(o.n())), k -> new ArrayList<>()).add(o.metric());
        }
        var t = new Table(false, true, false);
        t.add("", "n", "metrics");
        grouped.forEach((rowN, metrics) -> t.add(rowN.get(0), rowN.get(1), String.join(", ", metrics)));
        emit(t);
    }

    private void notCompared() {
        if (r.notCompared().isEmpty()) {
            return;
        }
        section("Not compared");
        var t = new Table(false, false, false);
        t.add("", "metric", "why");
        r.notCompared().forEach(o -> t.add(o.row(), o.metric(), o.reason()));
        emit(t);
    }

    private void footnotes() {
        var notes = new ArrayList<String>();
        notes.add("~: no significant difference (p ≥ " + r.alpha() + "), or too few samples to tell.");
        if (usedNeed) {
            notes.add("need ≥N: with this few samples the exact test cannot reach p < " + r.alpha()
                    + " whatever the data; give each side at least N (leaklab stress --repeat N; JMH: more forks or iterations).");
        }
        if (usedInfinity) {
            notes.add("±∞: fewer than 6 samples give no 95% interval of the median.");
        }
        if (usedFit) {
            notes.add("ᶠ: a single run: the 95% interval of its fitted slope.");
        }
        if (usedNotAFigure) {
            notes.add("~ (lo to hi)ⁿ: not a figure: a single run's per-thread slope whose 95% interval spans zero or is"
                    + " wider than the slope (too few points or too few threads); the interval is all it says.");
        }
        if (usedJmhInterval) {
            notes.add("ʲ: no raw data in the file: JMH's own 99.9% scoreConfidence.");
        }
        out.append('\n');
        for (String n : notes) {
            out.append(markdown ? "- " : "").append(n).append('\n');
        }
    }

    private void verdict() {
        var regressions = r.regressions();
        out.append('\n');
        String line = regressions.isEmpty()
                ? "no regressions (no significant change beyond " + Numbers.threshold(r.thresholdPercent())
                        + " for the worse, no worse verdict or outcome)"
                : regressions.size() + " regression" + (regressions.size() == 1 ? "" : "s") + ": " + String.join("; ", regressions);
        out.append(markdown ? "**" + name(line) + "**" : name(line)).append('\n');
    }

    /**
     * Scenario, benchmark and file names come from the inputs: a newline in one must not print a
     * line of its own (a forged verdict), so they go through the escaping every command uses.
     */
    private String name(String s) {
        return Printable.escape(s);
    }

    /** In a Markdown code span a backtick would end it early. */
    private static String code(String s) {
        return Printable.escape(s).replace('`', '\'');
    }

    private void emit(Table t) {
        out.append(markdown ? t.markdown() : t.text("  "));
    }
}

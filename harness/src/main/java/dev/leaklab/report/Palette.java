package dev.leaklab.report;

import dev.leaklab.report.Chart.Dash;
import dev.leaklab.report.Chart.Mark;
import dev.leaklab.report.Chart.Style;
import dev.leaklab.result.ThreadKind;
import dev.leaklab.result.Variant;

/**
 * One visual code for the whole report, from the Okabe–Ito palette (safe for the common kinds of
 * colour blindness) and never colour alone: thread kind is colour plus marker (platform: vermillion,
 * filled circles; virtual: blue, hollow circles), variant is the line pattern (leaky: solid, fixed:
 * dashed), a fitted line is black and dotted. In grey print the markers and patterns still tell.
 */
public final class Palette {

    public static final String BLACK = "#000000";
    public static final String ORANGE = "#E69F00";
    public static final String SKY_BLUE = "#56B4E9";
    public static final String BLUISH_GREEN = "#009E73";
    public static final String YELLOW = "#F0E442";
    public static final String BLUE = "#0072B2";
    public static final String VERMILLION = "#D55E00";
    public static final String REDDISH_PURPLE = "#CC79A7";

    /** Comparisons: base and new, colours used for nothing else. */
    public static final Style BASE = new Style(ORANGE, Dash.SOLID, Mark.FILLED, 1.5f);
    public static final Style NEW = new Style(BLUISH_GREEN, Dash.SOLID, Mark.HOLLOW, 1.5f);
    /** The base run's lines in a comparison of runs: grey, thin, without markers, under the new run's colours. */
    public static final String GREY = "#8C8C8C";

    public static Style base(Variant variant) {
        return new Style(GREY, variant == Variant.LEAKY ? Dash.SOLID : Dash.DASHED, Mark.NONE, 1.25f);
    }

    /** A series with no kind or comparison to encode. */
    public static final Style PLAIN = new Style(SKY_BLUE, Dash.SOLID, Mark.FILLED, 1.5f);
    /** A fitted least-squares line. */
    public static final Style FIT = new Style(BLACK, Dash.DOTTED, Mark.NONE, 1.5f);

    private Palette() {
    }

    public static String colour(ThreadKind kind) {
        return kind == ThreadKind.PLATFORM ? VERMILLION : BLUE;
    }

    public static Mark mark(ThreadKind kind) {
        return kind == ThreadKind.PLATFORM ? Mark.FILLED : Mark.HOLLOW;
    }

    /** A measured series of one cell: colour and marker by kind, pattern and weight by variant. */
    public static Style of(ThreadKind kind, Variant variant) {
        return variant == Variant.LEAKY
                ? new Style(colour(kind), Dash.SOLID, mark(kind), 2f)
                : new Style(colour(kind), Dash.DASHED, mark(kind), 1.5f);
    }

    /** A bar of one thread kind. */
    public static Style bar(ThreadKind kind) {
        return new Style(colour(kind), Dash.SOLID, mark(kind), 1f);
    }
}

package dev.leaklab.report;

import java.util.List;

import dev.leaklab.internal.io.FileNames;

/**
 * A chart as data: what to draw, with its axes, units and styles, but not how. The same value is
 * drawn twice: as a PNG by XChart ({@link PngCharts}) and as an interactive uPlot chart inlined in
 * report.html ({@link HtmlReport}). Keeping the data here lets tests check what a chart says
 * without looking at pixels.
 */
public sealed interface Chart permits Chart.Lines, Chart.Bars {

    /** A file-name-safe identifier, unique within a report: the PNG is {@code charts/<id>.png}. */
    String id();

    String title();

    /** One or two sentences under the chart: what is measured and what is left out. */
    String caption();

    /** How values map to positions along an axis. */
    enum Scale {
        LINEAR,
        /** Base-10 logarithmic. */
        LOG,
        /**
         * x holds 1/(1-q) for a quantile q, on a log scale, labelled as percentiles (1 is 0%, 10 is
         * 90%, 100 is 99%): HdrHistogram's way of showing the tail of a latency distribution.
         */
        PERCENTILE
    }

    /** An axis: what it shows and in what unit; the unit is part of the title a reader sees. */
    record Axis(String label, String unit, Scale scale) {
        public static Axis linear(String label, String unit) {
            return new Axis(label, unit, Scale.LINEAR);
        }

        public String title() {
            return unit == null || unit.isEmpty() ? label : label + " (" + unit + ")";
        }
    }

    /** Line pattern: the second channel after colour, so print and colour-blind readers can tell lines apart. */
    enum Dash { SOLID, DASHED, DOTTED }

    /** Point marker: filled or hollow circles, the third channel. */
    enum Mark { NONE, FILLED, HOLLOW }

    /** How one series looks. {@code colour} is a CSS hex colour, {@code width} in pixels. */
    record Style(String colour, Dash dash, Mark mark, float width) { }

    /** One line: x and y of equal length; a NaN in y is a gap. */
    record Line(String name, double[] x, double[] y, Style style) {
        public Line {
            if (x.length != y.length) {
                throw new IllegalArgumentException(name + ": x and y differ in length");
            }
        }
    }

    /** A labelled vertical rule at x, such as the start of a phase. */
    record Rule(double x, String label) { }

    /** Lines over a numeric x axis, with vertical rules. */
    record Lines(String id, String title, String caption, Axis x, Axis y, List<Line> lines, List<Rule> rules)
            implements Chart {
        public Lines {
            id = FileNames.safe(id); // ids carry scenario and benchmark names, which come from input files
        }
    }

    /**
     * One bar series over the categories: {@code values[i]} for category i, NaN for none;
     * {@code errors[i]} the half-width of its error bar (a confidence interval), NaN for none.
     */
    record BarSeries(String name, double[] values, double[] errors, Style style) { }

    /** Grouped bars: one group per category, one bar per series. */
    record Bars(String id, String title, String caption, String categoryLabel, List<String> categories, Axis y,
                List<BarSeries> series) implements Chart {
        public Bars {
            id = FileNames.safe(id);
            for (BarSeries s : series) {
                if (s.values().length != categories.size() || s.errors().length != categories.size()) {
                    throw new IllegalArgumentException(s.name() + ": one value and one error per category");
                }
            }
        }
    }
}

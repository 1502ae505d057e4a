package dev.leaklab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.leaklab.internal.io.AtomicFile;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.leaklab.report.Chart.BarSeries;
import dev.leaklab.report.Chart.Bars;
import dev.leaklab.report.Chart.Line;
import dev.leaklab.report.Chart.Lines;
import dev.leaklab.report.Chart.Mark;
import dev.leaklab.report.Chart.Rule;
import dev.leaklab.report.Chart.Scale;
import dev.leaklab.report.Chart.Style;

/** Draws a {@link Chart} as a PNG with XChart, headless. */
public final class PngCharts {

    static final int WIDTH = 1000;
    static final int HEIGHT = 520;

    static {
        // XChart draws with AWT: without a display, AWT must know it is headless before it starts.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private PngCharts() {
    }

    /** Writes atomically; a link at {@code png} is replaced, never followed. */
    public static void write(Chart chart, Path png) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        try (var file = AtomicFile.open(png, AtomicFile.Links.REPLACE)) {
            OutputStream out = file.stream();
            switch (chart) {
                case Lines l -> BitmapEncoder.saveBitmap(lines(l), out, BitmapFormat.PNG);
                case Bars b -> BitmapEncoder.saveBitmap(bars(b), out, BitmapFormat.PNG);
            }
            file.commit();
        }
    }

    static XYChart lines(Lines c) {
        var chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(c.title());
        chart.setXAxisTitle(c.x().title());
        chart.setYAxisTitle(c.y().title());
        var st = chart.getStyler();
        common(st);
        // outside: inside, a legend of long labels covers the data of one chart or another
        st.setLegendPosition(LegendPosition.OutsideE);
        st.setMarkerSize(6);
        boolean percentile = c.x().scale() == Scale.PERCENTILE;
        if (c.x().scale() == Scale.LOG) {
            st.setXAxisLogarithmic(true);
            st.setXAxisLogarithmicDecadeOnly(true);
        }
        if (percentile) {
            // XChart's log axis with a label function spins; draw log10(x) on a linear axis instead
            // and label the whole decades: 0 → 0%, 1 → 90%, 2 → 99%.
            st.setxAxisTickLabelsFormattingFunction(v -> Math.abs(v - Math.rint(v)) < 1e-9 ? percentileLabel(Math.pow(10, Math.rint(v))) : "");
        }
        if (c.y().scale() == Scale.LOG) {
            st.setYAxisLogarithmic(true);
        }
        double yMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        for (Line line : c.lines()) {
            double[] x = line.x();
            if (percentile) {
                x = x.clone();
                for (int i = 0; i < x.length; i++) {
                    x[i] = Math.log10(x[i]);
                }
            }
            XYSeries s = chart.addSeries(line.name(), x, line.y());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setLineColor(colour(line.style().colour()));
            s.setMarkerColor(colour(line.style().colour()));
            s.setLineStyle(stroke(line.style()));
            s.setMarker(marker(line.style().mark()));
            for (double v : line.y()) {
                if (!Double.isNaN(v)) {
                    yMax = Math.max(yMax, v);
                    yMin = Math.min(yMin, v);
                }
            }
        }
        if (c.lines().isEmpty()) {
            chart.addSeries("no data", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        }
        if (Double.isFinite(yMax) && c.y().scale() == Scale.LINEAR) {
            // head room for the rule labels and the legend
            double span = Math.max(yMax - Math.min(0, yMin), 1e-9);
            st.setYAxisMax(yMax + span * 0.25);
            if (yMin >= 0) {
                st.setYAxisMin(0.0);
            }
            double xMin = Double.POSITIVE_INFINITY;
            double xMax = Double.NEGATIVE_INFINITY;
            for (Line line : c.lines()) {
                for (double v : line.x()) {
                    xMin = Math.min(xMin, v);
                    xMax = Math.max(xMax, v);
                }
            }
            for (Rule r : c.rules()) {
                xMin = Math.min(xMin, r.x());
                xMax = Math.max(xMax, r.x());
            }
            if (!percentile && xMax > xMin) {
                st.setXAxisMin(xMin - (xMax - xMin) * 0.02);
                st.setXAxisMax(xMax + (xMax - xMin) * 0.02);
            }
            for (Rule r : c.rules()) {
                var line = new AnnotationLine(r.x(), true, false);
                chart.addAnnotation(line);
                // XChart centres the text on x: move it right of the rule by about half its width
                double shift = (xMax - xMin) * (r.label().length() * 3.6 + 6) / (WIDTH * 0.62);
                chart.addAnnotation(new AnnotationText(r.label(), r.x() + shift, yMax + span * 0.2, false));
            }
            st.setAnnotationLineColor(new Color(0x66, 0x66, 0x66));
            st.setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[] {4, 4}, 0));
            st.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            st.setAnnotationTextFontColor(new Color(0x44, 0x44, 0x44));
        }
        return chart;
    }

    static CategoryChart bars(Bars c) {
        var chart = new CategoryChart(WIDTH, HEIGHT);
        chart.setTitle(c.title());
        chart.setXAxisTitle(c.categoryLabel());
        chart.setYAxisTitle(c.y().title());
        var st = chart.getStyler();
        common(st);
        st.setLegendPosition(LegendPosition.OutsideS);
        st.setLegendLayout(LegendLayout.Horizontal);
        st.setErrorBarsColor(Color.BLACK);
        st.setErrorBarsColorSeriesColor(false);
        st.setAvailableSpaceFill(0.8);
        st.setLabelsVisible(false);
        if (c.categories().stream().mapToInt(String::length).sum() > 90) {
            st.setXAxisLabelRotation(30);
        }
        List<String> categories = c.categories().isEmpty() ? List.of("no data") : c.categories();
        if (c.series().isEmpty()) {
            chart.addSeries("no data", categories, List.of(0.0));
        }
        for (BarSeries s : c.series()) {
            var values = new ArrayList<Number>();
            var errors = new ArrayList<Number>();
            for (int i = 0; i < s.values().length; i++) {
                // XChart has no "missing": an absent bar is a zero-height one, the table says which
                values.add(Double.isNaN(s.values()[i]) ? 0.0 : s.values()[i]);
                errors.add(Double.isNaN(s.errors()[i]) || Double.isNaN(s.values()[i]) ? 0.0 : s.errors()[i]);
            }
            CategorySeries series = chart.addSeries(s.name(), c.categories(), values, errors);
            series.setFillColor(colour(s.style().colour()));
            series.setLineColor(colour(s.style().colour()));
        }
        return chart;
    }

    private static void common(AxesChartStyler st) {
        st.setLocale(Locale.ROOT);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(new Color(0x99, 0x99, 0x99));
        st.setPlotGridLinesColor(new Color(0xDD, 0xDD, 0xDD));
        st.setChartFontColor(Color.BLACK);
        st.setAxisTickLabelsColor(new Color(0x22, 0x22, 0x22));
        st.setChartTitleBoxVisible(false);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setLegendBorderColor(new Color(0xBB, 0xBB, 0xBB));
        st.setLegendBackgroundColor(new Color(255, 255, 255, 230));
        st.setLegendSeriesLineLength(36);
        st.setAntiAlias(true);
        st.setChartPadding(12);
    }

    /** 1 → "0%", 10 → "90%", 100 → "99%", 1000 → "99.9%". */
    static String percentileLabel(double x) {
        if (x < 1) {
            return "";
        }
        double p = 100 * (1 - 1 / x);
        String s = String.format(Locale.ROOT, "%.6f", p).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s + "%";
    }

    static Color colour(String hex) {
        return new Color(Integer.parseInt(hex.substring(1), 16));
    }

    static BasicStroke stroke(Style s) {
        float w = s.width();
        return switch (s.dash()) {
            case SOLID -> new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            case DASHED -> new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {8, 5}, 0);
            case DOTTED -> new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10, new float[] {1, 4}, 0);
        };
    }

    static Marker marker(Mark m) {
        return switch (m) {
            case NONE -> SeriesMarkers.NONE;
            case FILLED -> SeriesMarkers.CIRCLE;
            case HOLLOW -> HOLLOW_CIRCLE;
        };
    }

    /** A white circle with an outline in the series colour: virtual threads' marker. */
    static final Marker HOLLOW_CIRCLE = new Marker() {
        @Override
        public void paint(Graphics2D g, double x, double y, int size) {
            var circle = new Ellipse2D.Double(x - size / 2.0, y - size / 2.0, size, size);
            Color line = g.getColor();
            g.setColor(Color.WHITE);
            g.fill(circle);
            g.setColor(line);
            g.setStroke(new BasicStroke(1.5f));
            g.draw(circle);
        }
    };
}

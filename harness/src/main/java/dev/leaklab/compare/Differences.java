package dev.leaklab.compare;

import dev.leaklab.input.InputKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a comparison found, ready to be written in any {@link ReportFormat}. "next" is the NEW side
 * ({@code new} being taken).
 *
 * @param verdictChanges a run's cells whose verdicts differ (LEAKING, HEALTHY, INCONCLUSIVE): they lead the output
 * @param outcomeChanges a run's cells whose child JVMs ended differently (COMPLETED, CAPPED, OOM, ...)
 * @param tables         one table per metric and unit, rows paired on both sides
 * @param notCompared    rows on both sides that cannot be compared (units of different dimensions, only NaN)
 * @param needPerSide    the smallest n per side with which the exact test can reach alpha
 */
public record Differences(Side base, Side next, double alpha, double thresholdPercent, List<Change> verdictChanges,
                     List<Change> outcomeChanges, List<SettingDiff> settingDiffs, List<MetricTable> tables,
                     List<OneSided> onlyInBase, List<OneSided> onlyInNext, List<Refused> notCompared,
                     int needPerSide, List<String> notes) {

    /** How a significant difference reads for the metric. */
    public enum Assessment {
        /** Not significant, or too few samples to tell: shown as {@code ~}. */
        SAME,
        BETTER,
        WORSE,
        /** Significant, but the metric has no known better direction (or the centres are equal). */
        CHANGED
    }

    public record Side(String source, InputKind kind, String summary, List<String> notes) { }

    /** Counts of each verdict or outcome over a cell's repeats. */
    public record Change(String row, Map<String, Integer> base, Map<String, Integer> next, Assessment assessment) { }

    public record SettingDiff(String key, String base, String next) { }

    public record MetricTable(String metric, String unit, Direction better, List<Row> rows, Geomean geomean) { }

    /** A sample: its median, the interval around it (null: too few samples for one), its size. */
    public record Summary(double center, Interval interval, int n) { }

    /**
     * @param id            the key the row was paired by (JMH: the full benchmark name, mode, params)
     * @param changePercent (next - base) / |base| in percent; infinite when base is 0 and next is not
     * @param needPerSide   set when the samples are too few for the test to ever reach alpha
     * @param beyondThreshold |change| above --threshold
     */
    public record Row(String id, String label, Summary base, Summary next, double changePercent, double pValue, boolean significant,
                      Integer needPerSide, Assessment assessment, boolean beyondThreshold) {

        public boolean regression() {
            return assessment == Assessment.WORSE && beyondThreshold;
        }
    }

    /** The geometric means of the rows' centres where both are positive ({@code rows} of {@code of}). */
    public record Geomean(double base, double next, double changePercent, int rows, int of) { }

    public record OneSided(String id, String row, String metric, int n) { }

    public record Refused(String row, String metric, String reason) { }

    /** Everything that got worse: significant changes beyond the threshold in the bad direction, and worse verdicts or outcomes. */
    public List<String> regressions() {
        var out = new ArrayList<String>();
        for (var c : verdictChanges) {
            if (c.assessment() == Assessment.WORSE) {
                out.add("verdict of " + c.row());
            }
        }
        for (var c : outcomeChanges) {
            if (c.assessment() == Assessment.WORSE) {
                out.add("outcome of " + c.row());
            }
        }
        for (var t : tables) {
            for (var r : t.rows()) {
                if (r.regression()) {
                    out.add(t.metric() + " of " + r.label());
                }
            }
        }
        return out;
    }

    /** Every change: verdicts and outcomes, and significant changes beyond the threshold either way. */
    public List<String> changes() {
        var out = new ArrayList<String>();
        verdictChanges.forEach(c -> out.add("verdict of " + c.row()));
        outcomeChanges.forEach(c -> out.add("outcome of " + c.row()));
        for (var t : tables) {
            for (var r : t.rows()) {
                if (r.assessment() != Assessment.SAME && r.beyondThreshold()) {
                    out.add(t.metric() + " of " + r.label());
                }
            }
        }
        return out;
    }
}

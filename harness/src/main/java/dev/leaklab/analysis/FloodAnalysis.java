package dev.leaklab.analysis;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;

import org.HdrHistogram.Histogram;

import dev.leaklab.link.Hlog;
import dev.leaklab.link.PhaseLog;
import dev.leaklab.analysis.CellRecording.Sample;
import dev.leaklab.result.CellResult.Flood;
import dev.leaklab.result.CellResult.Percentiles;

/** The flood's figures: counts from the recording's samples, latency from the cell's .hlog. */
public final class FloodAnalysis {

    private FloodAnalysis() {
    }

    /**
     * From the child's own account: the totals at the exact end of the load (throughput counts
     * what completed while load was offered) and at the end of the cell. Needs no recording.
     */
    public static Flood analyse(long loadNanos, long operations, PhaseLog.Counts endOfLoad, PhaseLog.Counts last, Path hlog)
            throws FileNotFoundException {
        double loadSeconds = loadNanos / 1e9;
        Map<String, Histogram> byTag = Hlog.read(hlog);
        return new Flood(Math.max(operations, endOfLoad.submitted()), last.rejected(), last.completed(), last.timedOut(),
                loadSeconds > 0 ? endOfLoad.completed() / loadSeconds : 0,
                percentiles(byTag.get(Hlog.LATENCY)), percentiles(byTag.get(Hlog.QUEUE_WAIT)));
    }

    /** From the recording's samples: for a child that died before it could write its own account. */
    public static Flood analyse(CellRecording rec, Path hlog) throws FileNotFoundException {
        var load = rec.phase(dev.leaklab.result.Phase.LOAD);
        if (load.isEmpty() || rec.samples().isEmpty()) {
            return null;
        }
        // Totals are cumulative: the last sample of the cell has them all; throughput counts only
        // what completed while load was offered.
        Sample last = rec.samples().getLast();
        Sample endOfLoad = rec.samples().stream().filter(s -> !s.time().isAfter(load.get().end()))
                .max(Comparator.comparing(Sample::time)).orElse(last);
        double loadSeconds = Duration.between(load.get().start(), load.get().end()).toNanos() / 1e9;
        Map<String, Histogram> byTag = Hlog.read(hlog);
        return new Flood(Math.max(load.get().operations(), endOfLoad.submitted()), last.rejected(), last.completed(),
                last.timedOut(), loadSeconds > 0 ? endOfLoad.completed() / loadSeconds : 0,
                percentiles(byTag.get(Hlog.LATENCY)), percentiles(byTag.get(Hlog.QUEUE_WAIT)));
    }

    static Percentiles percentiles(Histogram h) {
        if (h == null || h.getTotalCount() == 0) {
            return null;
        }
        return new Percentiles(h.getTotalCount(), ms(h.getMean()), ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()));
    }

    private static double ms(double nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}

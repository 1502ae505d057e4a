package dev.leaklab.stress;

import dev.leaklab.format.PerThread;
import dev.leaklab.format.Units;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.leaklab.result.CellResult;
import dev.leaklab.result.Fit;
import dev.leaklab.result.RunResult;
import dev.leaklab.result.ThreadKind;

/** The table printed at the end of a run: one line per cell. */
public final class SummaryTable {

    private SummaryTable() {
    }

    public static void print(RunResult run, PrintWriter out) {
        var rows = new ArrayList<List<String>>();
        rows.add(List.of("scenario", "kind", "variant", "rate/s", "slope threads/s (95% CI)", "R²", "verdict",
                "bytes/thread", "peak", "left", "outcome"));
        for (CellResult c : run.cells()) {
            var t = c.threads();
            Fit s = t == null ? null : t.slopePerSec();
            rows.add(List.of(c.scenario(), c.kind().label(), c.variant().label(), Units.rate(c.ratePerSec()),
                    s == null ? "-" : String.format(Locale.ROOT, "%.2f ± %.2f", s.slope(), s.halfWidth()),
                    s == null || s.rSquared() == null ? "-" : String.format(Locale.ROOT, "%.3f", s.rSquared()),
                    c.verdict().name(), bytesPerThread(c),
                    t == null || t.peak() == null ? "-" : String.valueOf(t.peak()),
                    t == null || t.leftBehind() == null ? "-" : String.valueOf(t.leftBehind()),
                    c.outcome().name()));
        }
        int[] width = new int[rows.getFirst().size()];
        for (var row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        out.println();
        for (var row : rows) {
            var line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(String.format("%-" + width[i] + "s  ", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println();
        out.println("bytes/thread: heap per virtual thread, RSS per platform thread; each a slope of memory against"
                + " the live count, ± its 95% interval (see run.json for heap, RSS and NMT stack of every cell);"
                + " ~: not a figure (its interval spans zero or is wider than the slope), with the reason");
        var busy = run.cells().stream().filter(c -> c.host() != null && c.host().busy()).toList();
        if (!busy.isEmpty()) {
            out.printf(Locale.ROOT, "host busy during %d of %d cells (other processes took half the CPU, or the sampler"
                    + " waited 3 periods or more): their verdicts stand, their rates and latencies are not clean measurements: %s%n",
                    busy.size(), run.cells().size(), busy.size() <= BUSY_IDS_SHOWN
                            ? String.join(", ", busy.stream().map(CellResult::id).toList())
                            : "each cell's host.note in run.json says why");
        }
    }

    /** Up to this many busy cells are named; more are counted (their ids are in run.json). */
    static final int BUSY_IDS_SHOWN = 3;

    /** The figure that matters for the kind: a virtual thread's stack is on the heap, a platform thread's is native. */
    static String bytesPerThread(CellResult c) {
        if (c.memory() == null) {
            return "-";
        }
        Fit f = c.kind() == ThreadKind.VIRTUAL ? c.memory().heapBytesPerThread() : c.memory().rssBytesPerThread();
        if (f == null) {
            return "-";
        }
        return (c.kind() == ThreadKind.VIRTUAL ? "heap " : "rss ") + PerThread.text(c, f);
    }

}

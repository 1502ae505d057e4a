package dev.leaklab.report;

import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** The curves a report draws, computed from recorded data: memory growth over time, latency by percentile. */
public final class Curves {

    private Curves() {
    }

    /**
     * Bytes above the last reading at or before the load's start (the first reading when there is
     * none before it), so cells whose baselines differ by a few MiB of noise line up at zero.
     */
    public static double[][] growth(List<Double> t, List<Long> bytes) {
        int n = Math.min(t.size(), bytes.size());
        int base = 0;
        for (int i = 0; i < n; i++) {
            if (t.get(i) <= 0) {
                base = i;
            }
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = t.get(i);
            y[i] = bytes.get(i) == null ? Double.NaN : bytes.get(i) - (double) bytes.get(base);
        }
        return new double[][] {x, y};
    }

    /**
     * HdrHistogram's percentile curve: x = 1/(1-q) for each quantile q (see the report's percentile axis),
     * y in milliseconds. The 100th percentile has no finite x: the iteration stops before it, and if
     * it stopped short of the rank of one sample in the total count (x = N), the maximum is drawn there.
     */
    public static double[][] percentile(Histogram h) {
        var x = new ArrayList<Double>();
        var y = new ArrayList<Double>();
        for (HistogramIterationValue v : h.percentiles(5)) {
            double q = v.getPercentileLevelIteratedTo() / 100;
            if (q >= 1) {
                break;
            }
            x.add(1 / (1 - q));
            y.add(v.getValueIteratedTo() / 1e6);
        }
        double n = h.getTotalCount();
        if (x.isEmpty() || x.getLast() < n) {
            x.add(n);
            y.add(h.getMaxValue() / 1e6);
        }
        return new double[][] {x.stream().mapToDouble(Double::doubleValue).toArray(),
                y.stream().mapToDouble(Double::doubleValue).toArray()};
    }
}

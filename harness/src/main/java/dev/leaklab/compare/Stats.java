package dev.leaklab.compare;

import java.util.Arrays;
import java.util.Optional;

import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * The statistics of a comparison, as benchstat does them: the median as the centre, a distribution-free
 * confidence interval of the median, and the two-sided Mann-Whitney U test on the raw samples (no
 * assumption of normality: benchmark times are skewed and multi-modal). The test and the distributions
 * come from Commons Statistics; what is here only arranges them.
 */
public final class Stats {

    /** The confidence of the interval around each median. */
    public static final double CONFIDENCE = 0.95;

    private static final MannWhitneyUTest MWU = MannWhitneyUTest.withDefaults();
    private static final MannWhitneyUTest MWU_EXACT = MannWhitneyUTest.withDefaults().with(PValueMethod.EXACT);

    private Stats() {
    }

    public static double median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * The 95% confidence interval of the median from order statistics: [x(k), x(n-k+1)] covers the
     * median with probability 1 - 2 P(B <= k-1), B ~ Binomial(n, 1/2). Empty below 6 samples, where
     * even [min, max] covers less than 95%.
     */
    public static Optional<Interval> medianInterval(double[] sorted) {
        int n = sorted.length;
        if (n < 2) {
            return Optional.empty();
        }
        var b = BinomialDistribution.of(n, 0.5);
        int best = 0;
        for (int k = 1; k <= n / 2; k++) {
            if (1 - 2 * b.cumulativeProbability(k - 1) >= CONFIDENCE) {
                best = k;
            } else {
                break;
            }
        }
        if (best == 0) {
            return Optional.empty();
        }
        return Optional.of(new Interval(sorted[best - 1], sorted[n - best], Interval.MEDIAN_95));
    }

    /**
     * The two-sided Mann-Whitney U p-value: exact below 50 samples a side without ties, else the normal
     * approximation with tie and continuity corrections (the library's AUTO method). When every value
     * of both samples is the same there is no difference to find: 1.
     */
    public static double pValue(double[] base, double[] other) {
        double p = MWU.test(base, other).getPValue();
        return Double.isNaN(p) ? 1 : p;
    }

    /**
     * The smallest two-sided p-value the exact test can give with these sample sizes: the p-value of
     * two samples that do not overlap at all, 2 / C(n1 + n2, n1). If it is not below alpha, no data
     * of that size can show a difference.
     */
    public static double minimumPValue(int n1, int n2) {
        if (n1 == 0 || n2 == 0) {
            return 1;
        }
        if (Math.min(n1, n2) > 30 || n1 + n2 > 1000) {
            return 0; // far below any alpha worth using
        }
        double[] low = new double[n1];
        double[] high = new double[n2];
        for (int i = 0; i < n1; i++) {
            low[i] = i;
        }
        for (int i = 0; i < n2; i++) {
            high[i] = n1 + i;
        }
        return MWU_EXACT.test(low, high).getPValue();
    }

    /** The smallest n per side with which the exact two-sided test can go below alpha (4 at 0.05, 5 at 0.01). */
    public static int samplesNeeded(double alpha) {
        for (int n = 1; n <= 30; n++) {
            if (minimumPValue(n, n) < alpha) {
                return n;
            }
        }
        return 31;
    }

    public static double[] sorted(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s;
    }

    /** The geometric mean of positive, finite values; NaN if there are none. */
    public static double geomean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += StrictMath.log(v);
        }
        return values.length == 0 ? Double.NaN : StrictMath.exp(sum / values.length);
    }
}

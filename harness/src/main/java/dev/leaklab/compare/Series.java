package dev.leaklab.compare;

/**
 * The samples of one metric of one row: a JMH benchmark's iterations across forks, or one value per
 * repeated cell of a stress run.
 *
 * @param id      what rows are paired by: benchmark, mode and params for JMH; scenario, variant, kind and rate for runs
 * @param label   the row as people read it
 * @param metric  e.g. {@code score}, {@code gc.alloc.rate.norm}, {@code threads.slopePerSec}
 * @param given   an interval the file itself gives, used when there is a single sample (a fit's CI, JMH's
 *                scoreConfidence), else null
 * @param dropped samples that were NaN and so left out
 */
public record Series(String id, String label, String metric, Unit unit, Direction better, double[] samples,
                     Interval given, int dropped) {

    /** The key rows are paired by. */
    public String key() {
        return id + "\u0000" + metric;
    }
}

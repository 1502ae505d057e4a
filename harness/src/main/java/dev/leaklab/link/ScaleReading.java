package dev.leaklab.link;

/**
 * What the scale experiment's child measured at one checkpoint, printed on its standard output as
 * {@value #LINE} followed by this record's JSON; per-thread figures are the parent's.
 */
public record ScaleReading(int threads, double startSeconds, long heapAfterGcBytes, long rssBytes,
                           double censusMedianMicros, double censusMaxMicros, int censusApp, double walkMillis,
                           boolean walkAgrees) {

    /** The prefix of a checkpoint line on standard output; the rest is the checkpoint's JSON. */
    public static final String LINE = "leaklab-scale ";
}

package dev.leaklab.result;

import java.util.List;
import java.util.Map;


/**
 * One cell of a stress run, as analysed by the parent from the child's recording and .hlog.
 *
 * @param artifacts   file names relative to the run folder: jfr, hlog, stdout, stderr, spec
 * @param recording   FILE (cell.jfr), REPOSITORY (a dead child's JFR repository) or NONE
 * @param offeredPerSec the rate the driver achieved during load (below ratePerSec when it could not keep up)
 * @param analysisError why the analysis could not be done, else null
 * @param host        how busy the host was while the cell ran (null in runs written before it was recorded)
 * @param timing      where the cell's wall time went (null in runs written before it was recorded)
 */
public record CellResult(String id, String scenario, Variant variant, ThreadKind kind, double ratePerSec, int repeat,
                         Double offeredPerSec,
                         Outcome outcome, String outcomeDetail, Integer exitCode, List<String> stderrTail,
                         double wallSeconds, Map<String, String> artifacts, String recording,
                         Threads threads, Verdict verdict, String verdictReason, Memory memory, Flood flood,
                         Series series, String analysisError, Host host, Timing timing) {

    /** A cell without a time split. */
    public CellResult(String id, String scenario, Variant variant, ThreadKind kind, double ratePerSec, int repeat,
                      Double offeredPerSec, Outcome outcome, String outcomeDetail, Integer exitCode, List<String> stderrTail,
                      double wallSeconds, Map<String, String> artifacts, String recording, Threads threads, Verdict verdict,
                      String verdictReason, Memory memory, Flood flood, Series series, String analysisError, Host host) {
        this(id, scenario, variant, kind, ratePerSec, repeat, offeredPerSec, outcome, outcomeDetail, exitCode, stderrTail,
                wallSeconds, artifacts, recording, threads, verdict, verdictReason, memory, flood, series, analysisError, host, null);
    }

    /** A cell without a reading of the host's load. */
    public CellResult(String id, String scenario, Variant variant, ThreadKind kind, double ratePerSec, int repeat,
                      Double offeredPerSec, Outcome outcome, String outcomeDetail, Integer exitCode, List<String> stderrTail,
                      double wallSeconds, Map<String, String> artifacts, String recording, Threads threads, Verdict verdict,
                      String verdictReason, Memory memory, Flood flood, Series series, String analysisError) {
        this(id, scenario, variant, kind, ratePerSec, repeat, offeredPerSec, outcome, outcomeDetail, exitCode, stderrTail,
                wallSeconds, artifacts, recording, threads, verdict, verdictReason, memory, flood, series, analysisError, null);
    }

    /**
     * How busy the host was during the load (the next cell's JVM starts during this one's idle
     * tail, so the tail is left out). The verdict does not depend on it (the slope is fitted to
     * the samples' own times, and the idle tail lasts until it has its samples); the rates and
     * latencies do, so a busy cell says so.
     *
     * @param othersCpu        the share of the whole machine's CPU (0 to 1) that other processes
     *                         used, mean of JFR's jdk.CPULoad over the cell; null without readings
     * @param cellCpu          the share the cell's own JVM used, likewise
     * @param sampleIntervalP50Ms median time between two live-thread samples (the period is 100 ms)
     * @param sampleIntervalMaxMs longest time between two samples: how long the sampler was starved
     * @param busy             true when other processes took at least half the machine, or the
     *                         sampler was starved for three periods or more
     * @param note             why it counts as busy, in words; null when it does not
     */
    public record Host(Double othersCpu, Double cellCpu, Double sampleIntervalP50Ms, Double sampleIntervalMaxMs,
                       boolean busy, String note) { }

    /**
     * Where a cell's time went, in seconds; a part the child never reached is null.
     *
     * @param startUpSeconds  from the launch of the child JVM to its {@code main} (JVM, JFR and heap pre-touch)
     * @param setUpSeconds    from {@code main} to the start of the warm-up (reading the spec, loading the cell's classes)
     * @param measureSeconds  the phases: warm-up, settle, load, stop, idle tail
     * @param exitSeconds     from the end of the idle tail to the child's exit (JFR writes the recording)
     * @param analysisSeconds the parent reading and analysing what the child recorded
     * @param heldSeconds     a child started ahead, while the cell before it idled: how long it waited for its
     *                        turn (set up, and again after its warm-up), beside that cell and not in its own set-up
     *                        or phases; the wall time includes it; null for a child that went at once
     */
    public record Timing(Double startUpSeconds, Double setUpSeconds, Double measureSeconds, Double exitSeconds,
                         double analysisSeconds, Double heldSeconds) {
        /** A split without holds: a child that went at once. */
        public Timing(Double startUpSeconds, Double setUpSeconds, Double measureSeconds, Double exitSeconds,
                      double analysisSeconds) {
            this(startUpSeconds, setUpSeconds, measureSeconds, exitSeconds, analysisSeconds, null);
        }
    }

    /**
     * The application's live threads (platform + virtual) over the cell.
     *
     * @param slopePerSec growth over the load phase, threads per second
     * @param leftBehind  threads above the baseline at the end of the idle tail
     */
    public record Threads(int samples, Integer baseline, Integer peak, Integer endOfLoad, Integer endOfIdle,
                          Fit slopePerSec, Boolean returnedToBaseline, Integer leftBehind) { }

    /**
     * Memory per thread, each the slope of memory against the live thread count (bytes/thread),
     * null where the count did not vary enough to fit one; and peaks, in bytes.
     */
    public record Memory(Fit heapBytesPerThread, Fit rssBytesPerThread, Fit nmtStackBytesPerThread,
                         Long peakHeapAfterGcBytes, Long peakRssBytes, Long peakNmtStackBytes) { }

    /** The flood's measurements (unbounded-fan-out cells only). */
    public record Flood(long submitted, long rejected, long completed, long timedOut, double throughputPerSec,
                        Percentiles latencyMs, Percentiles queueWaitMs) { }

    /** A latency distribution from HdrHistogram, in milliseconds. */
    public record Percentiles(long count, double mean, double p50, double p90, double p99, double p999, double max) { }

    /**
     * Time series for charts: seconds from the start of the load phase, the live application
     * threads by kind, and the phase boundaries in the same seconds.
     */
    public record Series(List<Double> t, List<Integer> platform, List<Integer> virtual,
                         List<Double> rssT, List<Long> rssBytes, List<Double> heapT, List<Long> heapAfterGcBytes,
                         List<Double> nmtT, List<Long> nmtStackBytes, Map<String, Double> phaseStarts) { }
}

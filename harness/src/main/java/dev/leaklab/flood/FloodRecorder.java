package dev.leaklab.flood;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

import dev.leaklab.link.Hlog;
import dev.leaklab.scenario.UnboundedFanOut;

/**
 * What the flood measures in the child: counts of rejected, completed and timed-out messages, and
 * two latency distributions (queue wait: submit to start of processing; end to end: submit to
 * completion) as HdrHistogram interval histograms written to a {@code .hlog} once a second, tagged
 * {@value Hlog#QUEUE_WAIT} and {@value Hlog#LATENCY} (see {@link Hlog}). Values are nanoseconds.
 */
public final class FloodRecorder implements UnboundedFanOut.Observer, AutoCloseable {

    static final long HIGHEST_NANOS = TimeUnit.HOURS.toNanos(1);

    private final LongAdder rejected = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final Recorder latency = new Recorder(HIGHEST_NANOS, 3);
    private final Recorder queueWait = new Recorder(HIGHEST_NANOS, 3);
    private final PrintStream out;
    private final HistogramLogWriter log;
    private Histogram latencyInterval;
    private Histogram queueWaitInterval;

    public FloodRecorder(Path hlog) throws FileNotFoundException {
        out = new PrintStream(hlog.toFile());
        log = new HistogramLogWriter(out);
        long now = System.currentTimeMillis();
        log.outputLogFormatVersion();
        log.outputComment("leaklab flood: nanoseconds; tags " + Hlog.QUEUE_WAIT + " and " + Hlog.LATENCY);
        log.outputStartTime(now);
        log.setBaseTime(now);
        log.outputLegend();
    }

    @Override public void rejected() { rejected.increment(); }
    @Override public void timedOut() { timedOut.increment(); }

    @Override
    public void started(long queueWaitNanos) {
        queueWait.recordValue(Math.min(queueWaitNanos, HIGHEST_NANOS));
    }

    @Override
    public void completed(long latencyNanos) {
        completed.increment();
        latency.recordValue(Math.min(latencyNanos, HIGHEST_NANOS));
    }

    public long rejectedCount() { return rejected.sum(); }
    public long completedCount() { return completed.sum(); }
    public long timedOutCount() { return timedOut.sum(); }

    /** Writes the interval since the last call; called once a second and at the end. */
    public synchronized void writeInterval() {
        latencyInterval = latency.getIntervalHistogram(latencyInterval);
        queueWaitInterval = queueWait.getIntervalHistogram(queueWaitInterval);
        queueWaitInterval.setTag(Hlog.QUEUE_WAIT);
        latencyInterval.setTag(Hlog.LATENCY);
        log.outputIntervalHistogram(queueWaitInterval);
        log.outputIntervalHistogram(latencyInterval);
        out.flush();
    }

    @Override
    public synchronized void close() {
        writeInterval();
        out.close();
    }
}

package dev.leaklab.metrics;

import dev.leaklab.census.LiveThreads;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jdk.jfr.Recording;
import jdk.jfr.consumer.EventStream;

/**
 * Threads started and ended in this JVM, counted from JFR events as they stream in:
 * {@code jdk.ThreadStart/End} (platform threads) and {@code jdk.VirtualThreadStart/End}, which
 * the JDK's default settings leave off, so a recording of our own turns them on.
 *
 * <p>Not a {@code RecordingStream} started with {@code startAsync()}: its thread is not a daemon,
 * and one never closed keeps the JVM from exiting. Instead a recording (no stacks) turns the events
 * on, and the repository's event stream runs in a daemon thread of ours. The repository holds
 * each event once, whichever recordings asked for it, so every start after ours began counts once.
 *
 * <p>Cost: one small event per thread start and end goes to disk (the recording keeps at most
 * {@link #MAX_AGE} and {@link #MAX_SIZE_BYTES} of them), and the counts lag by about one second.
 */
final class JfrThreadCounts implements ThreadSeries.Counts {

    static final String RECORDING_NAME = "leaklab thread counts";
    static final Duration MAX_AGE = Duration.ofMinutes(2);
    static final long MAX_SIZE_BYTES = 32L << 20;

    private final AtomicLong platformStarted = new AtomicLong();
    private final AtomicLong platformEnded = new AtomicLong();
    private final AtomicLong virtualStarted = new AtomicLong();
    private final AtomicLong virtualEnded = new AtomicLong();
    private final CountDownLatch firstFlush = new CountDownLatch(1);
    private final Recording recording;
    private final EventStream stream;

    private JfrThreadCounts(Recording recording, EventStream stream) {
        this.recording = recording;
        this.stream = stream;
    }

    static JfrThreadCounts start(Runnable onFlush) throws Exception {
        // JFR starts helper threads of its own the first time it is used ("JFR Periodic Tasks",
        // in the caller's thread group): the tool's, not the application's.
        return LiveThreads.available() ? LiveThreads.adoptThreadsStartedBy(() -> open(onFlush)) : open(onFlush);
    }

    private static JfrThreadCounts open(Runnable onFlush) throws Exception {
        Instant from = Instant.now();
        var recording = new Recording();
        EventStream stream = null;
        try {
            recording.setName(RECORDING_NAME);
            recording.enable("jdk.ThreadStart").withoutStackTrace();
            recording.enable("jdk.ThreadEnd");
            recording.enable("jdk.VirtualThreadStart");
            recording.enable("jdk.VirtualThreadEnd");
            recording.setToDisk(true);
            recording.setMaxAge(MAX_AGE);
            recording.setMaxSize(MAX_SIZE_BYTES);
            recording.start();
            stream = EventStream.openRepository();
            stream.setStartTime(from);
            var counts = new JfrThreadCounts(recording, stream);
            stream.onEvent("jdk.ThreadStart", e -> counts.platformStarted.incrementAndGet());
            stream.onEvent("jdk.ThreadEnd", e -> counts.platformEnded.incrementAndGet());
            stream.onEvent("jdk.VirtualThreadStart", e -> counts.virtualStarted.incrementAndGet());
            stream.onEvent("jdk.VirtualThreadEnd", e -> counts.virtualEnded.incrementAndGet());
            stream.onFlush(() -> {
                counts.firstFlush.countDown();
                onFlush.run();
            });
            var consumer = stream;
            var reader = new Thread(() -> {
                try {
                    consumer.start();
                } catch (RuntimeException e) {
                    ThreadSeries.warnOnce("jfr-stream", "leaklab: the JFR stream behind the thread start/end counters stopped ("
                            + e + "); the counters stay where they are");
                }
            }, "leaklab-thread-counts");
            reader.setDaemon(true);
            LiveThreads.registerToolThread(reader).start();
            return counts;
        } catch (Exception | Error e) {
            if (stream != null) {
                stream.close();
            }
            recording.close();
            throw e;
        }
    }

    @Override
    public long started(boolean virtual) {
        return (virtual ? virtualStarted : platformStarted).get();
    }

    @Override
    public long ended(boolean virtual) {
        return (virtual ? virtualEnded : platformEnded).get();
    }

    @Override
    public boolean awaitCounting(Duration timeout) throws InterruptedException {
        return firstFlush.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        stream.close();
        recording.close();
    }

    @Override
    public String toString() {
        return "JFR event stream (" + RECORDING_NAME + ")";
    }
}

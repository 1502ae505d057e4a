package dev.leaklab.scenario;

import dev.leaklab.result.Variant;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/*
 * UNBOUNDED FAN-OUT  (Go guide: real-world scenario 2, "Event Processing Pipeline"; and the design
 * card's flood: the unbounded spawner against a bounded worker pool at the same offered load)
 *
 * The leak. A consumer starts a thread for every message it receives. Processing calls a
 * downstream service; when that service slows down or hangs, threads pile up as fast as messages
 * arrive, without bound, until memory or the OS thread limit runs out.
 *
 *     for (Message m : messages) threads.newThread(() -> process(m)).start();   // no bound
 *
 * Why it leaks. Nothing ties the number of live threads to what the system can process: the
 * arrival rate decides. Once processing blocks, every message is a parked thread forever.
 *
 * The fix. Bound the concurrency and decide, explicitly, what happens to the excess:
 *  - platform threads: a fixed pool of N workers with a bounded queue, and a rejection policy
 *    (here: reject and count, so the caller can shed or retry: backpressure made visible);
 *  - virtual threads: pooling them is an anti-pattern (they are cheap to make), so keep a thread
 *    per message but gate it with a Semaphore of N permits and reject when none is free;
 *  - and a timeout on the downstream call, so a hang costs a worker for a while, not forever.
 *
 * The workload is driven by Settings: the service time of the downstream call, which fraction of
 * calls hang, and the bound. The catalog's default (every call hangs) shows the leak; the stress
 * harness's flood sweeps the rate with a realistic service time.
 *
 * Run it:   scripts/leaklab run unbounded-fan-out --variant leaky --kind virtual
 */
public final class UnboundedFanOut implements Scenario {

    /**
     * @param serviceTime  how long one downstream call takes when it answers
     * @param hangFraction which fraction of calls never answer (every 1/f-th call, deterministic)
     * @param callTimeout  the fixed variant's timeout on the downstream call
     * @param workers      the fixed variant's bound: pool size, or Semaphore permits
     * @param queue        the platform pool's queue capacity
     */
    public record Settings(Duration serviceTime, double hangFraction, Duration callTimeout, int workers, int queue) {
        /** The catalog's demonstration: processing blocks on every message. */
        public static final Settings DEFAULT = new Settings(Duration.ofMillis(10), 1.0, Duration.ofMillis(100), 4, 16);
    }

    /** What the flood records about each message; the scenario only reports, the caller measures. */
    public interface Observer {
        Observer NONE = new Observer() { };

        default void rejected() { }

        default void started(long queueWaitNanos) { }

        default void completed(long latencyNanos) { }

        default void timedOut() { }
    }

    private final Settings settings;
    private final Observer observer;

    public UnboundedFanOut() {
        this(Settings.DEFAULT, Observer.NONE);
    }

    public UnboundedFanOut(Settings settings, Observer observer) {
        this.settings = settings;
        this.observer = observer;
    }

    @Override public String name() { return "unbounded-fan-out"; }
    @Override public String guideSection() { return "scenario 2: event processing pipeline"; }
    @Override public String leak() { return "a thread per message while processing blocks on a hung downstream"; }
    @Override public String fix() { return "bounded pool + bounded queue + rejection (Semaphore for virtual), call timeout"; }

    @Override
    public Workload open(Variant variant, Thread.Builder builder) {
        ThreadFactory threads = builder.factory(); // thread-safe, unlike the builder
        var downstream = new Downstream(settings);
        if (variant == Variant.LEAKY) {
            return new ThreadPerMessage(threads, downstream, observer);
        }
        return builder instanceof Thread.Builder.OfVirtual
                ? new GatedThreadPerMessage(threads, downstream, observer, new Semaphore(settings.workers()))
                : new BoundedPool(downstream, observer, new ThreadPoolExecutor(settings.workers(), settings.workers(),
                        0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(settings.queue()), threads,
                        new ThreadPoolExecutor.AbortPolicy()));
    }

    /** The service that processing calls: answers after serviceTime, or never. */
    static final class Downstream {
        private final Settings settings;
        private final long hangEvery;
        private final AtomicLong calls = new AtomicLong();
        private final CountDownLatch never = new CountDownLatch(1);

        Downstream(Settings settings) {
            this.settings = settings;
            this.hangEvery = settings.hangFraction() <= 0 ? 0 : Math.max(1, Math.round(1 / settings.hangFraction()));
        }

        /** Returns true when the call answered, false when it timed out. */
        boolean call(Duration timeout) throws InterruptedException {
            long n = calls.incrementAndGet();
            if (hangEvery > 0 && n % hangEvery == 0) {
                if (timeout.isZero()) {
                    never.await(); // a hung dependency and no timeout: forever
                    return false;
                }
                return never.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            Thread.sleep(settings.serviceTime());
            return true;
        }
    }

    /** Runs one message on the current thread and tells the observer how it went. */
    private static void process(long submittedNanos, Downstream downstream, Duration timeout, Observer observer) {
        observer.started(System.nanoTime() - submittedNanos);
        try {
            if (downstream.call(timeout)) {
                observer.completed(System.nanoTime() - submittedNanos);
            } else {
                observer.timedOut();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shut down while processing
        }
    }

    /** Leaky: a new thread for every message, no bound, no timeout. */
    private record ThreadPerMessage(ThreadFactory threads, Downstream downstream, Observer observer) implements Workload {
        @Override
        public void submit() {
            long now = System.nanoTime();
            threads.newThread(() -> process(now, downstream, Duration.ZERO, observer)).start();
        }

        @Override
        public void close() {
            // the spawned threads were never tracked; the hung ones wait forever
        }
    }

    /** Fixed, platform threads: N workers, a bounded queue, rejections counted. */
    private record BoundedPool(Downstream downstream, Observer observer, ThreadPoolExecutor pool) implements Workload {
        @Override
        public void submit() {
            long now = System.nanoTime();
            try {
                pool.execute(() -> process(now, downstream, downstream.settings.callTimeout(), observer));
            } catch (RejectedExecutionException full) {
                observer.rejected();
            }
        }

        @Override
        public void close() throws InterruptedException {
            pool.shutdownNow();
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("pool workers did not stop");
            }
        }
    }

    /** Fixed, virtual threads: a thread per message, at most N at once. */
    private static final class GatedThreadPerMessage implements Workload {
        private final Downstream downstream;
        private final Observer observer;
        private final Semaphore permits;
        private final OwnedThreads owned;

        GatedThreadPerMessage(ThreadFactory threads, Downstream downstream, Observer observer, Semaphore permits) {
            this.downstream = downstream;
            this.observer = observer;
            this.permits = permits;
            this.owned = new OwnedThreads(threads);
        }

        @Override
        public void submit() {
            long now = System.nanoTime();
            if (!permits.tryAcquire()) {
                observer.rejected();
                return;
            }
            owned.start(() -> {
                try {
                    process(now, downstream, downstream.settings.callTimeout(), observer);
                } finally {
                    permits.release();
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            owned.cancelAndJoin(Duration.ofSeconds(5));
        }
    }
}

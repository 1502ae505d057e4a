package dev.leaklab.scenario;

import dev.leaklab.result.Variant;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;

/*
 * SEND WITHOUT RECEIVER  (Go guide: cause 1, "Channel Operations Without Exit Conditions", and the
 * Go guide's runnable example: 50 goroutines a second, each stuck in `ch <- result`)
 *
 * The leak. A request starts a worker to compute a result and hand it back through a
 * SynchronousQueue, Java's unbuffered channel. Then the caller moves on (it timed out, it got the
 * answer elsewhere, it threw) and never takes. The worker's put() waits for a taker that never
 * comes: one thread parked forever per request.
 *
 *     var ch = new SynchronousQueue<Integer>();
 *     threads.newThread(() -> ch.put(expensiveOperation())).start();   // blocks forever
 *     // caller moves on without ch.take()
 *
 * Why it leaks. put() on a SynchronousQueue completes only when another thread takes. Nothing
 * ever times out, nothing ever interrupts, and a parked thread is a GC root: neither the thread
 * nor anything its stack references is ever reclaimed (virtual threads too, while
 * jdk.trackAllThreads is true, the default).
 *
 * The fix. Make the send unable to block: a buffer of one (ArrayBlockingQueue(1)) and offer(),
 * the counterpart of the Go guide's buffered channel, so the worker always finishes. The owner also
 * keeps hold of what it started and cancels it on shutdown (interrupt + join), the counterpart of
 * the Go guide's context cancellation.
 *
 * Run it:   scripts/leaklab run send-without-receiver --variant leaky --kind platform
 *           scripts/leaklab run send-without-receiver --variant fixed --kind virtual
 */
public final class SendWithoutReceiver implements Scenario {

    @Override public String name() { return "send-without-receiver"; }
    @Override public String guideSection() { return "cause 1: channel operations without exit conditions; the example"; }
    @Override public String leak() { return "worker put()s its result on a SynchronousQueue that nobody takes"; }
    @Override public String fix() { return "buffer of one and offer(), so the send never blocks; owner cancels on close"; }

    @Override
    public Workload open(Variant variant, Thread.Builder builder) {
        ThreadFactory threads = builder.factory(); // thread-safe, unlike the builder
        return switch (variant) {
            case LEAKY -> new Leaky(threads);
            case FIXED -> new Fixed(threads);
        };
    }

    static int expensiveOperation() {
        return 42; // the cost is not the point; the blocked send is
    }

    private record Leaky(ThreadFactory threads) implements Workload {
        @Override
        public void submit() {
            BlockingQueue<Integer> ch = new SynchronousQueue<>();
            threads.newThread(() -> {
                try {
                    ch.put(expensiveOperation()); // nobody will ever take: parked forever
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }).start();
            // the caller moves on without ch.take()
        }

        @Override
        public void close() {
            // nothing to stop: the workers were never tracked, and stay parked
        }
    }

    private static final class Fixed implements Workload {
        private final OwnedThreads owned;

        Fixed(ThreadFactory threads) {
            owned = new OwnedThreads(threads);
        }

        @Override
        public void submit() {
            BlockingQueue<Integer> ch = new ArrayBlockingQueue<>(1);
            owned.start(() -> ch.offer(expensiveOperation())); // room for one: never blocks
            // the caller may move on; the worker finishes either way
        }

        @Override
        public void close() throws InterruptedException {
            owned.cancelAndJoin(Duration.ofSeconds(5));
        }
    }
}

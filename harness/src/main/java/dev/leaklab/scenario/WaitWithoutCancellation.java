package dev.leaklab.scenario;

import dev.leaklab.result.Variant;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/*
 * WAIT WITHOUT CANCELLATION  (Go guide: cause 4, "Select Statements Missing Context")
 *
 * The leak. Each request starts a listener that waits for an event on its own queue: the reply
 * to a message it sent. The request is then abandoned (the client went away) and the reply never
 * comes. The listener waits in take(), which has no way out but data, the Java counterpart of a
 * select with a data case and no `case <-ctx.Done()`.
 *
 *     Event e = replies.take();   // no cancellation case: waits forever for data that never comes
 *
 * Why it leaks. take() returns only when an element arrives or the thread is interrupted, and
 * the abandoned request never interrupts. Nothing else knows the listener exists.
 *
 * The fix. Give the wait a way out: poll(timeout) in a loop that also checks for cancellation,
 * and have the owner cancel (interrupt) the listener when it abandons the request. A poison pill
 * (an end-of-stream element) is the other idiomatic way out.
 *
 * Run it:   scripts/leaklab run wait-without-cancellation --variant leaky --kind virtual
 */
public final class WaitWithoutCancellation implements Scenario {

    @Override public String name() { return "wait-without-cancellation"; }
    @Override public String guideSection() { return "cause 4: select statements missing context"; }
    @Override public String leak() { return "listener take()s from a queue that never gets data, and nobody cancels it"; }
    @Override public String fix() { return "timed poll() in a loop that checks interruption; owner cancels on abandon"; }

    @Override
    public Workload open(Variant variant, Thread.Builder builder) {
        ThreadFactory threads = builder.factory(); // thread-safe, unlike the builder
        return new Listeners(variant, new OwnedThreads(threads));
    }

    private record Listeners(Variant variant, OwnedThreads owned) implements Workload {
        @Override
        public void submit() {
            BlockingQueue<String> replies = new LinkedBlockingQueue<>();
            Thread listener = owned.start(() -> {
                try {
                    if (variant == Variant.LEAKY) {
                        handle(replies.take()); // waits for data, and only data
                    } else {
                        String reply;
                        while ((reply = replies.poll(100, TimeUnit.MILLISECONDS)) == null) {
                            if (Thread.currentThread().isInterrupted()) {
                                return;
                            }
                        }
                        handle(reply);
                    }
                } catch (InterruptedException cancelled) {
                    // the owner cancelled: the fixed listener ends here
                }
            });
            // the request is abandoned: no reply will ever be put on `replies`
            if (variant == Variant.FIXED) {
                listener.interrupt(); // the counterpart of cancel() on the request's context
            }
        }

        private static void handle(String reply) {
            // would process the reply
        }

        @Override
        public void close() throws InterruptedException {
            if (variant == Variant.FIXED) {
                owned.cancelAndJoin(Duration.ofSeconds(5));
            }
        }
    }
}

package dev.leaklab.scenario;

import dev.leaklab.result.Variant;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/*
 * MISSING CANCELLATION  (Go guide: cause 2, "Missing Context Cancellation")
 *
 * The leak. Each request starts a background loop (a poller, a refresher) for as long as the
 * request lives, and cancels it by interrupting it when the request ends, as it should. But the
 * loop never looks: its doWork() catches InterruptedException and carries on, the Java
 * counterpart of a `for { doWork() }` that never checks ctx.Done().
 *
 *     while (true) {
 *         try { doWork(); } catch (InterruptedException ignored) { }   // interrupt swallowed
 *     }
 *
 * Why it leaks. Interruption in Java is cooperative: interrupt() only sets a flag and wakes a
 * blocked call with an exception. Code that swallows the exception, or never checks
 * Thread.interrupted(), cannot be cancelled by anybody. The thread lives until the JVM dies.
 *
 * The fix. Honour the interrupt: loop while !Thread.currentThread().isInterrupted(), and on
 * InterruptedException restore the flag and return. The owner cancels when the request ends.
 *
 * doWork() here sleeps 100 ms instead of spinning, so a few thousand leaked loops stay cheap on a
 * 2-core machine; a real leaked busy loop would also burn a core each.
 *
 * Run it:   scripts/leaklab run missing-cancellation --variant leaky --kind virtual
 */
public final class MissingCancellation implements Scenario {

    static final Duration WORK = Duration.ofMillis(100);

    @Override public String name() { return "missing-cancellation"; }
    @Override public String guideSection() { return "cause 2: missing context cancellation"; }
    @Override public String leak() { return "background loop swallows the interrupt its owner sends, so it never stops"; }
    @Override public String fix() { return "loop checks isInterrupted() and returns on InterruptedException"; }

    @Override
    public Workload open(Variant variant, Thread.Builder builder) {
        ThreadFactory threads = builder.factory(); // thread-safe, unlike the builder
        return new Requests(variant, new OwnedThreads(threads));
    }

    /** Each request starts a loop and cancels it when the request is done. */
    private record Requests(Variant variant, OwnedThreads owned) implements Workload {
        @Override
        public void submit() {
            Thread loop = owned.start(variant == Variant.LEAKY ? Requests::deafLoop : Requests::cancellableLoop);
            // ... the request does its work here, then cancels what it started:
            loop.interrupt();
        }

        static void deafLoop() {
            while (true) {
                try {
                    Thread.sleep(WORK); // doWork()
                } catch (InterruptedException ignored) {
                    // swallowed: the cancellation is lost
                }
            }
        }

        static void cancellableLoop() {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(WORK); // doWork()
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (variant == Variant.FIXED) {
                owned.cancelAndJoin(Duration.ofSeconds(5));
            }
            // leaky: interrupting again would change nothing, the loops are deaf
        }
    }
}

package dev.leaklab.scenario;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/*
 * EXECUTOR NEVER SHUT DOWN  (not in the seed: Java's own most common thread leak)
 *
 * The leak. A request handler creates an ExecutorService for its work, uses it once, and never
 * shuts it down. A fixed pool keeps its core workers alive, parked in the work queue's take(),
 * waiting for tasks that will never come: one idle worker per request, forever.
 *
 *     ExecutorService pool = Executors.newFixedThreadPool(1, threads);
 *     return pool.submit(task).get();          // and never pool.shutdown()
 *
 * Why it leaks. Core threads of a ThreadPoolExecutor never time out (allowCoreThreadTimeOut is
 * false), and a live worker keeps its pool reachable, so not even the garbage collector can end
 * it. Pooling virtual threads this way leaks them too (and pooling virtual threads is itself an
 * anti-pattern).
 *
 * The fix. Since Java 19 an ExecutorService is AutoCloseable: create it in try-with-resources and
 * close() waits for its tasks and ends its threads. Better still, share one executor for the
 * application's lifetime and close it once, at shutdown.
 *
 * Run it:   scripts/leaklab run executor-never-shutdown --variant leaky --kind platform
 */
public final class ExecutorNeverShutdown implements Scenario {

    @Override public String name() { return "executor-never-shutdown"; }
    @Override public String seedSection() { return "Java's most common leak (no seed counterpart)"; }
    @Override public String leak() { return "a new ExecutorService per request, never shut down: its worker idles forever"; }
    @Override public String fix() { return "try-with-resources: ExecutorService.close() ends the worker"; }

    @Override
    public Workload open(Variant variant, Thread.Builder builder) {
        ThreadFactory threads = builder.factory(); // thread-safe, unlike the builder
        return new Requests(variant, threads);
    }

    static int task() {
        return 42;
    }

    private record Requests(Variant variant, ThreadFactory threads) implements Workload {
        @Override
        public void submit() throws Exception {
            if (variant == Variant.LEAKY) {
                ExecutorService pool = Executors.newFixedThreadPool(1, threads);
                pool.submit(ExecutorNeverShutdown::task).get(); // and the pool is forgotten
            } else {
                try (ExecutorService pool = Executors.newFixedThreadPool(1, threads)) {
                    pool.submit(ExecutorNeverShutdown::task).get();
                } // close(): shutdown + wait for termination
            }
        }

        @Override
        public void close() {
            // leaky: the forgotten pools keep their workers; fixed: each was closed by its request
        }
    }
}

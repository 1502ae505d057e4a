package dev.leaklab.scenario;

import dev.leaklab.result.Variant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/*
 * EXECUTOR NEVER SHUT DOWN  (not in the Go guide: Java's own most common thread leak)
 *
 * The leak. Each request creates a job object that owns an ExecutorService for its work; the job
 * runs, and is kept in the service's history of recent jobs, as services do for status pages.
 * Nobody ever shuts the executor down. A fixed pool keeps its core worker alive, parked in the
 * work queue's take(), waiting for tasks that will never come: one idle worker per request.
 *
 *     ExecutorService pool = Executors.newFixedThreadPool(1, threads);
 *     pool.submit(task).get();          // and never pool.shutdown()
 *
 * Why it leaks. Core threads of a ThreadPoolExecutor never time out (allowCoreThreadTimeOut is
 * false). A live platform thread is a GC root, and it references its pool: neither is ever
 * collected, reachable or not.
 *
 * A JDK 25 subtlety worth knowing. ThreadPoolExecutor keeps its workers in a thread container of
 * its own (that is how jcmd's thread dump groups them), and for *virtual* workers that container
 * is what keeps them alive. Once nothing references the pool any more, the next GC collects its
 * parked virtual workers: no VirtualThreadEnd, no trace in a thread dump, they just vanish (and so
 * would any task queued to them). `leaklab stress --scenarios executor-never-shutdown --kinds
 * virtual` showed it: 150 leaked workers dropped to 0 at the first explicit GC while the job
 * history was not kept. Here the history keeps every pool reachable, as most real leaks do, so
 * the leak persists on both kinds.
 *
 * The fix. Since Java 19 an ExecutorService is AutoCloseable: create it in try-with-resources and
 * close() waits for its tasks and ends its threads. Better still, share one executor for the
 * application's lifetime and close it once, at shutdown.
 *
 * Run it:   scripts/leaklab run executor-never-shutdown --variant leaky --kind platform
 */
public final class ExecutorNeverShutdown implements Scenario {

    @Override public String name() { return "executor-never-shutdown"; }
    @Override public String guideSection() { return "Java's most common leak (no Go guide counterpart)"; }
    @Override public String leak() { return "a new ExecutorService per request, never shut down: its worker idles forever"; }
    @Override public String fix() { return "try-with-resources: ExecutorService.close() ends the worker"; }

    @Override
    public Workload open(Variant variant, Thread.Builder builder) {
        ThreadFactory threads = builder.factory(); // thread-safe, unlike the builder
        return new Requests(variant, threads, new CopyOnWriteArrayList<>());
    }

    static int task() {
        return 42;
    }

    /** A unit of work that owns its executor. */
    record Job(ExecutorService pool, int result) { }

    private record Requests(Variant variant, ThreadFactory threads, List<Job> history) implements Workload {
        @Override
        public void submit() throws Exception {
            if (variant == Variant.LEAKY) {
                ExecutorService pool = Executors.newFixedThreadPool(1, threads);
                history.add(new Job(pool, pool.submit(ExecutorNeverShutdown::task).get())); // and never shut down
            } else {
                try (ExecutorService pool = Executors.newFixedThreadPool(1, threads)) {
                    history.add(new Job(pool, pool.submit(ExecutorNeverShutdown::task).get()));
                } // close(): shutdown + wait for termination
            }
        }

        @Override
        public void close() {
            // leaky: the forgotten pools keep their workers; fixed: each was closed by its request
        }
    }
}

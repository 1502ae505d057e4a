package dev.leaklab.agent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * Child program: pools start their workers lazily, on the first submitter's thread. Each pool is
 * created in one scope and first used from another; a worker must carry the pool's scope.
 */
public final class PoolOwners {
    public static void main(String[] args) throws Throwable {
        Origins.setScope("owner");
        ExecutorService fixed = Executors.newFixedThreadPool(2);
        ForkJoinPool forkJoin = new ForkJoinPool(2);
        Origins.setScope(null);
        ExecutorService unowned = Executors.newCachedThreadPool();

        Origins.setScope("submitter");
        ExecutorService own = Executors.newSingleThreadExecutor();
        // each worker reads its own scope, while it surely runs
        System.out.println("FIXED " + fixed.submit(PoolOwners::myScope).get());
        System.out.println("FORKJOIN " + forkJoin.submit(PoolOwners::myScope).get());
        System.out.println("UNOWNED " + unowned.submit(PoolOwners::myScope).get());
        System.out.println("OWN " + own.submit(PoolOwners::myScope).get());
        // a thread the submitter starts itself, right after pools started theirs on it, is still its own
        var plain = new java.util.concurrent.FutureTask<>(PoolOwners::myScope);
        new Thread(plain).start();
        System.out.println("PLAIN " + plain.get());
        for (ExecutorService e : new ExecutorService[] {fixed, forkJoin, unowned, own}) {
            e.shutdown();
            if (!e.awaitTermination(10, TimeUnit.SECONDS)) throw new AssertionError("pool did not end: " + e);
        }
    }

    private static String myScope() throws Exception {
        try {
            return Origins.scopeOf(Thread.currentThread());
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}

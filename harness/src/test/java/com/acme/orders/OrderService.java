package com.acme.orders;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A service with healthy pools made at start-up and two leaks, for `leaklab leaks` to tell apart
 * (LeaksGrowingTest): every request parks a virtual thread on a reply that never comes, and every
 * 25th request makes a pool it never shuts down. Half of the parked threads wait on a latch a
 * registry keeps (nothing can prove them leaked), the other half on one nobody can reach (the agent's
 * proof mode proves those once the GC frees them). Prints what it did, by its own clock:
 * {@code GREW virtual|pool COUNT RATE} (starts, and starts a second from the first to the last).
 */
public final class OrderService {

    static final List<CountDownLatch> PENDING = new ArrayList<>();
    static final List<Long> virtualStarts = new ArrayList<>();
    static final List<Long> poolStarts = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        ExecutorService workers = Executors.newFixedThreadPool(3);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> { }, 0, 100, TimeUnit.MILLISECONDS);
        for (int i = 0; i < 3; i++) {
            workers.submit(() -> { }).get(); // a fixed pool starts a worker per task until it is full
        }
        Thread.sleep(500); // start-up done
        for (int r = 1; r <= requests; r++) {
            handle(r, workers);
            Thread.sleep(20);
        }
        System.gc();
        Thread.sleep(100);
        System.gc();
        Thread.sleep(300);
        print("virtual", virtualStarts);
        print("pool", poolStarts);
        System.out.flush();
        System.exit(0); // the leaked pools' threads would keep the JVM up
    }

    static void handle(int request, ExecutorService workers) throws Exception {
        workers.submit(() -> { }).get(); // the steady pool does the work
        var reply = new CountDownLatch(1);
        virtualStarts.add(System.nanoTime());
        Thread.ofVirtual().start(() -> await(reply)); // leak: virtual
        if (request % 2 == 0) {
            PENDING.add(reply);
        }
        if (request % 25 == 0) {
            var pool = Executors.newFixedThreadPool(2);
            for (int i = 0; i < 2; i++) {
                poolStarts.add(System.nanoTime());
                pool.submit(() -> { }); // leak: pool
            }
        }
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void print(String what, List<Long> starts) {
        double seconds = (starts.get(starts.size() - 1) - starts.get(0)) / 1e9;
        System.out.println(String.format(Locale.ROOT, "GREW %s %d %.3f", what, starts.size(), (starts.size() - 1) / seconds));
    }
}

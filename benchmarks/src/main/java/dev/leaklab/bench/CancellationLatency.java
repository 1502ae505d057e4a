package dev.leaklab.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/*
 * HOW LONG FROM "CANCEL" TO A DEAD THREAD?
 *
 * Every fixed variant in the leak catalog ends its threads by cancelling them: Go closes a
 * done channel, Java interrupts. How long does it take from the cancel to the thread's
 * termination, for a thread blocked in each call the scenarios block in?
 *
 *   queueTake  ArrayBlockingQueue.take() on an empty queue  (wait-without-cancellation)
 *   sleep      Thread.sleep(1 hour)                          (missing-cancellation's doWork)
 *   lock       ReentrantLock.lockInterruptibly(), lock held elsewhere. Note: lock() and
 *              synchronized ignore interrupts; a thread blocked there cannot be cancelled.
 *   socket     InputStream.read() on a loopback socket whose peer never writes
 *              (blocking-io-without-timeout, rpc-without-timeout)
 *
 * and each way to cancel:
 *
 *   interruptThenJoin          Thread.interrupt(), then join()
 *   futureCancelThenJoin       Future.cancel(true) on a task of a thread-per-task executor
 *                              (it interrupts the task's thread), then join that thread
 *   shutdownNowThenClose       ExecutorService.shutdownNow() (interrupts every task), then
 *                              close(), which returns when the executor has terminated. close()
 *                              alone would NOT do: it waits for running tasks and interrupts
 *                              nobody, so with a blocked task it waits forever.
 *
 * THE SOCKET IS DIFFERENT. A platform thread blocked in a classic java.net.Socket read ignores
 * interrupt (and so Future.cancel(true) and shutdownNow()): it stays blocked until data, EOF,
 * SO_TIMEOUT or close. Only a virtual thread's socket read reacts to interrupt (the JDK closes
 * the socket and the read throws SocketException). So the socket read gets its own methods:
 *
 *   closeSocketThenJoin                   close the socket under the reader: ends both kinds
 *   interruptVirtualSocketReadThenJoin    interrupt: virtual threads only, by construction
 *
 * There is no platform interrupt variant, because it would never end: SocketReadInterruptTest
 * checks that it indeed does not (and that the virtual one does).
 *
 * Each invocation consumes its blocked thread, so a fresh one is made in @Setup(Level.Invocation)
 * (not timed), and the setup waits until it is really blocked before the timer starts. The
 * operations take microseconds, far above the timer overhead that makes Level.Invocation a bad
 * idea for nanosecond benchmarks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class CancellationLatency {

    /** A thread blocked in {@code call}; subclasses decide how it is started. */
    @State(Scope.Thread)
    public abstract static class Blocked {
        @Param({Kinds.PLATFORM, Kinds.VIRTUAL})
        public String kind;

        @Param({"queueTake", "sleep", "lock"})
        public String call;

        ThreadFactory factory;
        Thread thread;

        private final ReentrantLock lock = new ReentrantLock();
        private final CountDownLatch releaseLock = new CountDownLatch(1);
        private Thread lockHolder;

        @Setup(Level.Trial)
        public void holdTheLock() throws InterruptedException {
            factory = Kinds.factory(kind);
            var held = new CountDownLatch(1);
            lockHolder = Thread.ofPlatform().start(() -> {
                lock.lock();
                try {
                    held.countDown();
                    releaseLock.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    lock.unlock();
                }
            });
            held.await();
        }

        @TearDown(Level.Trial)
        public void releaseTheLock() throws InterruptedException {
            releaseLock.countDown();
            lockHolder.join();
        }

        /** Blocks until interrupted. */
        void block() throws InterruptedException {
            switch (call) {
                case "queueTake" -> new ArrayBlockingQueue<>(1).take();
                case "sleep" -> Thread.sleep(Duration.ofHours(1));
                case "lock" -> {
                    lock.lockInterruptibly();
                    lock.unlock();
                }
                default -> throw new IllegalArgumentException("unknown call '" + call + "'");
            }
        }

        void blockQuietly() {
            try {
                block();
            } catch (InterruptedException cancelled) {
                // the end we measure
            }
        }
    }

    /** A thread started directly. */
    @State(Scope.Thread)
    public static class ThreadInCall extends Blocked {
        @Setup(Level.Invocation)
        public void startBlockedThread() throws InterruptedException {
            thread = factory.newThread(this::blockQuietly);
            thread.start();
            Kinds.awaitBlocked(thread);
        }
    }

    /** A task of a thread-per-task executor (one new executor per invocation). */
    @State(Scope.Thread)
    public static class TaskInCall extends Blocked {
        ExecutorService executor;
        Future<?> future;

        @Setup(Level.Invocation)
        public void submitBlockedTask() throws InterruptedException {
            executor = Executors.newThreadPerTaskExecutor(factory);
            var started = new CompletableFuture<Thread>();
            future = executor.submit(() -> {
                started.complete(Thread.currentThread());
                block();
                return null;
            });
            thread = started.join();
            Kinds.awaitBlocked(thread);
        }

        @TearDown(Level.Invocation)
        public void closeExecutor() {
            executor.close(); // the task has ended: returns at once
        }
    }

    /** A thread blocked reading a loopback socket whose peer never writes. */
    @State(Scope.Thread)
    public abstract static class Reader {
        Socket socket;
        Thread thread;
        private ServerSocket server;
        private Socket peer;

        abstract ThreadFactory factory();

        @Setup(Level.Trial)
        public void listen() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }

        @Setup(Level.Invocation)
        public void startBlockedReader() throws IOException, InterruptedException {
            socket = new Socket(server.getInetAddress(), server.getLocalPort());
            peer = server.accept();
            thread = factory().newThread(() -> {
                try {
                    socket.getInputStream().read();
                } catch (IOException closedOrInterrupted) {
                    // the end we measure
                }
            });
            thread.start();
            Kinds.awaitBlocked(thread);
        }

        @TearDown(Level.Invocation)
        public void closeBoth() throws IOException {
            socket.close();
            peer.close();
        }

        @TearDown(Level.Trial)
        public void stopListening() throws IOException {
            server.close();
        }
    }

    @State(Scope.Thread)
    public static class SocketReader extends Reader {
        @Param({Kinds.PLATFORM, Kinds.VIRTUAL})
        public String kind;

        @Override
        ThreadFactory factory() {
            return Kinds.factory(kind);
        }
    }

    @State(Scope.Thread)
    public static class VirtualSocketReader extends Reader {
        @Override
        ThreadFactory factory() {
            return Kinds.factory(Kinds.VIRTUAL);
        }
    }

    @Benchmark
    public Thread interruptThenJoin(ThreadInCall t) throws InterruptedException {
        t.thread.interrupt();
        t.thread.join();
        return t.thread;
    }

    @Benchmark
    public Thread futureCancelThenJoin(TaskInCall t) throws InterruptedException {
        t.future.cancel(true);
        t.thread.join();
        return t.thread;
    }

    @Benchmark
    public Thread shutdownNowThenClose(TaskInCall t) throws InterruptedException {
        t.executor.shutdownNow();
        t.executor.close();
        t.thread.join(); // already over when close() returns; makes "terminated" exact
        return t.thread;
    }

    @Benchmark
    public Thread closeSocketThenJoin(SocketReader r) throws IOException, InterruptedException {
        r.socket.close();
        r.thread.join();
        return r.thread;
    }

    @Benchmark
    public Thread interruptVirtualSocketReadThenJoin(VirtualSocketReader r) throws InterruptedException {
        r.thread.interrupt();
        r.thread.join();
        return r.thread;
    }

    /*
     * HOW TO RUN THIS TEST:
     *
     *   scripts/bench CancellationLatency
     *   scripts/bench --quick 'CancellationLatency.interruptThenJoin' -p call=sleep
     *
     * OUTPUT of the README's run, `scripts/bench --quick` (1 fork, 2 x 500 ms warm-up, 5 x 500 ms
     * measurement, -prof gc) on a shared 2-core machine while other builds ran, JDK 25; rows
     * gc.churn/count/time and the parameter columns of other classes left out:
     *
     *   Benchmark                                                                     (call)    (kind)  Mode  Cnt      Score         Error  Units
     *   CancellationLatency.closeSocketThenJoin                                          N/A  platform  avgt    5    228.830  ±    481.333  us/op
     *   CancellationLatency.closeSocketThenJoin:gc.alloc.rate.norm                       N/A  platform  avgt    5   8292.609  ±    103.767   B/op
     *   CancellationLatency.closeSocketThenJoin                                          N/A   virtual  avgt    5    192.241  ±    224.407  us/op
     *   CancellationLatency.closeSocketThenJoin:gc.alloc.rate.norm                       N/A   virtual  avgt    5   6579.177  ±   3102.814   B/op
     *   CancellationLatency.futureCancelThenJoin                                   queueTake  platform  avgt    5    119.033  ±    139.160  us/op
     *   CancellationLatency.futureCancelThenJoin:gc.alloc.rate.norm                queueTake  platform  avgt    5   2004.985  ±    482.006   B/op
     *   CancellationLatency.futureCancelThenJoin                                   queueTake   virtual  avgt    5    112.374  ±     57.331  us/op
     *   CancellationLatency.futureCancelThenJoin:gc.alloc.rate.norm                queueTake   virtual  avgt    5   5827.662  ±   6575.358   B/op
     *   CancellationLatency.futureCancelThenJoin                                       sleep  platform  avgt    5     87.496  ±     61.231  us/op
     *   CancellationLatency.futureCancelThenJoin:gc.alloc.rate.norm                    sleep  platform  avgt    5   1967.563  ±    168.734   B/op
     *   CancellationLatency.futureCancelThenJoin                                       sleep   virtual  avgt    5    173.976  ±    206.960  us/op
     *   CancellationLatency.futureCancelThenJoin:gc.alloc.rate.norm                    sleep   virtual  avgt    5  11316.159  ±  22117.446   B/op
     *   CancellationLatency.futureCancelThenJoin                                        lock  platform  avgt    5    149.190  ±    434.109  us/op
     *   CancellationLatency.futureCancelThenJoin:gc.alloc.rate.norm                     lock  platform  avgt    5   1902.297  ±    103.070   B/op
     *   CancellationLatency.futureCancelThenJoin                                        lock   virtual  avgt    5    158.898  ±    423.115  us/op
     *   CancellationLatency.futureCancelThenJoin:gc.alloc.rate.norm                     lock   virtual  avgt    5   7601.924  ±  11432.412   B/op
     *   CancellationLatency.interruptThenJoin                                      queueTake  platform  avgt    5     98.272  ±    270.834  us/op
     *   CancellationLatency.interruptThenJoin:gc.alloc.rate.norm                   queueTake  platform  avgt    5   1317.092  ±     25.093   B/op
     *   CancellationLatency.interruptThenJoin                                      queueTake   virtual  avgt    5     95.011  ±    139.170  us/op
     *   CancellationLatency.interruptThenJoin:gc.alloc.rate.norm                   queueTake   virtual  avgt    5   2092.038  ±   2243.764   B/op
     *   CancellationLatency.interruptThenJoin                                          sleep  platform  avgt    5     98.285  ±    251.223  us/op
     *   CancellationLatency.interruptThenJoin:gc.alloc.rate.norm                       sleep  platform  avgt    5   1234.811  ±    226.902   B/op
     *   CancellationLatency.interruptThenJoin                                          sleep   virtual  avgt    5     48.826  ±     34.287  us/op
     *   CancellationLatency.interruptThenJoin:gc.alloc.rate.norm                       sleep   virtual  avgt    5   1979.254  ±   1881.787   B/op
     *   CancellationLatency.interruptThenJoin                                           lock  platform  avgt    5    116.202  ±    312.742  us/op
     *   CancellationLatency.interruptThenJoin:gc.alloc.rate.norm                        lock  platform  avgt    5   1164.039  ±    244.942   B/op
     *   CancellationLatency.interruptThenJoin                                           lock   virtual  avgt    5     93.348  ±    184.670  us/op
     *   CancellationLatency.interruptThenJoin:gc.alloc.rate.norm                        lock   virtual  avgt    5   1869.201  ±   1451.592   B/op
     *   CancellationLatency.interruptVirtualSocketReadThenJoin                           N/A       N/A  avgt    5     80.181  ±    113.570  us/op
     *   CancellationLatency.interruptVirtualSocketReadThenJoin:gc.alloc.rate.norm        N/A       N/A  avgt    5   6251.987  ±    661.323   B/op
     *   CancellationLatency.shutdownNowThenClose                                   queueTake  platform  avgt    5    126.372  ±     89.740  us/op
     *   CancellationLatency.shutdownNowThenClose:gc.alloc.rate.norm                queueTake  platform  avgt    5   2183.068  ±    211.436   B/op
     *   CancellationLatency.shutdownNowThenClose                                   queueTake   virtual  avgt    5    183.221  ±    509.006  us/op
     *   CancellationLatency.shutdownNowThenClose:gc.alloc.rate.norm                queueTake   virtual  avgt    5   3270.204  ±   3892.078   B/op
     *   CancellationLatency.shutdownNowThenClose                                       sleep  platform  avgt    5    116.322  ±    183.449  us/op
     *   CancellationLatency.shutdownNowThenClose:gc.alloc.rate.norm                    sleep  platform  avgt    5   2140.854  ±     83.332   B/op
     *   CancellationLatency.shutdownNowThenClose                                       sleep   virtual  avgt    5    234.413  ±    387.732  us/op
     *   CancellationLatency.shutdownNowThenClose:gc.alloc.rate.norm                    sleep   virtual  avgt    5   3423.713  ±   2419.671   B/op
     *   CancellationLatency.shutdownNowThenClose                                        lock  platform  avgt    5     81.954  ±     96.853  us/op
     *   CancellationLatency.shutdownNowThenClose:gc.alloc.rate.norm                     lock  platform  avgt    5   2081.597  ±     60.018   B/op
     *   CancellationLatency.shutdownNowThenClose                                        lock   virtual  avgt    5     49.813  ±     82.891  us/op
     *   CancellationLatency.shutdownNowThenClose:gc.alloc.rate.norm                     lock   virtual  avgt    5   2355.448  ±   1454.295   B/op
     */
}

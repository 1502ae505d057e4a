package dev.leaklab.bench;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Exchanger;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/*
 * WHAT DOES A HANDOFF BETWEEN TWO THREADS COST? (Go's unbuffered channel, in Java)
 *
 * The Go guide's first leak is a send on an unbuffered channel nobody receives. Java's closest
 * equivalents are a SynchronousQueue (put waits for a take), an ArrayBlockingQueue of capacity
 * one (Go's buffer of 1), a LinkedTransferQueue used with transfer() (put-and-wait for the
 * taker), and an Exchanger (both sides meet and swap). What does one handoff cost when the other
 * side is there, and does the kind of thread change it?
 *
 * Two threads of the same kind play ping-pong: the pinger hands a message to the ponger, the
 * ponger hands one back; one round trip is two handoffs (for the Exchanger, two exchanges). A
 * handoff usually means the receiver was parked and must be woken: for platform threads, a
 * futex wake and an OS context switch; for virtual threads, an unpark that submits the
 * receiver's continuation to the ForkJoinPool scheduler, and a mount on a carrier. On 2 cores
 * the receiver may also still be spinning, and then no one parks at all.
 *
 * Both players are threads of the measured kind, so the JMH thread (a platform thread) cannot
 * be one of them: it only starts a burst of 1000 round trips and waits for it to finish. That
 * costs two wake-ups per 2000 handoffs, 0.1% of the operations, and is counted in.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class Handoff {

    public static final int ROUND_TRIPS = 1000;
    private static final Object MESSAGE = new Object();

    @Param({Kinds.PLATFORM, Kinds.VIRTUAL})
    public String kind;

    @Param({"SynchronousQueue", "ArrayBlockingQueue", "LinkedTransferQueue", "Exchanger"})
    public String channel;

    /** One side of a round trip each: the pinger sends then receives, the ponger the reverse. */
    interface Channel {
        void ping() throws InterruptedException;

        void pong() throws InterruptedException;
    }

    /** Two queues, one per direction; send and receive are the queue's blocking calls. */
    record Queues(BlockingQueue<Object> there, BlockingQueue<Object> back, boolean transfer) implements Channel {
        @Override
        public void ping() throws InterruptedException {
            send(there);
            back.take();
        }

        @Override
        public void pong() throws InterruptedException {
            there.take();
            send(back);
        }

        private void send(BlockingQueue<Object> q) throws InterruptedException {
            if (transfer) {
                ((LinkedTransferQueue<Object>) q).transfer(MESSAGE); // waits for the taker, like SynchronousQueue.put
            } else {
                q.put(MESSAGE);
            }
        }
    }

    /** Both sides call exchange twice per round trip. */
    record Exchange(Exchanger<Object> exchanger) implements Channel {
        @Override
        public void ping() throws InterruptedException {
            exchanger.exchange(MESSAGE);
            exchanger.exchange(MESSAGE);
        }

        @Override
        public void pong() throws InterruptedException {
            ping();
        }
    }

    private final Semaphore go = new Semaphore(0);
    private final Semaphore done = new Semaphore(0);
    private Thread pinger;
    private Thread ponger;

    @Setup
    public void startPlayers() {
        Channel ch = switch (channel) {
            case "SynchronousQueue" -> new Queues(new SynchronousQueue<>(), new SynchronousQueue<>(), false);
            case "ArrayBlockingQueue" -> new Queues(new ArrayBlockingQueue<>(1), new ArrayBlockingQueue<>(1), false);
            case "LinkedTransferQueue" -> new Queues(new LinkedTransferQueue<>(), new LinkedTransferQueue<>(), true);
            case "Exchanger" -> new Exchange(new Exchanger<>());
            default -> throw new IllegalArgumentException("unknown channel '" + channel + "'");
        };
        ThreadFactory factory = Kinds.factory(kind);
        pinger = factory.newThread(() -> {
            try {
                while (true) {
                    go.acquire();
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                        ch.ping();
                    }
                    done.release();
                }
            } catch (InterruptedException stop) {
                // tear-down
            }
        });
        ponger = factory.newThread(() -> {
            try {
                while (true) {
                    ch.pong();
                }
            } catch (InterruptedException stop) {
                // tear-down
            }
        });
        pinger.start();
        ponger.start();
    }

    @Benchmark
    @OperationsPerInvocation(2 * ROUND_TRIPS)
    public void pingPong() throws InterruptedException {
        go.release();
        done.acquire();
    }

    @TearDown
    public void stopPlayers() throws InterruptedException {
        pinger.interrupt();
        ponger.interrupt();
        pinger.join();
        ponger.join();
    }

    /*
     * HOW TO RUN THIS TEST:
     *
     *   scripts/bench Handoff
     *   scripts/bench --quick Handoff -p channel=SynchronousQueue
     *
     * OUTPUT of the README's run, `scripts/bench --quick` (1 fork, 2 x 500 ms warm-up, 5 x 500 ms
     * measurement, -prof gc) on a shared 2-core machine while other builds ran, JDK 25; rows
     * gc.churn/count/time and the parameter columns of other classes left out:
     *
     *   Benchmark                                      (channel)    (kind)  Mode  Cnt      Score         Error  Units
     *   Handoff.pingPong                        SynchronousQueue  platform  avgt    5   8793.257  ±   3292.309  ns/op
     *   Handoff.pingPong:gc.alloc.rate.norm     SynchronousQueue  platform  avgt    5     32.143  ±      0.038   B/op
     *   Handoff.pingPong                        SynchronousQueue   virtual  avgt    5    951.303  ±   2134.389  ns/op
     *   Handoff.pingPong:gc.alloc.rate.norm     SynchronousQueue   virtual  avgt    5     63.997  ±      0.225   B/op
     *   Handoff.pingPong                      ArrayBlockingQueue  platform  avgt    5   4242.230  ±   3195.787  ns/op
     *   Handoff.pingPong:gc.alloc.rate.norm   ArrayBlockingQueue  platform  avgt    5     18.599  ±      0.219   B/op
     *   Handoff.pingPong                      ArrayBlockingQueue   virtual  avgt    5   1241.797  ±    965.861  ns/op
     *   Handoff.pingPong:gc.alloc.rate.norm   ArrayBlockingQueue   virtual  avgt    5     62.313  ±      0.537   B/op
     *   Handoff.pingPong                     LinkedTransferQueue  platform  avgt    5  10535.542  ±   2648.218  ns/op
     *   Handoff.pingPong:gc.alloc.rate.norm  LinkedTransferQueue  platform  avgt    5     32.166  ±      0.088   B/op
     *   Handoff.pingPong                     LinkedTransferQueue   virtual  avgt    5    944.829  ±    761.414  ns/op
     *   Handoff.pingPong:gc.alloc.rate.norm  LinkedTransferQueue   virtual  avgt    5     64.004  ±      0.208   B/op
     *   Handoff.pingPong                               Exchanger  platform  avgt    5  54975.626  ±  13127.759  ns/op
     *   Handoff.pingPong:gc.alloc.rate.norm            Exchanger  platform  avgt    5      0.742  ±      0.296   B/op
     *   Handoff.pingPong                               Exchanger   virtual  avgt    5    740.438  ±    133.984  ns/op
     *   Handoff.pingPong:gc.alloc.rate.norm            Exchanger   virtual  avgt    5     32.006  ±      0.595   B/op
     */
}

package dev.leaklab.child;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import dev.leaklab.census.LiveThreads;
import dev.leaklab.link.ScaleReading;
import dev.leaklab.result.ResultJson;
import dev.leaklab.result.ThreadKind;

/**
 * The child JVM of {@code leaklab stress --scale}: parks threads of one kind until each checkpoint
 * count is reached, and at each one measures what it costs (heap after a full GC, RSS, the time
 * the threads took to start, what a census costs) and prints one line for the parent, then waits
 * for the parent (which meanwhile runs {@code leaklab dump} and {@code leaklab leaks} against this
 * JVM) to say "next" on standard input. The threads park in a loop a few frames deep, the
 * smallest stack a leaked thread can have.
 *
 * <p>Arguments: {@code platform|virtual COUNT[,COUNT...]}.
 */
public final class ScaleMain {

    /** Census readings per checkpoint: their median and maximum are reported. */
    public static final int CENSUS_READINGS = 21;

    private static final LongAdder PARKED = new LongAdder();

    private ScaleMain() {
    }

    public static void main(String[] args) throws Exception {
        ThreadKind kind = ThreadKind.valueOf(args[0].toUpperCase(java.util.Locale.ROOT));
        int[] checkpoints = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        var builder = kind == ThreadKind.VIRTUAL ? Thread.ofVirtual().name("leaklab-scale-", 0)
                : Thread.ofPlatform().daemon().name("leaklab-scale-", 0);
        print(measure(0, 0));
        await(in);
        int started = 0;
        for (int target : checkpoints) {
            long t0 = System.nanoTime();
            for (; started < target; started++) {
                builder.start(ScaleMain::parkForever);
            }
            while (PARKED.sum() < target) {
                Thread.sleep(1);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            print(measure(target, seconds));
            await(in);
        }
        System.exit(0);
    }

    private static void parkForever() {
        PARKED.increment();
        while (true) {
            LockSupport.park();
        }
    }

    private static ScaleReading measure(int threads, double startSeconds) throws IOException {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long rss = rssBytes();
        long[] nanos = new long[CENSUS_READINGS];
        LiveThreads.Census census = null;
        for (int i = 0; i < nanos.length; i++) {
            long t = System.nanoTime();
            census = LiveThreads.census();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        long w = System.nanoTime();
        var walk = LiveThreads.walkCensus();
        double walkMillis = (System.nanoTime() - w) / 1e6;
        return new ScaleReading(threads, startSeconds, heap, rss, nanos[nanos.length / 2] / 1e3, nanos[nanos.length - 1] / 1e3,
                census.app(), walkMillis, walk.equals(LiveThreads.census()));
    }

    /** VmRSS of this process, from /proc; 0 where there is no /proc. */
    static long rssBytes() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }

    private static void print(ScaleReading r) throws IOException {
        System.out.println(ScaleReading.LINE + ResultJson.mapper().writer().without(
                com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
        System.out.flush();
    }

    /** Waits for the parent's "next"; the parent closing the pipe ends the child. */
    private static void await(BufferedReader in) throws IOException {
        if (in.readLine() == null) {
            System.exit(0);
        }
    }
}

package bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ThreadStartJoin {
    @Param({"platform", "virtual"})
    String kind;

    // extra busy work per thread (in loop turns), so a second run can be made slower on purpose
    static final int EXTRA = Integer.getInteger("extra", 0);

    Thread.Builder builder;

    @Setup
    public void setup() {
        builder = kind.equals("virtual") ? Thread.ofVirtual() : Thread.ofPlatform();
    }

    @Benchmark
    public long startJoin() throws InterruptedException {
        long[] box = new long[1];
        Thread t = builder.start(() -> {
            long x = 0;
            for (int i = 0; i < EXTRA; i++) x += i * 31L;
            box[0] = x;
        });
        t.join();
        return box[0];
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object allocStack() {
        return new byte[kind.equals("virtual") ? 512 : 1024];
    }
}

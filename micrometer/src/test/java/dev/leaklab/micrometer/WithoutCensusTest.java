package dev.leaklab.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Without {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} there is no census: the
 * binder says so once, registers the counters and nothing that would throw, in a JVM of its own.
 */
class WithoutCensusTest {

    @Test
    void bindsTheCountersAndSaysOnceWhatIsMissing() throws Exception {
        Assumptions.assumeTrue(dev.leaklab.internal.census.VirtualThreads.supported(),
                "on a JDK without virtual threads (17) the census needs no flag: the thread groups hold every thread");
        var process = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), Child.class.getName()).redirectErrorStream(true).start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(out).isZero();
            assertThat(out.lines().filter(l -> l.contains("--add-exports java.base/jdk.internal.vm=ALL-UNNAMED"))).as(out).hasSize(1);
            assertThat(out).contains("meters [jvm.threads.ends, jvm.threads.starts]")
                    .contains("virtual starts counted 1");
        } finally {
            process.destroyForcibly();
        }
    }

    /** Binds twice (two registries), starts one virtual thread and reads the counter. */
    static final class Child {
        public static void main(String[] args) throws Exception {
            try (var binder = new LeaklabThreadMetrics()) {
                var registry = new SimpleMeterRegistry();
                binder.bindTo(registry);
                binder.bindTo(new SimpleMeterRegistry());
                System.out.println("meters " + registry.getMeters().stream().map(m -> m.getId().getName()).distinct().sorted().toList());
                if (!binder.awaitCounting(java.time.Duration.ofSeconds(10))) {
                    throw new AssertionError("JFR delivered nothing");
                }
                double before = registry.get("jvm.threads.starts").tag("kind", "virtual").functionCounter().count();
                dev.leaklab.internal.census.VirtualThreads.start("counted", () -> { }).join();
                for (int i = 0; i < 200 && registry.get("jvm.threads.starts").tag("kind", "virtual").functionCounter().count() == before; i++) {
                    Thread.sleep(25);
                }
                Thread.sleep(1_200); // one more flush: nothing else arrives
                System.out.println("virtual starts counted "
                        + (long) (registry.get("jvm.threads.starts").tag("kind", "virtual").functionCounter().count() - before));
            }
        }
    }
}

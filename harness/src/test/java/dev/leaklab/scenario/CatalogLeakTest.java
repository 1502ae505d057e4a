package dev.leaklab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.result.ThreadKind;
import dev.leaklab.result.Variant;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.leaklab.load.LiveRun;
import dev.leaklab.load.Rate;
import dev.leaklab.junit.CheckThreadLeaks;

/**
 * Every scenario, both variants, both kinds: the leaky one leaves threads behind, the fixed one
 * returns to its baseline. Counted by the JVM (LiveThreads), never by the scenario itself.
 * Short runs at a higher rate keep the suite fast.
 */
// The leaky variants leave their threads behind on purpose (leaklab-<scenario>-N; this class runs
// in a JVM of its own): the leak check ignores them, and still checks everything else.
@CheckThreadLeaks(ignoreNames = "leaklab-[a-z-]+-\\d+")
class CatalogLeakTest {

    static final Rate RATE = new Rate(200);
    static final Duration LOAD = Duration.ofMillis(500);
    static final Duration IDLE = Duration.ofMillis(300);

    static Stream<Arguments> cells() {
        return Catalog.all().stream().flatMap(s -> Stream.of(ThreadKind.values())
                .flatMap(k -> Stream.of(Variant.values()).map(v -> Arguments.of(s.name(), k, v))));
    }

    @ParameterizedTest(name = "{0} {2} {1}")
    @MethodSource("cells")
    void leakyLeavesThreadsFixedReturnsToBaseline(String name, ThreadKind kind, Variant variant) throws Exception {
        var out = new StringWriter();
        var run = new LiveRun(Catalog.find(name).orElseThrow(), variant, kind, RATE, LOAD, Duration.ofMillis(250), IDLE,
                Integer.MAX_VALUE);
        var result = run.execute(new PrintWriter(out, true));

        assertThat(result.submitted()).isEqualTo(100);
        assertThat(result.failed()).as("failed operations; first: %s", result.firstFailure()).isZero();
        if (variant == Variant.LEAKY) {
            // every operation strands at least one thread (rpc-without-timeout strands two)
            assertThat(result.leftBehind()).as(out.toString()).isGreaterThanOrEqualTo(90);
            assertThat(out.toString()).contains("LEAK: " + result.leftBehind() + " threads above the baseline");
            var stranded = kind == ThreadKind.VIRTUAL ? result.afterIdle().appVirtual() : result.afterIdle().appPlatform();
            assertThat(stranded).as("the leaked threads are of the kind asked for").isGreaterThanOrEqualTo(90);
        } else {
            assertThat(result.leftBehind()).as(out.toString()).isLessThanOrEqualTo(0);
            assertThat(out.toString()).contains("All threads cleaned up");
        }
    }
}

package dev.leaklab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.result.ThreadKind;
import dev.leaklab.result.Variant;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.leaklab.internal.census.IoPollers;
import dev.leaklab.census.LiveThreads;
import dev.leaklab.census.LiveThreads.Census;
import dev.leaklab.junit.CheckThreadLeaks;

/**
 * The census that counts virtual threads from the containers' counts ({@code census()}) gives the
 * numbers of the walk over every thread ({@code walkCensus()}) on every scenario of the catalog,
 * both variants, both kinds: before the load, with the load's threads alive, and after the close.
 */
// The leaky variants leave their threads behind on purpose (leaklab-<scenario>-N; this class runs
// in a JVM of its own): the leak check ignores them, and still checks everything else.
@CheckThreadLeaks(ignoreNames = "leaklab-[a-z-]+-\\d+")
class CatalogCensusTest {

    static final int OPERATIONS = 40;

    static Stream<Arguments> cells() {
        return Catalog.all().stream().flatMap(s -> Stream.of(ThreadKind.values())
                .flatMap(k -> Stream.of(Variant.values()).map(v -> Arguments.of(s.name(), k, v))));
    }

    @ParameterizedTest(name = "{0} {2} {1}")
    @MethodSource("cells")
    void censusAgreesWithTheWalk(String name, ThreadKind kind, Variant variant) throws Exception {
        if (kind == ThreadKind.VIRTUAL) {
            IoPollers.start();
        }
        Census before = agreed("before the load");
        try (var workload = Catalog.find(name).orElseThrow().open(variant, kind.builder(name))) {
            for (int i = 0; i < OPERATIONS; i++) {
                workload.submit();
                Thread.sleep(2);
            }
            Census loaded = agreed("with the load's threads alive");
            // a scenario may start its stranded thread a moment after submit() returns (an HTTP handler's)
            for (int i = 0; variant == Variant.LEAKY && loaded.app() - before.app() < OPERATIONS && i < 100; i++) {
                Thread.sleep(50);
                loaded = agreed("with the load's threads alive");
            }
            if (variant == Variant.LEAKY) {
                assertThat(loaded.app() - before.app()).as("the stranded threads are counted").isGreaterThanOrEqualTo(OPERATIONS);
            }
        }
        agreed("after the close");
    }

    /** census() bracketed by two walks that agree, so threads starting or ending cannot be mistaken for a difference. */
    static Census agreed(String when) throws InterruptedException {
        Census walk = null, fast = null;
        for (int i = 0; i < 100; i++) {
            walk = LiveThreads.walkCensus();
            fast = LiveThreads.census();
            if (walk.equals(LiveThreads.walkCensus()) && walk.equals(fast)) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(fast).as("census() against the walk over every thread, " + when).isEqualTo(walk);
        return fast;
    }
}

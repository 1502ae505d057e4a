package dev.leaklab.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {

    @ParameterizedTest
    @CsvSource({
        "ns/op,   us/op,   0.001",
        "us/op,   ns/op,   1000",
        "s/op,    ms/op,   1000",
        "ops/ms,  ops/s,   1000",
        "ops/s,   ops/us,  0.000001",
        "ops/min, ops/s,   0.0166666666667",
        "MB/sec,  KB/sec,  1024",
        "B/op,    B/op,    1",
        "threads, threads, 1",
    })
    void convertsWithinADimension(String from, String to, double factor) {
        assertThat(Unit.parse(from).factorTo(Unit.parse(to))).hasValueCloseTo(factor, within(factor * 1e-9));
    }

    @ParameterizedTest
    @CsvSource({"ns/op, ops/s", "B/op, ns/op", "items, ms", "MB/sec, B/op", "ops/s, s/op"})
    void refusesAcrossDimensions(String a, String b) {
        assertThat(Unit.parse(a).factorTo(Unit.parse(b))).isEmpty();
    }

    @Test
    void guessesWhichWayIsBetter() {
        assertThat(Unit.parse("ns/op").guessDirection()).isEqualTo(Direction.LOWER);
        assertThat(Unit.parse("s/op").guessDirection()).isEqualTo(Direction.LOWER);
        assertThat(Unit.parse("ops/ms").guessDirection()).isEqualTo(Direction.HIGHER);
        assertThat(Unit.parse("B/op").guessDirection()).isEqualTo(Direction.LOWER);
        assertThat(Unit.parse("MB/sec").guessDirection()).isEqualTo(Direction.LOWER);
        assertThat(Unit.parse("counts").guessDirection()).isEqualTo(Direction.LOWER);
        assertThat(Unit.parse("ms").guessDirection()).isEqualTo(Direction.LOWER);
        assertThat(Unit.parse("#/op").guessDirection()).isEqualTo(Direction.UNKNOWN);
        assertThat(Unit.parse("threads").guessDirection()).isEqualTo(Direction.UNKNOWN);
    }
}

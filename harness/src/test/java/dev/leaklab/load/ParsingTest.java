package dev.leaklab.load;

import dev.leaklab.io.Durations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ParsingTest {

    @Test
    void ratesInTheirUsualForms() {
        assertThat(Rate.parse("50/s").perSecond()).isEqualTo(50);
        assertThat(Rate.parse("50").perSecond()).isEqualTo(50);
        assertThat(Rate.parse("3000/min").perSecond()).isEqualTo(50);
        assertThat(Rate.parse("0.5/s").period()).isEqualTo(Duration.ofSeconds(2));
        assertThat(Rate.parse("50/s")).hasToString("50/s");
        assertThatThrownBy(() -> Rate.parse("0/s")).hasMessageContaining("positive");
        assertThatThrownBy(() -> Rate.parse("-1")).hasMessageContaining("not a rate");
    }

    @Test
    void durationsInTheirUsualForms() {
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("PT3S")).isEqualTo(Duration.ofSeconds(3));
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Durations.format(Duration.ofSeconds(120))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThatThrownBy(() -> Durations.parse("10")).hasMessageContaining("not a duration");
    }
}

package dev.leaklab.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code stack-rate=N}: a burst gets stacks for its first N starts of the second (2N at most: the
 * first window may already be a second old when the burst begins), the rest are counted without
 * one, in the registry's "(not sampled)" row; a second later the budget is back. {@code stack-rate=all} gives every start its stack.
 */
class StackRateIT {
    private static final int BURST = 2_000, LATER = 5, RATE = 100;

    @Test
    void aBurstAboveTheRateGetsStacksForItsFirstStartsOnly() throws Exception {
        var r = ChildJvm.run(List.of(ChildJvm.javaagent("quiet,stack-rate=" + RATE)), Burst.class,
                String.valueOf(BURST), String.valueOf(LATER));

        assertThat(r.exitCode()).as(r.err()).isZero();
        int burst = Integer.parseInt(r.value("BURST")), notSampled = Integer.parseInt(r.value("NOT_SAMPLED"));
        // the scheduler's carrier threads, started during the burst, take a few of the window's stacks
        assertThat(burst).isBetween(RATE / 2, 2 * RATE);
        assertThat(notSampled).isEqualTo(BURST - burst);
        assertThat(r.value("NOT_SAMPLED_ROW")).isEqualTo(String.valueOf(notSampled));
        assertThat(r.value("LATER")).isEqualTo(String.valueOf(LATER));
    }

    @Test
    void stackRateAllGivesEveryStartItsStack() throws Exception {
        var r = ChildJvm.run(List.of(ChildJvm.javaagent("quiet,stack-rate=all")), Burst.class,
                String.valueOf(BURST), String.valueOf(LATER));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.value("BURST")).isEqualTo(String.valueOf(BURST));
        assertThat(r.value("LATER")).isEqualTo(String.valueOf(LATER));
        assertThat(r.value("NOT_SAMPLED")).isEqualTo("0");
        assertThat(r.value("NOT_SAMPLED_ROW")).isEqualTo("0");
    }
}

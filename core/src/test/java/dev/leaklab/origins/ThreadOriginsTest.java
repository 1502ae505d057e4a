package dev.leaklab.origins;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Without the agent, every answer is "nothing", and nothing throws. */
class ThreadOriginsTest {

    @Test
    void withoutTheAgentEveryAnswerIsEmpty() throws Exception {
        assertThat(ThreadOrigins.agentLoaded()).isFalse();
        Thread t = new Thread(() -> { });
        t.start();
        t.join();
        assertThat(ThreadOrigins.of(Thread.currentThread())).isEmpty();
        assertThat(ThreadOrigins.of(t)).isEmpty();
        ThreadOrigins.setScope("a-test");
        assertThat(ThreadOrigins.scopeOf(Thread.currentThread())).isEmpty();
        ThreadOrigins.setScope(null);
        assertThat(ThreadOrigins.liveBySite(10)).isEmpty();
        assertThat(ThreadOrigins.started(true)).isZero();
        assertThat(ThreadOrigins.ended(false)).isZero();
        assertThat(ThreadOrigins.provenLeaks()).isEmpty();
    }
}

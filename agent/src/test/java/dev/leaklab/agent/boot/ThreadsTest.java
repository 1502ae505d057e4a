package dev.leaklab.agent.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** On JDK 21+ the id and kind come from threadId() and isVirtual() (on 17, Jdk17IT covers the other branch). */
class ThreadsTest {
    @Test
    void theIdIsThreadIdEvenWhenASubclassOverridesGetId() {
        @SuppressWarnings("deprecation")
        Thread odd = new Thread(() -> { }) {
            @Override
            public long getId() {
                return 42;
            }
        };
        assertThat(Threads.VIRTUAL_THREADS).isTrue();
        assertThat(Threads.id(odd)).isEqualTo(odd.threadId()).isNotEqualTo(42);
    }

    @Test
    void virtualAndPlatformThreadsAreToldApart() {
        assertThat(Threads.isVirtual(Thread.ofVirtual().unstarted(() -> { }))).isTrue();
        assertThat(Threads.isVirtual(Thread.ofPlatform().unstarted(() -> { }))).isFalse();
    }
}

package dev.leaklab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.leaklab.junit.fixtures.Parked;

/** The plain API, for frameworks other than JUnit Jupiter. */
class ThreadLeaksTest {

    @AfterEach
    void release() throws InterruptedException {
        Kit.release();
    }

    @Test
    void verifyNoneFailsForABlockThatLeaks() {
        assertThatThrownBy(() -> ThreadLeaks.verifyNone(() -> Thread.ofVirtual().name("block-leak").start(Parked.task())))
                .isInstanceOf(ThreadLeakError.class)
                .hasMessageStartingWith("1 thread leaked by the checked code")
                .hasMessageContaining("names block-leak");
    }

    @Test
    void verifyNonePassesForABlockThatCleansUp() throws Exception {
        ThreadLeaks.verifyNone(() -> Thread.ofVirtual().start(() -> { }).join());
    }

    @Test
    void aWatchSpansSetUpAndTearDown() throws Exception {
        var watch = ThreadLeaks.start(ThreadLeaks.Options.defaults().withLinger(Duration.ofSeconds(30)));
        Thread t = Thread.ofPlatform().start(Parked.task());
        Kit.release(); // the thread ends: the linger returns as soon as it has
        watch.verifyNone();
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    void warnDoesNotThrow() {
        var watch = ThreadLeaks.start(ThreadLeaks.Options.defaults().withAction(LeakAction.WARN));
        Thread.ofPlatform().name("warned").start(Parked.task());
        watch.verifyNone();
    }

    @Test
    void anExceptionFromTheBlockWinsOverTheCheck() {
        assertThatThrownBy(() -> ThreadLeaks.verifyNone(() -> {
            Thread.ofPlatform().start(Parked.task());
            throw new IllegalStateException("the block's own failure");
        })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void optionsRefuseWhatCannotWork() {
        assertThatThrownBy(() -> ThreadLeaks.Options.defaults().ignoreNames("("))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ignoreNames: \"(\" is not a regular expression");
        assertThatThrownBy(() -> ThreadLeaks.Options.defaults().withLinger(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.leaklab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * A fixed variant's close must not fail on a thread that is in the set but not yet started: on a
 * busy machine the gap between the two is wide enough to hit (rpc-without-timeout's request
 * thread starts its RPC thread while the close runs), and the child then crashed in its warm-up.
 */
class OwnedThreadsTest {

    @Test
    void cancelAndJoinWaitsForAThreadCaughtBetweenAddAndStart() throws Exception {
        var inStart = new CountDownLatch(1);
        var mayStart = new CountDownLatch(1);
        ThreadFactory slowToStart = r -> new Thread(r) {
            @Override
            public void start() {
                inStart.countDown();
                try {
                    mayStart.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.start();
            }
        };
        var owned = new OwnedThreads(slowToStart);
        var starter = Thread.ofPlatform().start(() -> owned.start(OwnedThreadsTest::parkUntilInterrupted));
        inStart.await();

        var failure = new AtomicReference<Throwable>();
        var closer = Thread.ofPlatform().start(() -> {
            try {
                owned.cancelAndJoin(Duration.ofSeconds(10));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        Thread.sleep(50); // the close is now going round with the unstarted thread in the set
        mayStart.countDown();
        closer.join();
        starter.join();
        assertThat(failure.get()).isNull();
    }

    @Test
    void aThreadThatIgnoresTheCancelFailsTheCloseAtTheDeadline() throws Exception {
        var owned = new OwnedThreads(Thread.ofPlatform().daemon().factory());
        var stop = new CountDownLatch(1);
        Thread stubborn = owned.start(() -> {
            while (stop.getCount() > 0) {
                try {
                    stop.await();
                } catch (InterruptedException ignored) {
                    // the leak: it swallows the cancel
                }
            }
        });
        assertThatThrownBy(() -> owned.cancelAndJoin(Duration.ofMillis(100)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not end within");
        stop.countDown();
        stubborn.join();
    }

    private static void parkUntilInterrupted() {
        try {
            Thread.sleep(Duration.ofMinutes(1));
        } catch (InterruptedException expected) {
            // cancelled
        }
    }
}

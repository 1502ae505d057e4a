package dev.leaklab.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.leaklab.internal.census.VirtualThreads;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The framework-neutral check: goleak's two verbs, a block and a watch. */
class ThreadLeaksTest {

    /** For the checks that must find a leak: the default linger would wait 10 s for each. */
    private static final ThreadLeaks.Options SHORT = ThreadLeaks.Options.defaults().withLinger(Duration.ofMillis(50));

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> started = new CopyOnWriteArrayList<>();

    /** Parks until the test ends. */
    private Runnable parked() {
        return () -> {
            started.add(Thread.currentThread());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private static Thread startPlatform(String name, Runnable task) {
        var t = new Thread(task, name);
        t.start();
        return t;
    }

    /** A virtual thread on 21+, a platform thread on 17: the check is the same for both. */
    private static Thread startVirtualWhereAny(String name, Runnable task) {
        return VirtualThreads.supported() ? VirtualThreads.start(name, task) : startPlatform(name, task);
    }

    @AfterEach
    void releaseParked() throws InterruptedException {
        release.countDown();
        for (Thread t : started) {
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(t.isAlive()).as("a released thread ended: " + t).isFalse();
        }
    }

    @Test
    void verifyNoneFailsForABlockThatLeaks() {
        assertThatThrownBy(() -> ThreadLeaks.verifyNone(SHORT, () -> startVirtualWhereAny("block-leak", parked())))
                .isInstanceOf(ThreadLeakError.class)
                .hasMessageStartingWith("1 thread leaked by the checked code")
                .hasMessageContaining("names block-leak");
    }

    @Test
    void verifyNonePassesForABlockThatCleansUp() throws Exception {
        ThreadLeaks.verifyNone(() -> startVirtualWhereAny("ends", () -> { }).join());
    }

    @Test
    void findReturnsWhatLeakedWithoutThrowing() throws Exception {
        CheckResult found = ThreadLeaks.find(SHORT, () -> startPlatform("found-leak", parked()));
        assertThat(found.isEmpty()).isFalse();
        assertThat(found.leaks()).singleElement().satisfies(l -> {
            assertThat(l.name()).isEqualTo("found-leak");
            assertThat(l.virtual()).isFalse();
        });
        assertThat(found.message()).startsWith("1 thread leaked by the checked code");
        assertThat(ThreadLeaks.find(ThreadLeaks.Options.defaults(), () -> { }).isEmpty()).isTrue();
    }

    @Test
    void aWatchSpansSetUpAndTearDown() throws Exception {
        var watch = ThreadLeaks.start(ThreadLeaks.Options.defaults().withLinger(Duration.ofSeconds(30)));
        Thread t = startPlatform("parked", parked());
        release.countDown(); // the thread ends: the linger returns as soon as it has
        watch.verifyNone();
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    void warnDoesNotThrow() {
        var watch = ThreadLeaks.start(SHORT.withAction(LeakAction.WARN));
        startPlatform("warned", parked());
        watch.verifyNone();
    }

    @Test
    void byDefaultAThreadThatEndsShortlyAfterIsNotedNotBlamed() throws Exception {
        assertThat(ThreadLeaks.Options.defaults().linger()).isEqualTo(ThreadLeaks.DEFAULT_LINGER);
        CheckResult found = ThreadLeaks.find(ThreadLeaks.Options.defaults(), () -> startPlatform("short-hold", () -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(found.isEmpty()).isTrue();
        assertThat(found.ended()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("short-hold");
            assertThat(e.withinMillis()).isPositive();
        });
        assertThat(found.notes()).startsWith("1 thread ended within ").contains("short-hold");
    }

    /** Starts its thread in its static initializer, as a library's one timer per JVM does. */
    static final class Singleton {
        static final Thread THREAD;

        static {
            THREAD = new Thread(() -> {
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "class-lifetime-singleton");
            THREAD.setDaemon(true);
            THREAD.start();
        }

        static void touch() {
        }
    }

    @Test
    void aThreadStartedByAStaticInitializerIsReportedOnceAsClassLifetime() throws Exception {
        CheckResult first = ThreadLeaks.find(SHORT, Singleton::touch);
        assertThat(first.isEmpty()).isTrue();
        assertThat(first.classLifetime()).singleElement().satisfies(l -> {
            assertThat(l.name()).isEqualTo("class-lifetime-singleton");
            assertThat(l.initializer()).isEqualTo(Singleton.class.getName());
        });
        assertThat(first.notes()).contains("class-lifetime thread, started by the static initializer of "
                + Singleton.class.getName());
        var everything = SHORT.withIgnoreCurrent(false);
        assertThat(ThreadLeaks.find(everything, () -> { }).classLifetime()).as("reported once").isEmpty();
        assertThat(ThreadLeaks.find(everything, () -> { }).threads()).doesNotContain(Singleton.THREAD);
        assertThat(ThreadLeaks.find(everything.withBlameClassLifetime(true), () -> { }).threads())
                .as("blamed when asked").contains(Singleton.THREAD);
    }

    @Test
    void anExceptionFromTheBlockWinsOverTheCheck() {
        assertThatThrownBy(() -> ThreadLeaks.verifyNone(() -> {
            startPlatform("parked", parked());
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

package dev.leaklab.census;

import dev.leaklab.internal.census.VirtualThreads;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link LiveThreads#census()} counts virtual threads from the containers' counts; these tests
 * hold it to the numbers of {@link LiveThreads#walkCensus()}, which looks at every thread, for each
 * kind of container a thread can be in, and to the counts the test itself started. On a JDK
 * without virtual threads (17) the census is the thread groups' walk, and only the platform-thread
 * tests run.
 */
class LiveThreadsTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final List<Thread> parkedThreads = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void releaseAll() throws Exception {
        release.countDown();
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        // Ended before the next test's first census, which would otherwise count some still ending.
        for (Thread t : parkedThreads) {
            t.join();
        }
    }

    private void parked() {
        parkedThreads.add(Thread.currentThread());
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Both censuses, taken until two walks around one fast census agree (threads settle). */
    static LiveThreads.Census agreed() throws InterruptedException {
        LiveThreads.Census walk = null, fast = null;
        for (int i = 0; i < 50; i++) {
            walk = LiveThreads.walkCensus();
            fast = LiveThreads.available() && VirtualThreads.supported() ? LiveThreads.containerCensus() : LiveThreads.census();
            if (walk.equals(LiveThreads.walkCensus())) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(fast).as("the census from the containers' counts, against the walk over every thread").isEqualTo(walk);
        assertThat(LiveThreads.census()).as("census() takes the containers' counts here").isEqualTo(walk);
        return fast;
    }

    private static void assumeVirtualThreads() {
        Assumptions.assumeTrue(VirtualThreads.supported(), "this JDK (" + Runtime.version().feature()
                + ") has no virtual threads: the containers' counts are Java 21+");
    }

    private Thread startVirtual() {
        return VirtualThreads.start("parked", this::parked);
    }

    private static ExecutorService platformPerTask() {
        return VirtualThreads.perTaskExecutor(Executors.defaultThreadFactory());
    }

    private static AutoCloseable closing(ExecutorService e) {
        return () -> VirtualThreads.close(e);
    }

    @Test
    void platformThreadsAreCountedOnEveryJdk() throws Exception {
        var before = agreed();
        ExecutorService pool = Executors.newFixedThreadPool(7);
        cleanup.add(closing(pool));
        for (int i = 0; i < 7; i++) {
            pool.execute(this::parked);
        }
        var daemon = new Thread(this::parked);
        daemon.setDaemon(true);
        LiveThreads.registerToolThread(daemon).start();
        var after = agreed();
        assertThat(after.appPlatform() - before.appPlatform()).isEqualTo(7);
        assertThat(after.tool() - before.tool()).isEqualTo(1);
        assertThat(after.appVirtual()).isZero();
        assertThat(LiveThreads.available()).as("on 17 every thread is a platform thread; on 21+ the tests run with the flag").isTrue();
        assertThat(LiveThreads.allThreads()).contains(daemon, Thread.currentThread());
    }

    @Test
    void adoptionTakesTheSetUpsThreadsNotThoseTheApplicationStartsMeanwhile() throws Exception {
        // the race an agent makes: its endpoint starts on a thread of its own while main starts the app's
        var setUpRunning = new CountDownLatch(1);
        var appStarted = new CountDownLatch(1);
        var app = new Thread[1];
        var racing = new Thread(() -> {
            try {
                setUpRunning.await();
                app[0] = new Thread(this::parked, "app-started-meanwhile");
                app[0].start();
                appStarted.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        racing.start();
        Thread library = LiveThreads.adoptThreadsStartedBy(() -> {
            var t = new Thread(this::parked, "library-started-by-set-up");
            t.start();
            setUpRunning.countDown();
            appStarted.await();
            return t;
        });
        racing.join();
        assertThat(LiveThreads.isToolThread(library)).as("a thread the set-up started").isTrue();
        assertThat(LiveThreads.isToolThread(app[0])).as("a thread the application started during the set-up").isFalse();
        assertThat(LiveThreads.isToolThread(Thread.currentThread())).isFalse();
    }

    @Test
    void aFailedSetUpThrowsItsOwnException() {
        var thrown = org.assertj.core.api.Assertions.catchThrowable(() -> LiveThreads.adoptThreadsStartedBy(() -> {
            throw new java.io.IOException("port taken");
        }));
        assertThat(thrown).isInstanceOf(java.io.IOException.class).hasMessage("port taken");
    }

    @Test
    void withoutPreviewFeaturesCensusTakesTheContainersCounts() {
        assumeVirtualThreads();
        assertThat(LiveThreads.FAST_PATH).isTrue();
        assertThat(LiveThreads.containerCensus()).isNotNull();
    }

    @Test
    void directlyStartedVirtualThreadsAreCountedWithoutLookingAtThem() throws Exception {
        assumeVirtualThreads();
        var before = agreed();
        for (int i = 0; i < 1000; i++) {
            startVirtual();
        }
        var after = agreed();
        assertThat(after.appVirtual() - before.appVirtual()).isEqualTo(1000);
        assertThat(after.appPlatform()).isEqualTo(before.appPlatform());
    }

    @Test
    void threadsOfEveryKindOfContainerAreCounted() throws Exception {
        assumeVirtualThreads();
        var before = agreed();
        ExecutorService perTaskVirtual = VirtualThreads.perTaskExecutor(VirtualThreads.factory("v"));
        ExecutorService perTaskPlatform = platformPerTask();
        var poolOfVirtual = new ThreadPoolExecutor(30, 30, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                VirtualThreads.factory("pooled"));
        ExecutorService poolOfPlatform = Executors.newFixedThreadPool(7);
        cleanup.add(closing(perTaskVirtual));
        cleanup.add(closing(perTaskPlatform));
        cleanup.add(closing(poolOfVirtual));
        cleanup.add(closing(poolOfPlatform));
        for (int i = 0; i < 200; i++) {
            perTaskVirtual.execute(this::parked);
        }
        for (int i = 0; i < 5; i++) {
            perTaskPlatform.execute(this::parked);
        }
        for (int i = 0; i < 30; i++) {
            poolOfVirtual.execute(this::parked);
        }
        for (int i = 0; i < 7; i++) {
            poolOfPlatform.execute(this::parked);
        }
        var after = agreed();
        assertThat(after.appVirtual() - before.appVirtual()).isEqualTo(230);
        assertThat(after.appPlatform() - before.appPlatform()).isEqualTo(12);
    }

    @Test
    void toolThreadsOfBothKindsCountApart() throws Exception {
        assumeVirtualThreads();
        var before = agreed();
        for (int i = 0; i < 3; i++) {
            LiveThreads.registerToolThread(VirtualThreads.factory("tool").newThread(this::parked)).start();
            var daemon = new Thread(this::parked);
            daemon.setDaemon(true);
            LiveThreads.registerToolThread(daemon).start();
        }
        ExecutorService perTask = VirtualThreads.perTaskExecutor(VirtualThreads.factory("v"));
        cleanup.add(closing(perTask));
        var registered = new java.util.concurrent.CountDownLatch(1);
        perTask.execute(() -> {
            LiveThreads.registerToolThread(Thread.currentThread());
            registered.countDown();
            parked();
        });
        startVirtual();
        registered.await(); // the task registers itself: count only once it has
        var after = agreed();
        assertThat(after.tool() - before.tool()).isEqualTo(7);
        assertThat(after.appVirtual() - before.appVirtual()).isEqualTo(1);
        assertThat(after.appPlatform() - before.appPlatform()).isZero();
    }

    @Test
    void endedThreadsLeaveTheCount() throws Exception {
        assumeVirtualThreads();
        var before = agreed();
        var threads = new ArrayList<Thread>();
        var perTask = VirtualThreads.perTaskExecutor(VirtualThreads.factory("v"));
        for (int i = 0; i < 100; i++) {
            threads.add(VirtualThreads.start("ends", () -> { }));
            perTask.execute(() -> { });
        }
        VirtualThreads.close(perTask);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(agreed()).isEqualTo(before);
    }
}

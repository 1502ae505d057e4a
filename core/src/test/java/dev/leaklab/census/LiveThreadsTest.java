package dev.leaklab.census;

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
import org.junit.jupiter.api.Test;

/**
 * {@link LiveThreads#census()} counts virtual threads from the containers' counts; these tests
 * hold it to the numbers of {@link LiveThreads#walkCensus()}, which looks at every thread, for each
 * kind of container a thread can be in, and to the counts the test itself started.
 */
class LiveThreadsTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void releaseAll() throws Exception {
        release.countDown();
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    private void parked() {
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
            fast = LiveThreads.containerCensus();
            if (walk.equals(LiveThreads.walkCensus())) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(fast).as("the census from the containers' counts, against the walk over every thread").isEqualTo(walk);
        assertThat(LiveThreads.census()).as("census() takes the containers' counts here").isEqualTo(walk);
        return fast;
    }

    @Test
    void withoutPreviewFeaturesCensusTakesTheContainersCounts() {
        assertThat(LiveThreads.FAST_PATH).isTrue();
        assertThat(LiveThreads.containerCensus()).isNotNull();
    }

    @Test
    void directlyStartedVirtualThreadsAreCountedWithoutLookingAtThem() throws Exception {
        var before = agreed();
        for (int i = 0; i < 1000; i++) {
            Thread.ofVirtual().start(this::parked);
        }
        var after = agreed();
        assertThat(after.appVirtual() - before.appVirtual()).isEqualTo(1000);
        assertThat(after.appPlatform()).isEqualTo(before.appPlatform());
    }

    @Test
    void threadsOfEveryKindOfContainerAreCounted() throws Exception {
        var before = agreed();
        ExecutorService perTaskVirtual = Executors.newVirtualThreadPerTaskExecutor();
        ExecutorService perTaskPlatform = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory());
        var poolOfVirtual = new ThreadPoolExecutor(30, 30, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                Thread.ofVirtual().factory());
        ExecutorService poolOfPlatform = Executors.newFixedThreadPool(7);
        cleanup.add(perTaskVirtual);
        cleanup.add(perTaskPlatform);
        cleanup.add(poolOfVirtual);
        cleanup.add(poolOfPlatform);
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
        var before = agreed();
        for (int i = 0; i < 3; i++) {
            LiveThreads.registerToolThread(Thread.ofVirtual().unstarted(this::parked)).start();
            LiveThreads.registerToolThread(Thread.ofPlatform().daemon().unstarted(this::parked)).start();
        }
        ExecutorService perTask = Executors.newVirtualThreadPerTaskExecutor();
        cleanup.add(perTask);
        var registered = new java.util.concurrent.CountDownLatch(1);
        perTask.execute(() -> {
            LiveThreads.registerToolThread(Thread.currentThread());
            registered.countDown();
            parked();
        });
        Thread.ofVirtual().start(this::parked);
        registered.await(); // the task registers itself: count only once it has
        var after = agreed();
        assertThat(after.tool() - before.tool()).isEqualTo(7);
        assertThat(after.appVirtual() - before.appVirtual()).isEqualTo(1);
        assertThat(after.appPlatform() - before.appPlatform()).isZero();
    }

    @Test
    void endedThreadsLeaveTheCount() throws Exception {
        var before = agreed();
        var threads = new ArrayList<Thread>();
        try (var perTask = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                threads.add(Thread.ofVirtual().start(() -> { }));
                perTask.execute(() -> { });
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(agreed()).isEqualTo(before);
    }
}

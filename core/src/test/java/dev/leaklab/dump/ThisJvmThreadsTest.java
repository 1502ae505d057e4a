package dev.leaklab.dump;

import dev.leaklab.internal.dump.Frames;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

/**
 * This JVM's own threads: through the JSON dump on JDK 21 and later, through ThreadMXBean before
 * (this test runs on JDK 17 as well); both name the same thread, state and blocker, the way the
 * JSON dump names them.
 */
class ThisJvmThreadsTest {

    record Seen(List<DumpHeader> headers, List<DumpedThread> threads) {
        DumpedThread named(String name) {
            return threads.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
        }
    }

    static Seen seen(boolean throughThreadMXBean) {
        var seen = new Seen(new ArrayList<>(), new ArrayList<>());
        DumpVisitor visitor = new DumpVisitor() {
            @Override
            public void header(DumpHeader h) {
                seen.headers().add(h);
            }

            @Override
            public void thread(DumpedThread t) {
                seen.threads().add(t);
            }
        };
        if (throughThreadMXBean) {
            ThisJvmThreads.visit(visitor);
        } else {
            ThreadDumps.visitLive(ProcessHandle.current().pid(), visitor);
        }
        return seen;
    }

    @Test
    void namesStateAndBlockerAsTheJsonDumpDoes() throws Exception {
        var never = new CountDownLatch(1);
        Object lock = new Object();
        var parked = new Thread(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                // ends the test's thread
            }
        }, "this-jvm-parked");
        var blocked = new Thread(() -> {
            synchronized (lock) {
                lock.notifyAll();
            }
        }, "this-jvm-blocked");
        synchronized (lock) {
            parked.start();
            blocked.start();
            while (parked.getState() != Thread.State.WAITING || blocked.getState() != Thread.State.BLOCKED) {
                Thread.sleep(5);
            }
            try {
                List<List<String>> stacks = new ArrayList<>();
                for (boolean mxBean : Runtime.version().feature() >= 21 ? new boolean[] {false, true} : new boolean[] {false}) {
                    var seen = seen(mxBean);
                    stacks.add(seen.named("this-jvm-parked").stack());
                    var p = seen.named("this-jvm-parked");
                    assertThat(p.state()).isEqualTo("WAITING");
                    assertThat(p.virtual()).isFalse();
                    assertThat(Frames.withoutIdentityHash(p.blocker())).isEqualTo("parked on java.util.concurrent.CountDownLatch$Sync");
                    assertThat(p.stack()).anyMatch(f -> f.startsWith("java.base/java.util.concurrent.CountDownLatch.await("))
                            .contains("dev.leaklab.dump.ThisJvmThreadsTest.lambda$namesStateAndBlockerAsTheJsonDumpDoes$0(ThisJvmThreadsTest.java:52)")
                            .noneMatch(f -> f.contains("$$Lambda") || f.startsWith("app/"));
                    var b = seen.named("this-jvm-blocked");
                    assertThat(b.state()).isEqualTo("BLOCKED");
                    assertThat(Frames.withoutIdentityHash(b.blocker())).isEqualTo("blocked on java.lang.Object");
                    assertThat(seen.headers()).hasSize(1);
                    assertThat(seen.headers().get(0).processId()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
                    if (mxBean || Runtime.version().feature() < 21) {
                        assertThat(seen.headers().get(0).note()).startsWith("JDK " + Runtime.version().feature() + " has no virtual threads");
                        assertThat(p.container()).isEqualTo(ThisJvmThreads.NO_CONTAINER);
                    }
                }
                // on 21 and later: the JSON dump's stack and ThreadMXBean's, written alike
                assertThat(stacks.get(stacks.size() - 1)).isEqualTo(stacks.get(0));
            } finally {
                parked.interrupt();
            }
        }
        parked.join(10_000);
        blocked.join(10_000);
    }
}

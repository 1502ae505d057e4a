package dev.leaklab.profile;

import dev.leaklab.dump.DumpedThread;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Grouping details that a small real dump does not show: many containers, mixed kinds. */
class StackGroupsTest {

    static final List<String> STACK = List.of("java.base/jdk.internal.misc.Unsafe.park(Native Method)",
            "com.example.Handler.run(Handler.java:9)", "java.base/java.lang.Thread.run(Thread.java:1474)");

    static DumpedThread thread(int i, String container) {
        return new DumpedThread(Integer.toString(i), "pool-" + i + "-thread-1", false, "WAITING", container, null, STACK);
    }

    @Test
    void countsContainerInstancesPerKind() {
        var groups = new StackGroups();
        // one executor per request (the executor-never-shutdown leak): five executors, a thread each
        for (int i = 0; i < 5; i++) {
            groups.thread(thread(i, "java.util.concurrent.ThreadPoolExecutor@" + Integer.toHexString(0xabc0 + i)));
        }
        // and more threads than that in the root container, so the two orders differ
        for (int i = 5; i < 12; i++) {
            groups.thread(thread(i, "<root>"));
        }
        var g = groups.profile().groups().get(0);
        assertThat(g.count()).isEqualTo(12);
        assertThat(g.containers()).containsExactly(new Count("<root>", 7), new Count("java.util.concurrent.ThreadPoolExecutor", 5));
        assertThat(g.containerInstances()).containsExactly(new Count("java.util.concurrent.ThreadPoolExecutor", 5), new Count("<root>", 1));
        assertThat(ProfileText.details(g)).isEqualTo(
                "containers <root> 7, java.util.concurrent.ThreadPoolExecutor 5 (5 instances) · names pool-N-thread-N");
    }
}

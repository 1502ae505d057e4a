package dev.leaklab.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Groups of pool threads with no application frame are headlined by their pool, not by Unsafe.park. */
class PoolHeadlineTest {

    static final List<String> IDLE_WORKER = List.of(
            "java.base/jdk.internal.misc.Unsafe.park(Native Method)",
            "java.base/java.util.concurrent.locks.LockSupport.park(LockSupport.java:369)",
            "java.base/java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionNode.block(AbstractQueuedSynchronizer.java:519)",
            "java.base/java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject.await(AbstractQueuedSynchronizer.java:1763)",
            "java.base/java.util.concurrent.LinkedBlockingQueue.take(LinkedBlockingQueue.java:435)",
            "java.base/java.util.concurrent.ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1070)",
            "java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1130)",
            "java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:642)",
            "java.base/java.lang.Thread.run(Thread.java:1474)");

    static StackGroup group(List<String> stack, String container, int instances) {
        return new StackGroup(stack, 72, 72, 0, List.of(new Count("WAITING", 72)), List.of(new Count(container, 72)),
                List.of(new Count(container, instances)),
                List.of(new Count("parked on java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject", 72)),
                List.of(new Count("pool-N-thread-N", 72)));
    }

    @Test
    void idleWorkersOfManyPoolsReadAsTheirPool() {
        var g = group(IDLE_WORKER, "java.util.concurrent.ThreadPoolExecutor", 72);
        String expected = "java.util.concurrent.ThreadPoolExecutor (72 instances) · in ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1070)";
        assertThat(g.headline()).isEqualTo(expected);
        assertThat(ProfileText.groupLine(g)).isEqualTo("72 threads · platform · WAITING · parked on "
                + "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject · " + expected);
    }

    @Test
    void anApplicationFrameStillComesFirstAndRootThreadsKeepTheirTopFrame() {
        var app = new java.util.ArrayList<>(IDLE_WORKER);
        app.add(5, "com.acme.Worker.next(Worker.java:12)");
        var g = group(app, "java.util.concurrent.ThreadPoolExecutor", 1);
        assertThat(g.headline()).isEqualTo("com.acme.Worker.next(Worker.java:12)");
        assertThat(ProfileText.groupLine(g)).doesNotContain("ThreadPoolExecutor (");

        var root = group(IDLE_WORKER, "<root>", 1);
        assertThat(root.headline()).isEqualTo("java.base/jdk.internal.misc.Unsafe.park(Native Method)");
        assertThat(root.poolHeadline()).isNull();
    }

    /** A text dump (or a JVM before 21) has no containers: the pool's frame alone, past JDK 17's ForkJoinPool.managedBlock. */
    @Test
    void withoutContainersThePoolsFrameAlone() {
        var jdk17 = new java.util.ArrayList<>(IDLE_WORKER);
        jdk17.add(3, "java.base/java.util.concurrent.ForkJoinPool.unmanagedBlock(ForkJoinPool.java:3465)");
        jdk17.add(4, "java.base/java.util.concurrent.ForkJoinPool.managedBlock(ForkJoinPool.java:3436)");
        var g = group(jdk17, "(none in a text dump)", 1);
        assertThat(g.headline()).isEqualTo("ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1070)");
        assertThat(ProfileText.groupLine(g)).endsWith("$ConditionObject · ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1070)");
    }

    @Test
    void theTextDumpHeadlinesThePool() {
        var out = new StringWriter();
        ProfileText.write(new ThreadProfile(dev.leaklab.dump.DumpHeader.UNKNOWN, 72, 72, 0,
                List.of(group(IDLE_WORKER, "java.util.concurrent.ThreadPoolExecutor", 3))), new PrintWriter(out));
        assertThat(out.toString()).contains("· java.util.concurrent.ThreadPoolExecutor (3 instances) · in ThreadPoolExecutor.getTask(");
    }

    @Test
    void aPoolsCreatorWhenKnownNamesItsHeadlineAndSurvivesTheGroupedJson(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        var plain = group(IDLE_WORKER, "java.util.concurrent.ThreadPoolExecutor", 72);
        String site = "thread HttpClient-N-SelectorManager \u2190 com.acme.libs.LibraryLeaks.jdkHttp(LibraryLeaks.java:140)";
        var g = new StackGroup(plain.stack(), 72, 72, 0, plain.states(), plain.containers(), plain.containerInstances(),
                plain.blockers(), plain.names(), List.of(new Count(site, 70), new Count("com.acme.Other.make(Other.java:3)", 2)));
        assertThat(g.headline()).isEqualTo("java.util.concurrent.ThreadPoolExecutor (72 instances) · in"
                + " ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1070) · created at " + site + " (70; 1 other site)");
        // written and read back as the endpoint's grouped JSON, which dump and report read
        var profile = new ThreadProfile(dev.leaklab.dump.DumpHeader.UNKNOWN, 72, 72, 0, List.of(g));
        var file = tmp.resolve("grouped.json");
        try (var out = java.nio.file.Files.newBufferedWriter(file)) {
            dev.leaklab.internal.profile.ProfileJson.write(profile, out);
        }
        var back = new StackGroups();
        dev.leaklab.dump.ThreadDumps.visit(dev.leaklab.dump.ThreadDumps.source(file.toString()), back);
        assertThat(back.profile().groups()).singleElement().extracting(StackGroup::headline).isEqualTo(g.headline());
        // a group with no creator known reads as before
        assertThat(plain.headline()).doesNotContain("created at");
    }
}

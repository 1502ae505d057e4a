package dev.leaklab.dump;

import dev.leaklab.io.UserError;
import dev.leaklab.profile.Count;
import dev.leaklab.profile.ProfileDiff;
import dev.leaklab.profile.ProfileText;
import dev.leaklab.profile.StackGroup;
import dev.leaklab.profile.ThreadProfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text reader against real dumps of dumps/TextDemo.java.txt (three leaked pools, then one more
 * per request; a monitor owner and a thread blocked on it, an Object.wait, a ReentrantLock owner and
 * waiter, a deadlock), captured here: jdk17-jstack.txt ({@code jstack PID}, Debian's JDK 17),
 * jdk17-kill3.log (the same JVM's stdout: its log lines and two {@code kill -3} dumps 3 s apart),
 * jdk25-thread-print.txt ({@code jcmd PID Thread.print}, JDK 25) and jdk25-virtual.txt
 * (dumps/VirtualDemo.java.txt on JDK 25: a carrier with a mounted virtual thread).
 */
class TextThreadDumpTest {

    static final Path DUMPS = Path.of("src/test/resources/dumps");
    static final Path JSTACK_17 = DUMPS.resolve("jdk17-jstack.txt");
    static final Path LOG_17 = DUMPS.resolve("jdk17-kill3.log");
    static final Path JCMD_25 = DUMPS.resolve("jdk25-thread-print.txt");
    static final Path VIRTUAL_25 = DUMPS.resolve("jdk25-virtual.txt");

    @TempDir
    Path tmp;

    record Read(List<DumpHeader> headers, List<DumpedThread> threads) {
        DumpedThread named(String name) {
            return threads.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
        }
    }

    static Read read(ThreadDumps.Source source) {
        var r = new Read(new ArrayList<>(), new ArrayList<>());
        ThreadDumps.visit(source, new DumpVisitor() {
            @Override
            public void header(DumpHeader h) {
                r.headers().add(h);
            }

            @Override
            public void thread(DumpedThread t) {
                r.threads().add(t);
            }
        });
        return r;
    }

    @Test
    void readsTheJavaThreadsOfAJdk17JstackWithStatesBlockersAndStacks() {
        var r = read(new ThreadDumps.DumpFile(JSTACK_17));
        assertThat(r.headers()).hasSize(1);
        var h = r.headers().get(0);
        assertThat(h.runtimeVersion()).isEqualTo("17.0.15+6-Debian-1deb12u1");
        assertThat(h.time()).isEqualTo("2026-12-03 13:21:23");
        assertThat(h.processId()).isEqualTo("?"); // jstack does not print it
        assertThat(h.note()).isEqualTo(TextThreadDump.PLATFORM_ONLY);
        // the 26 threads with a #N but the 5 the JSON dump leaves out too; not the 8 GC/VM threads,
        // not the deadlock report's repeats
        assertThat(r.threads()).hasSize(21);
        assertThat(r.threads()).extracting(DumpedThread::name)
                .doesNotContain("VM Thread", "GC Thread#0", "C2 CompilerThread0", "Service Thread", "Sweeper thread")
                .containsOnlyOnce("deadlock-a")
                .contains("Signal Dispatcher", "Attach Listener", "Common-Cleaner", "Finalizer");
        assertThat(r.threads()).allSatisfy(t -> {
            assertThat(t.virtual()).isFalse();
            assertThat(t.container()).isEqualTo(TextThreadDump.NO_CONTAINER);
            assertThat(t.stack()).noneMatch(f -> f.contains("$$Lambda") || f.contains("@17"));
        });

        var worker = r.named("pool-1-thread-1");
        assertThat(worker.tid()).isEqualTo("12");
        assertThat(worker.state()).isEqualTo("WAITING");
        assertThat(worker.blocker()).matches("parked on java\\.util\\.concurrent\\.locks\\.AbstractQueuedSynchronizer\\$ConditionObject@0x\\p{XDigit}{16}");
        assertThat(worker.stack()).hasSize(11).startsWith("java.base/jdk.internal.misc.Unsafe.park(Native Method)")
                .endsWith("java.base/java.lang.Thread.run(Thread.java:840)");

        assertThat(r.named("blocked").state()).isEqualTo("BLOCKED");
        assertThat(r.named("blocked").blocker()).startsWith("blocked on java.lang.Object@0x");
        assertThat(r.named("blocked").stack()).containsExactly("TextDemo.lambda$main$2(TextDemo.java:9)",
                "java.base/java.lang.Thread.run(Thread.java:840)");
        assertThat(r.named("waiter").blocker()).startsWith("waiting on java.lang.Object@0x");
        assertThat(r.named("lock-waiter").blocker()).startsWith("parked on java.util.concurrent.locks.ReentrantLock$NonfairSync@0x");
        assertThat(r.named("monitor-owner").blocker()).isNull(); // "- locked" is what it holds
        assertThat(r.named("monitor-owner").state()).isEqualTo("TIMED_WAITING");
        assertThat(r.named("Signal Dispatcher").stack()).isEmpty();
        assertThat(r.named("deadlock-a").blocker()).isEqualTo("blocked on java.lang.Object@" + lockOf(r.named("deadlock-b")));
    }

    /** What deadlock-b holds: the lock deadlock-a waits for (read back from the text). */
    private static String lockOf(DumpedThread t) throws AssertionError {
        try {
            var text = Files.readString(JSTACK_17);
            int at = text.indexOf("\"" + t.name() + "\" #");
            var m = java.util.regex.Pattern.compile("- locked <(0x\\p{XDigit}+)>").matcher(text.substring(at));
            assertThat(m.find()).isTrue();
            return m.group(1);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void groupsTheLeakedPoolFirstAsTheJsonDumpWould() {
        var profile = ThreadProfile.of(new ThreadDumps.DumpFile(JSTACK_17));
        assertThat(profile.total()).isEqualTo(21);
        assertThat(profile.platform()).isEqualTo(21);
        assertThat(profile.virtual()).isZero();
        StackGroup top = profile.groups().get(0);
        assertThat(top.count()).isEqualTo(7);
        assertThat(top.names()).containsExactly(new Count("pool-N-thread-N", 7));
        assertThat(top.states()).containsExactly(new Count("WAITING", 7));
        assertThat(top.blockers()).containsExactly(
                new Count("parked on java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject", 7));
        assertThat(top.stack()).contains("java.base/java.util.concurrent.ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1062)");
    }

    @Test
    void textViewMatchesTheGoldenFile() throws Exception {
        var out = new StringWriter();
        ProfileText.write(ThreadProfile.of(new ThreadDumps.DumpFile(JSTACK_17)), new PrintWriter(out));
        assertThat(out.toString()).isEqualTo(Files.readString(DUMPS.resolve("jdk17-jstack.debug1.txt")));
    }

    @Test
    void readsJcmdOutputOfJdk25WithItsPidAndWithoutHiddenFrames() {
        var r = read(new ThreadDumps.DumpFile(JCMD_25));
        var h = r.headers().get(0);
        assertThat(h.processId()).isEqualTo("31135"); // jcmd's first line
        assertThat(h.runtimeVersion()).isEqualTo("25.0.3+9-LTS");
        assertThat(r.threads()).hasSize(23);
        // JDK 25 prints the lambda forms of a reflective call; Thread.getStackTrace hides them
        assertThat(r.named("main").stack()).containsSubsequence("TextDemo.main(TextDemo.java:21)",
                        "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invokeImpl(DirectMethodHandleAccessor.java:155)")
                .noneMatch(f -> f.contains("LambdaForm") || f.contains("Invokers$Holder"))
                .contains("jdk.compiler/com.sun.tools.javac.launcher.SourceLauncher.main(SourceLauncher.java:76)");
        assertThat(r.named("blocked").stack()).containsExactly("TextDemo.lambda$main$2(TextDemo.java:9)",
                "java.base/java.lang.Thread.run(Thread.java:1474)"); // and not Thread.runWith, which getStackTrace hides

    }

    @Test
    void aCarriersStackLeavesOutItsMountedVirtualThread() {
        var r = read(new ThreadDumps.DumpFile(VIRTUAL_25));
        assertThat(r.threads()).hasSize(10).noneMatch(DumpedThread::virtual);
        var carrier = r.named("ForkJoinPool-1-worker-1");
        assertThat(carrier.state()).isEqualTo("?"); // JDK 25 prints no state line for a carrier
        assertThat(carrier.stack()).startsWith("java.base/jdk.internal.vm.Continuation.run(Continuation.java:251)")
                .endsWith("java.base/java.util.concurrent.ForkJoinWorkerThread.run(ForkJoinWorkerThread.java:187)")
                .noneMatch(f -> f.startsWith("VirtualDemo"));
        assertThat(r.named("ForkJoinPool-1-worker-2").state()).isEqualTo("WAITING");
    }

    @Test
    void findsBothKill3DumpsInALogAndShowsTheLastUnlessOneIsPicked() {
        var last = read(ThreadDumps.source(LOG_17.toString()));
        assertThat(last.headers().get(0).time()).isEqualTo("2026-12-03 13:21:26");
        assertThat(last.headers().get(0).note()).isEqualTo(TextThreadDump.PLATFORM_ONLY + "; 2 thread dumps in " + LOG_17
                + "; showing the last, pick one with " + LOG_17 + "#1 to " + LOG_17 + "#2");
        assertThat(last.threads()).filteredOn(t -> t.name().startsWith("pool-")).hasSize(13);

        var first = read(ThreadDumps.source(LOG_17 + "#1"));
        assertThat(first.headers().get(0).time()).isEqualTo("2026-12-03 13:21:23");
        assertThat(first.headers().get(0).note()).endsWith("; thread dump #1 of 2 in " + LOG_17);
        assertThat(first.threads()).filteredOn(t -> t.name().startsWith("pool-")).hasSize(7);
        assertThat(read(ThreadDumps.source(LOG_17 + "#2")).threads()).isEqualTo(last.threads());
    }

    @Test
    void theLogsFirstDumpGroupsAsTheJstackOfTheSameMoment() {
        // jstack and the first kill -3 were taken within the same second of the same JVM
        var jstack = ThreadProfile.of(new ThreadDumps.DumpFile(JSTACK_17));
        var log1 = ThreadProfile.of(ThreadDumps.source(LOG_17 + "#1"));
        assertThat(log1.groups().get(0).stack()).isEqualTo(jstack.groups().get(0).stack());
        assertThat(log1.groups().get(0).count()).isEqualTo(jstack.groups().get(0).count());
    }

    @Test
    void diffOfTheLogsTwoDumpsShowsThePoolGrowing() {
        var diff = ProfileDiff.of(ThreadProfile.of(ThreadDumps.source(LOG_17 + "#1")),
                ThreadProfile.of(ThreadDumps.source(LOG_17 + "#2")));
        var top = diff.changes().get(0);
        assertThat(top.growth()).isEqualTo(6);
        assertThat(top.mark()).isEqualTo(ProfileDiff.Mark.GREW);
        assertThat(top.group().names()).containsExactly(new Count("pool-N-thread-N", 13));
        assertThat(diff.elapsed()).isEqualTo(Duration.ofSeconds(3)); // from the dumps' local time lines
    }

    @Test
    void saysWhatIsWrongWithTheNumberOrTheFile() throws Exception {
        assertThatThrownBy(() -> read(ThreadDumps.source(LOG_17 + "#3")))
                .isInstanceOf(UserError.class)
                .hasMessage(LOG_17 + " holds 2 thread dumps, so there is no #3: pick " + LOG_17 + "#1 to " + LOG_17 + "#2");
        assertThatThrownBy(() -> ThreadDumps.source(LOG_17 + "#0")).isInstanceOf(UserError.class)
                .hasMessageContaining("numbered from 1");
        assertThatThrownBy(() -> read(ThreadDumps.source(JSTACK_17 + "#2"))).isInstanceOf(UserError.class)
                .hasMessage(JSTACK_17 + " holds 1 thread dump, so there is no #2");
        assertThatThrownBy(() -> read(ThreadDumps.source(DUMPS.resolve("jdk25-demo.json") + "#2"))).isInstanceOf(UserError.class)
                .hasMessageContaining("is a JSON thread dump: it holds one dump");

        Path log = Files.writeString(tmp.resolve("app.log"), "12:00:01 INFO started\n12:00:02 INFO ready\n");
        assertThatThrownBy(() -> read(new ThreadDumps.DumpFile(log))).isInstanceOf(UserError.class)
                .hasMessage(log + " is neither a JSON thread dump nor a text one: no line starts with 'Full thread dump'"
                        + " (jstack PID, jcmd PID Thread.print or kill -3 output)");
        Path onlyFirstLine = Files.writeString(tmp.resolve("cut.txt"), Files.readAllLines(JSTACK_17).get(1) + "\n");
        assertThatThrownBy(() -> read(new ThreadDumps.DumpFile(onlyFirstLine))).isInstanceOf(UserError.class)
                .hasMessageContaining("no Java thread after it");
    }

    @Test
    void tellsATextDumpFromOtherFiles() throws Exception {
        assertThat(ThreadDumps.holdsTextDump(JSTACK_17)).isTrue();
        assertThat(ThreadDumps.holdsTextDump(LOG_17)).isTrue();
        assertThat(ThreadDumps.holdsTextDump(Files.writeString(tmp.resolve("a.log"), "12:00 INFO up\n"))).isFalse();
        byte[] binary = Files.readAllBytes(JSTACK_17);
        binary[10] = 0; // a binary file, even one holding the words
        assertThat(ThreadDumps.holdsTextDump(Files.write(tmp.resolve("b.bin"), binary))).isFalse();
    }

    @Test
    void aFileNamedWithAHashIsStillThatFile() throws Exception {
        Path file = tmp.resolve("dump#2");
        Files.copy(JSTACK_17, file);
        assertThat(ThreadDumps.source(file.toString())).isEqualTo(new ThreadDumps.DumpFile(file));
        assertThat(ThreadDumps.source(tmp.resolve("app.log") + "#2")).isEqualTo(new ThreadDumps.DumpFile(tmp.resolve("app.log"), 2));
    }

    @Test
    void aDumpCutShortIsReadAndSaidToBe() throws Exception {
        var lines = Files.readAllLines(JSTACK_17);
        Path cut = tmp.resolve("cut.txt");
        Files.write(cut, lines.subList(0, lines.size() / 2));
        var r = read(new ThreadDumps.DumpFile(cut));
        assertThat(r.headers().get(0).note()).endsWith("the dump ends before its 'JNI global refs' line: it may be cut short");
        assertThat(r.threads()).isNotEmpty().hasSizeLessThan(21);
    }

    @Test
    void ignoresLogLinesAroundAndReadsADumpWithWindowsLineEnds() throws Exception {
        String text = "12:00:01 INFO starting\n" + Files.readString(JSTACK_17).replace("\n", "\r\n") + "12:00:09 INFO after\n";
        Path log = Files.writeString(tmp.resolve("crlf.log"), text);
        var r = read(new ThreadDumps.DumpFile(log));
        assertThat(r.threads()).hasSize(21);
        assertThat(r.headers().get(0).note()).isEqualTo(TextThreadDump.PLATFORM_ONLY);
        assertThat(r.named("pool-1-thread-1").stack()).hasSize(11);
    }

    @Test
    void readsALogWhoseLinesCarryTheLoggersPrefix() throws Exception {
        var plain = read(ThreadDumps.source(LOG_17 + "#1"));
        for (String prefix : new String[] {"Dec 03 13:21:23 shop-1 java[29812]: ", "2026-12-03T13:21:23.461829373Z "}) {
            var lines = new StringBuilder();
            for (String line : Files.readAllLines(LOG_17)) {
                lines.append(prefix).append(line).append('\n');
            }
            Path log = Files.writeString(tmp.resolve("prefixed.log"), lines + prefix + "INFO a message about a Full thread dump (not one):\n");
            var r = read(ThreadDumps.source(log + "#1"));
            assertThat(r.threads()).as(prefix).isEqualTo(plain.threads());
            assertThat(r.headers().get(0).time()).isEqualTo("2026-12-03 13:21:23");
            assertThat(r.headers().get(0).note()).endsWith("thread dump #1 of 2 in " + log); // the last line is no dump
        }
    }

    /** Damaged text (bytes cut, doubled, replaced) is grouped or refused in one line, never an exception of another kind. */
    @Test
    void damagedTextIsReadOrRefusedNeverThrown() throws Exception {
        byte[] whole = Files.readAllBytes(LOG_17);
        byte[] noise = "\"#()<>@ \t\n-:Full thread dump java.lang.Thread.State: at ".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var random = new java.util.Random(17);
        for (int i = 0; i < 300; i++) {
            var out = new java.io.ByteArrayOutputStream();
            int at = 0;
            while (at < whole.length) {
                int run = 1 + random.nextInt(400);
                int end = Math.min(whole.length, at + run);
                switch (random.nextInt(4)) {
                    case 0 -> { } // drop the run
                    case 1 -> out.write(noise, 0, 1 + random.nextInt(noise.length));
                    default -> out.write(whole, at, end - at);
                }
                at = end;
            }
            Path damaged = Files.write(tmp.resolve("damaged.log"), out.toByteArray());
            for (String which : new String[] {"", "#1", "#2"}) {
                try {
                    var profile = ThreadProfile.of(ThreadDumps.source(damaged + which));
                    assertThat(profile.total()).isEqualTo(profile.groups().stream().mapToInt(StackGroup::count).sum());
                } catch (UserError e) {
                    assertThat(e.getMessage()).doesNotContain("\n");
                }
            }
        }
    }

    @Test
    void rewritesFramesAsStackTraceElementWritesThem() {
        assertThat(TextThreadDump.frame("java.lang.Thread.sleep(java.base@17.0.15/Native Method)"))
                .isEqualTo("java.base/java.lang.Thread.sleep(Native Method)");
        assertThat(TextThreadDump.frame("com.sun.tools.javac.launcher.Main.execute(jdk.compiler@17.0.15/Main.java:419)"))
                .isEqualTo("jdk.compiler/com.sun.tools.javac.launcher.Main.execute(Main.java:419)");
        assertThat(TextThreadDump.frame("com.acme.Shop.run(com.acme.shop@2.1/Shop.java:12)"))
                .isEqualTo("com.acme.shop@2.1/com.acme.Shop.run(Shop.java:12)"); // not the JDK's: the version stays
        assertThat(TextThreadDump.frame("TextDemo.main(TextDemo.java:20)")).isEqualTo("TextDemo.main(TextDemo.java:20)");
        assertThat(TextThreadDump.frame("java.lang.Thread.sleep(Native Method)")).isEqualTo("java.lang.Thread.sleep(Native Method)"); // JDK 8
        assertThat(TextThreadDump.hidden("TextDemo$$Lambda$228/0x00007fa0f8150428.run(Unknown Source)")).isTrue();
        assertThat(TextThreadDump.hidden("java.lang.invoke.LambdaForm$DMH/0x000000006d06c000.invokeStatic(java.base@25.0.3/LambdaForm$DMH)")).isTrue();
        assertThat(TextThreadDump.hidden("java.lang.invoke.Invokers$Holder.invokeExact_MT(java.base@25.0.3/Invokers$Holder)")).isTrue();
        assertThat(TextThreadDump.hidden("java.lang.invoke.MethodHandle.invokeWithArguments(java.base@25.0.3/MethodHandle.java:733)")).isFalse();
        assertThat(TextThreadDump.hidden("java.lang.Thread.run(java.base@17.0.15/Thread.java:840)")).isFalse();
        assertThat(TextThreadDump.hidden("java.lang.Thread.runWith(java.base@25.0.3/Thread.java:1487)")).isTrue();
    }

    @Test
    void namesTheJdkOfTheFirstLineJdk8ByItsHotSpotVersion() {
        assertThat(TextThreadDump.version("Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing):"))
                .isEqualTo("17.0.15+6-Debian-1deb12u1");
        assertThat(TextThreadDump.version("Full thread dump OpenJDK 64-Bit Server VM (25.392-b08 mixed mode):"))
                .isEqualTo("8 (HotSpot 25.392-b08)");
        assertThat(TextThreadDump.version("Full thread dump")).isEqualTo("?");
        assertThat(Jcmd.feature("1.8")).isEqualTo(8);
        assertThat(Jcmd.feature("17")).isEqualTo(17);
        assertThat(Jcmd.feature("x")).isEqualTo(-1);
    }
}

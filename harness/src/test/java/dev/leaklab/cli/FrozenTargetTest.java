package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Targets that do not behave: a JVM stopped with SIGSTOP (every pid command gives up after --timeout
 * with one line and exit code 9), a process that is no JVM (refused before any signal), and a dump
 * ended by SIGTERM (its temporary folder goes with it). The @Timeouts only keep a regression from
 * hanging the build; nothing here passes or fails on how long it took.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FrozenTargetTest {

    private static final List<String> ATTACH_EXPORTS = List.of("--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED");

    @TempDir
    Path tmp;

    /** A JVM with {@code args[0]} virtual threads parked for ever; READY once they are all started. */
    public static final class Crowd {
        public static void main(String[] args) throws InterruptedException {
            int n = args.length == 0 ? 0 : Integer.parseInt(args[0]);
            for (int i = 0; i < n; i++) {
                Thread.ofVirtual().start(LockSupport::park);
            }
            System.out.println("READY");
            if (args.length < 2) { // "exit": ends at once (a recording of nothing)
                Thread.sleep(Long.MAX_VALUE);
            }
        }
    }

    @Test
    void everyPidCommandGivesUpOnAStoppedJvmInOneLineWithExitCode9() throws Exception {
        Path recording = emptyRecording();
        try (var target = ChildJvm.java(List.of(), Crowd.class.getName())) {
            target.awaitLine("READY", Duration.ofSeconds(30));
            String pid = Long.toString(target.pid());
            var before = Leaklab.run("dump", pid); // its attach listener now runs: an attach connects, then waits
            assertThat(before.code()).as(before.err()).isZero();
            signal(target.pid(), "STOP");
            try {
                List<String[]> commands = List.of(
                        new String[] {"dump", pid},
                        new String[] {"dump", pid, "--debug", "2", "--format", "json"},
                        new String[] {"diff", pid, pid},
                        new String[] {"leaks", recording.toString(), "--dump", pid},
                        new String[] {"leaks", pid},
                        new String[] {"attach", pid});
                for (String[] command : commands) {
                    var args = new ArrayList<>(List.of(command));
                    args.addAll(List.of("--timeout", "2s"));
                    var r = Leaklab.run(args.toArray(String[]::new));
                    assertThat(r.code()).as(String.join(" ", command) + ": " + r.err()).isEqualTo(Main.EXIT_NO_ANSWER);
                    assertThat(r.err().strip()).as(String.join(" ", command)).doesNotContain("\n")
                            .contains("pid " + pid + " did not answer within 2s");
                    assertThat(r.out()).as(String.join(" ", command)).isEmpty();
                }
            } finally {
                signal(target.pid(), "CONT");
            }
        }
    }

    /** A JDK 17 target answers Thread.print, which is bounded the same way. */
    @Test
    void aStoppedJdk17TargetIsGivenUpOnToo() throws Exception {
        try (var service = new Jdk17TargetTest.Service(tmp.resolve("service.log"))) {
            var before = Leaklab.run("dump", service.pid());
            assertThat(before.code()).as(before.err()).isZero();
            signal(service.process.pid(), "STOP");
            try {
                var dump = Leaklab.run("dump", service.pid(), "--timeout", "2s");
                assertThat(dump.code()).as(dump.err()).isEqualTo(Main.EXIT_NO_ANSWER);
                assertThat(dump.err().strip()).doesNotContain("\n").contains("pid " + service.pid() + " did not answer within 2s");
                var watch = Leaklab.run("watch", service.pid(), "--interval", "1s", "--for", "1s", "--timeout", "1s");
                assertThat(watch.code()).as(watch.out() + watch.err()).isEqualTo(Main.EXIT_NO_ANSWER);
            } finally {
                signal(service.process.pid(), "CONT");
            }
        }
    }

    @Test
    void aJvmStoppedBeforeItsFirstAttachIsGivenUpOnToo() throws Exception {
        try (var target = ChildJvm.java(List.of(), Crowd.class.getName())) {
            target.awaitLine("READY", Duration.ofSeconds(30));
            signal(target.pid(), "STOP"); // no attach listener yet: the Attach API signals, then waits for one
            try {
                var r = Leaklab.run("dump", Long.toString(target.pid()), "--timeout", "2s");
                assertThat(r.code()).as(r.err()).isEqualTo(Main.EXIT_NO_ANSWER);
                assertThat(r.err().strip()).doesNotContain("\n").contains("did not answer");
                // the Attach API's trigger file goes too: resumed, the target must not find a request nobody waits for
                assertThat(Path.of("/proc/" + target.pid() + "/cwd/.attach_pid" + target.pid())).doesNotExist();
                assertThat(Path.of("/tmp/.attach_pid" + target.pid())).doesNotExist();
            } finally {
                signal(target.pid(), "CONT");
            }
        }
    }

    @Test
    void watchRecordsTheReadingsAStoppedJvmMissesAndGoesOn() throws Exception {
        try (var target = ChildJvm.java(List.of(), Crowd.class.getName())) {
            target.awaitLine("READY", Duration.ofSeconds(30));
            String pid = Long.toString(target.pid());
            try (var watch = ChildJvm.leaklab(ATTACH_EXPORTS, "watch", pid, "--interval", "1s", "--for", "8s", "--timeout", "1s")) {
                watch.awaitLine("^\\s+\\d+\\.\\ds\\s+\\d+\\s+\\d+", Duration.ofSeconds(30)); // a first reading
                signal(target.pid(), "STOP");
                try {
                    watch.awaitLine("no answer within 1s: reading missed", Duration.ofSeconds(30));
                } finally {
                    signal(target.pid(), "CONT");
                }
                int code = watch.exitCode(Duration.ofSeconds(60));
                String out = watch.output();
                assertThat(code).as(out).isZero(); // the level reached: missed readings do not count as a level
                String after = out.substring(out.indexOf("no answer within"));
                assertThat(after).as("a reading after the target came back:\n" + out).containsPattern("\n\\s+\\d+\\.\\ds\\s+\\d+\\s+\\d+");
                assertThat(out).containsPattern("\\d+ readings? missed: pid " + pid + " did not answer within 1s");
            }
            // stopped all along: no reading at all, exit code 9
            signal(target.pid(), "STOP");
            try {
                var r = Leaklab.run("watch", pid, "--interval", "1s", "--for", "2s", "--timeout", "1s");
                assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Main.EXIT_NO_ANSWER);
                assertThat(r.out()).contains("reading missed").contains("pid " + pid + " answered none of");
            } finally {
                signal(target.pid(), "CONT");
            }
        }
    }

    /** A process that counts the SIGQUITs it gets (the Attach API's way to wake a JVM): leaklab must send none. */
    @Test
    void aProcessThatIsNoJvmGetsNoSignalFromAnyPidCommand() throws Exception {
        Path count = tmp.resolve("quits");
        Path recording = emptyRecording();
        Process counter = new ProcessBuilder("bash", "-c", "n=0; trap 'n=$((n+1)); echo $n > \"$0\"' QUIT; "
                + "trap 'echo final $n > \"$0\"' USR1; echo $n > \"$0\"; while :; do sleep 0.05; done", count.toString())
                .redirectErrorStream(true).start();
        try {
            awaitContent(count, "0");
            signal(counter.pid(), "QUIT"); // the counter counts: one signal of ours
            awaitContent(count, "1");
            String pid = Long.toString(counter.pid());
            List<String[]> commands = List.of(new String[] {"dump", pid}, new String[] {"diff", pid, pid},
new String[] {"watch", pid, "--for", "1s"},
                    new String[] {"leaks", recording.toString(), "--dump", pid}, new String[] {"leaks", pid},
                    new String[] {"attach", pid});
            for (String[] command : commands) {
                var r = Leaklab.run(command);
                assertThat(r.code()).as(String.join(" ", command) + ": " + r.err()).isEqualTo(2);
                assertThat(r.err().strip()).as(String.join(" ", command)).doesNotContain("\n")
                        .contains("pid " + pid + " is not a Java process");
            }
            signal(counter.pid(), "USR1"); // handled after any QUIT still pending (bash runs traps in signal order)
            awaitContent(count, "final 1");
            assertThat(counter.isAlive()).isTrue();
        } finally {
            counter.destroyForcibly().waitFor();
        }
    }

    @Test
    void aDumpEndedBySigtermLeavesNoTemporaryFolder() throws Exception {
        Path temp = Files.createDirectory(tmp.resolve("java-tmp"));
        try (var target = ChildJvm.java(List.of("-Xmx512m"), Crowd.class.getName(), "20000")) {
            target.awaitLine("READY", Duration.ofSeconds(60));
            var options = new ArrayList<>(ATTACH_EXPORTS);
            options.add("-Djava.io.tmpdir=" + temp);
            try (var dump = ChildJvm.leaklab(options, "dump", Long.toString(target.pid()), "--timeout", "60s")) {
                Path partial = awaitPartialDump(temp, Duration.ofSeconds(60));
                signal(target.pid(), "STOP"); // the dump stays half-written while leaklab is ended
                try {
                    assertThat(Files.size(partial)).isPositive();
                    signal(dump.pid(), "TERM");
                    assertThat(dump.exitCode(Duration.ofSeconds(30))).as(dump.output()).isEqualTo(128 + 15);
                } finally {
                    signal(target.pid(), "CONT");
                }
                try (var left = Files.list(temp)) {
                    assertThat(left.toList()).as("what the SIGTERM left in java.io.tmpdir").isEmpty();
                }
            }
        }
    }

    /** The threads.json a running dump is writing, once it has some bytes; fails if the dump ended first. */
    private static Path awaitPartialDump(Path temp, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try (var dirs = Files.list(temp)) {
                for (Path dir : dirs.toList()) {
                    Path file = dir.resolve("threads.json");
                    if (dir.getFileName().toString().startsWith("leaklab-dump-") && Files.exists(file) && Files.size(file) > 0) {
                        return file;
                    }
                }
            } catch (java.nio.file.NoSuchFileException raced) {
                // the folder went between listing and looking
            }
            Thread.sleep(1);
        }
        throw new AssertionError("no partial threads.json in " + temp + " within " + timeout);
    }

    private static void awaitContent(Path file, String expected) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String seen = null;
        while (System.nanoTime() < end) {
            seen = Files.exists(file) ? Files.readString(file).strip() : null;
            if (expected.equals(seen)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(file + " holds '" + seen + "', not '" + expected + "'");
    }

    /** A recording of (almost) nothing, made in a JVM of its own: JFR would leave its threads in this one. */
    private Path emptyRecording() throws Exception {
        Path file = tmp.resolve("empty.jfr");
        try (var jvm = ChildJvm.java(List.of("-XX:StartFlightRecording:dumponexit=true,filename=" + file),
                Crowd.class.getName(), "0", "exit")) {
            assertThat(jvm.exitCode(Duration.ofSeconds(60))).as(jvm.output()).isZero();
        }
        assertThat(file).isNotEmptyFile();
        return file;
    }

    private static void signal(long pid, String signal) throws IOException, InterruptedException {
        var kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal + " " + pid).isZero();
    }
}

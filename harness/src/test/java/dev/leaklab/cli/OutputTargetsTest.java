package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -o} to what a shell would write to: standard output by any of its names (through a pipe,
 * into a file opened with {@code >>}), a link that points to nothing yet, a file whose mode must
 * stay; for every command that takes {@code -o}. See also {@link OutputSafetyTest}.
 */
class OutputTargetsTest {

    static final Path DEMO = OutputSafetyTest.DEMO;

    @TempDir
    Path tmp;

    /** {@code leaklab ARGS} in a JVM of its own whose standard output and error go where the test says. */
    static Process leaklab(ProcessBuilder.Redirect stdout, ProcessBuilder.Redirect stderr, String... args) throws Exception {
        var cmd = new ArrayList<String>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "dev.leaklab.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(stdout).redirectError(stderr).start();
    }

    static int exit(Process p) throws Exception {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("leaklab ended").isTrue();
        return p.exitValue();
    }

    @Test
    void standardOutputByAnyNameIsWrittenThroughAPipe() throws Exception {
        for (String name : List.of("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")) {
            var p = leaklab(ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE, "dump", DEMO.toString(), "-o", name);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(exit(p)).as(name + ": " + err).isZero();
            assertThat(out).as(name).startsWith("threads: 17 ");
        }
        var p = leaklab(ProcessBuilder.Redirect.DISCARD, ProcessBuilder.Redirect.PIPE, "dump", DEMO.toString(), "-o", "/dev/stderr");
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("threads: 17 ");
        assertThat(exit(p)).isZero();
    }

    /** {@code dump D -o /dev/stdout >>log}: log grows, and stays the file it was (not replaced by a rename). */
    @Test
    void standardOutputOpenedForAppendingIsAppendedTo() throws Exception {
        Path log = Files.writeString(tmp.resolve("log"), "before\n");
        Object inode = Files.readAttributes(log, "unix:ino").get("ino");
        for (String name : List.of("/dev/stdout", "/dev/fd/1")) {
            var p = leaklab(ProcessBuilder.Redirect.appendTo(log.toFile()), ProcessBuilder.Redirect.DISCARD,
                    "dump", DEMO.toString(), "-o", name);
            assertThat(exit(p)).isZero();
        }
        String text = Files.readString(log);
        assertThat(text).startsWith("before\nthreads: 17 ");
        assertThat(text.split("threads: 17 ", -1)).as("two dumps appended").hasSize(3);
        assertThat(Files.readAttributes(log, "unix:ino").get("ino")).as("the same file").isEqualTo(inode);
        // standard error opened for appending, written by its /proc name
        Path errLog = Files.writeString(tmp.resolve("err.log"), "kept\n");
        var p = leaklab(ProcessBuilder.Redirect.DISCARD, ProcessBuilder.Redirect.appendTo(errLog.toFile()),
                "dump", DEMO.toString(), "-o", "/proc/self/fd/2");
        assertThat(exit(p)).isZero();
        assertThat(Files.readString(errLog)).startsWith("kept\nthreads: 17 ");
        assertThat(OutputSafetyTest.listing(tmp)).containsExactlyInAnyOrder("log", "err.log");
    }

    /** In this JVM, {@code -o /dev/stdout} is the command's own standard output, in order with the rest of it. */
    @Test
    void standardOutputIsTheCommandsOwn() {
        var r = Leaklab.run("dump", DEMO.toString(), "-o", "/dev/stdout");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("threads: 17 ");
    }

    /** {@code ln -s new.txt latest; dump D -o latest}: new.txt is written, latest stays a link; for dump, diff and leaks. */
    @Test
    void aLinkToAFileNotYetThereIsWrittenThroughAndStays() throws Exception {
        Path latest = Files.createSymbolicLink(tmp.resolve("latest"), Path.of("new.txt"));
        var dump = Leaklab.run("dump", DEMO.toString(), "-o", latest.toString());
        assertThat(dump.code()).as(dump.err()).isZero();
        assertThat(Files.isSymbolicLink(latest)).isTrue();
        assertThat(Files.readString(tmp.resolve("new.txt"))).startsWith("threads: 17 ");

        Path sub = Files.createDirectories(tmp.resolve("sub"));
        Path diffLink = Files.createSymbolicLink(tmp.resolve("diff-latest"), Path.of("sub/diff.txt"));
        var diff = Leaklab.run("diff", DEMO.toString(), DEMO.toString(), "-o", diffLink.toString());
        assertThat(diff.code()).as(diff.err()).isZero();
        assertThat(Files.isSymbolicLink(diffLink)).isTrue();
        assertThat(Files.readString(sub.resolve("diff.txt"))).isNotEmpty();

        Path page = Files.createSymbolicLink(tmp.resolve("page.html"), sub.resolve("page-target.html"));
        var report = Leaklab.run("report", DEMO.toString(), "-o", page.toString());
        assertThat(report.code()).as(report.err()).isZero();
        assertThat(Files.isSymbolicLink(page)).as("a page the user named is written through").isTrue();
        assertThat(Files.readString(sub.resolve("page-target.html"))).contains("<html");
        assertThat(OutputSafetyTest.listing(tmp)).containsExactlyInAnyOrder("latest", "new.txt", "sub", "diff-latest", "page.html");
        assertThat(OutputSafetyTest.listing(sub)).containsExactlyInAnyOrder("diff.txt", "page-target.html");
    }

    /** A file of mode 600 stays 600 (and 640 stays 640), as cp and sed -i keep it. */
    @Test
    void theTargetsModeIsKept() throws Exception {
        for (String mode : List.of("rw-------", "rw-r-----")) {
            Path dump = Files.writeString(tmp.resolve("dump-" + mode), "old");
            Files.setPosixFilePermissions(dump, PosixFilePermissions.fromString(mode));
            var r = Leaklab.run("dump", DEMO.toString(), "-o", dump.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dump))).isEqualTo(mode);
            assertThat(Files.readString(dump)).startsWith("threads: 17 ");

            Path page = Files.writeString(tmp.resolve("page-" + mode + ".html"), "old");
            Files.setPosixFilePermissions(page, PosixFilePermissions.fromString(mode));
            var report = Leaklab.run("report", DEMO.toString(), "-o", page.toString());
            assertThat(report.code()).as(report.err()).isZero();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(page))).isEqualTo(mode);
        }
        // and through a link, the target's
        Path target = Files.writeString(tmp.resolve("target"), "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        var r = Leaklab.run("diff", DEMO.toString(), DEMO.toString(), "-o", link.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        assertThat(Files.isRegularFile(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(OutputSafetyTest.listing(tmp)).noneMatch(n -> n.endsWith(".tmp"));
    }
}

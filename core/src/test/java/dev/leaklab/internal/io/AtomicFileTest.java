package dev.leaklab.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a name given to {@link AtomicFile} stands for: links followed one at a time (dangling ones
 * too), this process's own descriptors, permissions kept; and with {@link AtomicFile.Links#REPLACE}
 * a link is replaced, never written through.
 */
class AtomicFileTest {

    @TempDir
    Path tmp;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aDanglingLinkIsWrittenThroughAndStays() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("latest"), Path.of("new.txt")); // relative, to nothing yet
        AtomicFile.write(link, bytes("one"));
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(tmp.resolve("new.txt"))).isEqualTo("one");
        AtomicFile.write(link, bytes("two"));
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(tmp.resolve("new.txt"))).isEqualTo("two");
        assertThat(names(tmp)).containsExactly("latest", "new.txt");
    }

    @Test
    void aChainOfLinksIsFollowedToItsEndEachRelativeToItsOwnFolder() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.createSymbolicLink(b.resolve("hop"), Path.of("../a/final.txt")); // relative to b/, not to the first link
        Path first = Files.createSymbolicLink(tmp.resolve("first"), b.resolve("hop").toAbsolutePath());
        AtomicFile.write(first, bytes("end"));
        assertThat(Files.readString(a.resolve("final.txt"))).isEqualTo("end");
        assertThat(Files.isSymbolicLink(first)).isTrue();
        assertThat(Files.isSymbolicLink(b.resolve("hop"))).isTrue();
        assertThat(names(b)).containsExactly("hop");
    }

    @Test
    void aLinkLoopAndALinkIntoNoFolderAreRefusedAndLeaveNothing() throws Exception {
        Files.createSymbolicLink(tmp.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(tmp.resolve("loop2"), Path.of("loop1"));
        assertThatThrownBy(() -> AtomicFile.write(tmp.resolve("loop1"), bytes("x")))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("too many levels of symbolic links");
        Files.createSymbolicLink(tmp.resolve("nowhere"), Path.of("no-such-folder/x.txt"));
        assertThatThrownBy(() -> AtomicFile.write(tmp.resolve("nowhere"), bytes("x"))).isInstanceOf(FileSystemException.class);
        assertThat(names(tmp)).containsExactly("loop1", "loop2", "nowhere");
    }

    @Test
    void theOldFilesPermissionsAreKept() throws Exception {
        for (String mode : List.of("rw-------", "rw-r-----", "rwxr-x---", "r--r--r--")) {
            Path f = Files.writeString(tmp.resolve("f-" + mode), "old");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
            AtomicFile.write(f, bytes("new"));
            assertThat(Files.readString(f)).isEqualTo("new");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(mode).isEqualTo(mode);
        }
        // through a link the target's mode is kept, and with REPLACE a regular file's too
        Path target = Files.writeString(tmp.resolve("target"), "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        AtomicFile.write(Files.createSymbolicLink(tmp.resolve("to-target"), target), bytes("new"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        AtomicFile.write(target, bytes("newer"), AtomicFile.Links.REPLACE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        assertThat(names(tmp)).noneMatch(n -> n.endsWith(".tmp"));
    }

    @Test
    void aLinkPlantedAtTheTemporaryFilesNameIsNotWrittenThrough() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Path out = tmp.resolve("out.txt");
        Files.createSymbolicLink(tmp.resolve(".out.txt." + ProcessHandle.current().pid() + ".tmp"), victim);
        AtomicFile.write(out, bytes("result"));
        assertThat(Files.readString(out)).isEqualTo("result");
        assertThat(Files.readString(victim)).isEqualTo("precious");
    }

    @Test
    void replaceTakesTheLinksPlaceAndLeavesWhatItPointedTo() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path kept = Files.writeString(outside.resolve("kept.html"), "precious");
        Path folder = Files.createDirectories(tmp.resolve("folder"));
        Path link = Files.createSymbolicLink(folder.resolve("report.html"), kept);
        Path dangling = Files.createSymbolicLink(folder.resolve("chart.png"), outside.resolve("not-yet.png"));
        AtomicFile.write(link, bytes("report"), AtomicFile.Links.REPLACE);
        AtomicFile.write(dangling, bytes("png"), AtomicFile.Links.REPLACE);
        assertThat(Files.isRegularFile(link, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readString(link)).isEqualTo("report");
        assertThat(Files.isRegularFile(dangling, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readString(kept)).isEqualTo("precious");
        assertThat(names(outside)).containsExactly("kept.html");
        assertThatThrownBy(() -> AtomicFile.write(folder, bytes("x"), AtomicFile.Links.REPLACE)).hasMessageContaining("folder");
    }

    @Test
    void thisProcesssOwnDescriptorsAreKnownByEveryName() throws Exception {
        assertThat(AtomicFile.descriptor(Path.of("/dev/stdout"))).isEqualTo(1);
        assertThat(AtomicFile.descriptor(Path.of("/dev/stderr"))).isEqualTo(2);
        assertThat(AtomicFile.descriptor(Path.of("/dev/fd/1"))).isEqualTo(1);
        assertThat(AtomicFile.descriptor(Path.of("/proc/self/fd/2"))).isEqualTo(2);
        assertThat(AtomicFile.descriptor(Path.of("/proc/thread-self/fd/1"))).isEqualTo(1);
        assertThat(AtomicFile.descriptor(Path.of("/proc/" + ProcessHandle.current().pid() + "/fd/1"))).isEqualTo(1);
        assertThat(AtomicFile.descriptor(Files.createSymbolicLink(tmp.resolve("out"), Path.of("/dev/stdout")))).isEqualTo(1);
        assertThat(AtomicFile.descriptor(Path.of("/dev/null"))).isEqualTo(-1);
        assertThat(AtomicFile.descriptor(tmp.resolve("plain.txt"))).isEqualTo(-1);
        assertThat(AtomicFile.descriptor(Path.of("/proc/1/fd/1"))).as("another process's").isEqualTo(-1);
    }

    @Test
    void aDescriptorOnAFileIsAppendedToNeverReplaced() throws Exception {
        Path log = Files.writeString(tmp.resolve("log"), "before\n");
        // the file as another descriptor of this process: /proc/self/fd/N of an open channel
        try (var ch = java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.APPEND)) {
            Path fd = Path.of("/proc/self/fd").toRealPath().resolve(openFd(log));
            assertThat(AtomicFile.descriptor(fd)).isPositive();
            AtomicFile.write(fd, bytes("after\n"));
        }
        assertThat(Files.readString(log)).isEqualTo("before\nafter\n");
        assertThat(names(tmp)).containsExactly("log");
    }

    /**
     * Every way out leaves no temporary file, no descriptor on it and no name held for the JVM's
     * exit: a commit, a close without one, and a commit that fails (here: a folder with a file in it
     * took the target's place meanwhile, so the rename fails).
     */
    @Test
    void noWayOutLeavesATemporaryFileADescriptorOrANameForTheExit() throws Exception {
        int before = AtomicFile.pendingTemporaryFiles();
        for (int i = 0; i < 100; i++) {
            try (var f = AtomicFile.open(tmp.resolve("out-" + i))) {
                f.stream().write(bytes("x"));
                assertThat(AtomicFile.pendingTemporaryFiles()).isEqualTo(before + 1);
                if (i % 2 == 0) {
                    f.commit();
                }
            }
        }
        Path target = tmp.resolve("taken");
        var f = AtomicFile.open(target);
        f.stream().write(bytes("x"));
        Files.createDirectories(target.resolve("inside"));
        assertThatThrownBy(f::commit).isInstanceOf(java.io.IOException.class);
        f.close();
        assertThat(AtomicFile.pendingTemporaryFiles()).isEqualTo(before);
        assertThat(names(tmp)).noneMatch(n -> n.endsWith(".tmp"));
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            assertThat(fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (java.io.IOException gone) {
                    return "";
                }
            })).noneMatch(link -> link.startsWith(tmp.toString()));
        }
    }

    /** The number of a descriptor this process holds open on {@code file}. */
    static String openFd(Path file) throws Exception {
        Path real = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(real)) {
                        return fd.getFileName().toString();
                    }
                } catch (java.io.IOException gone) {
                    // the descriptor of the listing itself
                }
            }
        }
        throw new AssertionError("no descriptor on " + file);
    }
}

package dev.leaklab.internal.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file written whole or not at all: the bytes go to a temporary file beside the target, which
 * {@link #commit()} renames over it; {@link #close()} without a commit deletes the temporary
 * file, and so does the JVM's exit (Ctrl-C). A reader sees the old file or the new one, never
 * half of one.
 *
 * <p>Only a regular file (or nothing) is ever replaced. A symbolic link is followed, so the file it
 * points to is replaced and the link stays. A FIFO, a device or another special file
 * ({@code /dev/stdout}, {@code /dev/null}) is written directly: renaming over it would put a
 * regular file in its place. A folder is refused.
 */
public final class AtomicFile implements AutoCloseable {

    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private boolean committed;

    private AtomicFile(Path target, Path temp, OutputStream out) {
        this.target = target;
        this.temp = temp;
        this.out = out;
    }

    /** Opens a temporary file beside {@code target} (same folder, so the rename is atomic). */
    public static AtomicFile open(Path target) throws IOException {
        Path real = target;
        if (Files.isSymbolicLink(target) && Files.exists(target)) {
            real = target.toRealPath();
        }
        if (Files.isDirectory(real)) {
            throw new IOException(target + " is a folder");
        }
        if (Files.exists(real) && !Files.isRegularFile(real)) {
            return new AtomicFile(null, null, Files.newOutputStream(real)); // a FIFO or a device: as it is
        }
        Path temp = real.resolveSibling("." + real.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        var out = Files.newOutputStream(temp);
        temp.toFile().deleteOnExit(); // interrupted before commit or close: no stray temporary file
        return new AtomicFile(real, temp, out);
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        try (var f = open(target)) {
            f.stream().write(bytes);
            f.commit();
        }
    }

    public OutputStream stream() {
        return out;
    }

    /** The content is whole: move it into place. */
    public void commit() throws IOException {
        out.close();
        if (temp != null) {
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        committed = true;
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                out.close();
                if (temp != null) {
                    Files.deleteIfExists(temp);
                }
            } catch (IOException ignored) {
                // a stray temporary file is the lesser problem; the caller's error is reported
            }
        }
    }
}

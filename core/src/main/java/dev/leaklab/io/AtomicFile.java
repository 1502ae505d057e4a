package dev.leaklab.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file written whole or not at all: the bytes go to a temporary file beside the target, which
 * {@link #commit()} renames over it; {@link #close()} without a commit deletes the temporary
 * file. A reader sees the old file or the new one, never half of one.
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
        Path temp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        return new AtomicFile(target, temp, Files.newOutputStream(temp));
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
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                out.close();
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a stray temporary file is the lesser problem; the caller's error is reported
            }
        }
    }
}

package dev.leaklab.cli;

import dev.leaklab.io.UserError;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a command writes its result: standard output, or {@code -o FILE}, written to a temporary
 * file beside it and renamed on success, so a failed command never leaves half a file behind.
 */
final class Output implements AutoCloseable {

    private final Path file;
    private final Path temp;
    private final PrintWriter writer;
    private boolean committed;

    private Output(Path file, Path temp, PrintWriter writer) {
        this.file = file;
        this.temp = temp;
        this.writer = writer;
    }

    static Output open(Path file, PrintWriter stdout) {
        if (file == null) {
            return new Output(null, null, stdout);
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserError("cannot write " + file + ": no such folder " + dir);
        }
        try {
            // beside the target, so the rename is atomic; created with the usual permissions
            Path temp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            return new Output(file, temp, new PrintWriter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage());
        }
    }

    PrintWriter writer() {
        return writer;
    }

    /** The result is whole: flush it, and move the file into place. */
    void commit() {
        writer.flush();
        if (file != null) {
            writer.close();
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        committed = true;
    }

    @Override
    public void close() {
        if (file != null && !committed) {
            writer.close();
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a stray temp file is the lesser problem; the command's error is reported
            }
        }
    }
}

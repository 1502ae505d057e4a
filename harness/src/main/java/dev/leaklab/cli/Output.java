package dev.leaklab.cli;

import dev.leaklab.internal.io.AtomicFile;
import dev.leaklab.io.UserError;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a command writes its result: standard output, or {@code -o FILE}, written whole or not at
 * all ({@link AtomicFile}), so a failed command never leaves half a file behind. {@code -o -} and
 * {@code -o /dev/stdout} (or {@code /dev/fd/1}) are the command's own standard output, in order with
 * what else it prints there.
 */
final class Output implements AutoCloseable {

    private final AtomicFile file;
    private final PrintWriter writer;

    private Output(AtomicFile file, PrintWriter writer) {
        this.file = file;
        this.writer = writer;
    }

    static Output open(Path file, PrintWriter stdout) {
        if (file == null || file.toString().equals("-") || AtomicFile.descriptor(file) == 1) { // -o - is standard output, as for most tools
            return new Output(null, stdout);
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserError("cannot write " + file + ": no such folder " + dir);
        }
        try {
            var atomic = AtomicFile.open(file);
            return new Output(atomic, new PrintWriter(new OutputStreamWriter(atomic.stream(), StandardCharsets.UTF_8)));
        } catch (java.nio.file.FileSystemException e) {
            throw new UserError("cannot write " + file + ": " + UserError.describe(e));
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
            try {
                file.commit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
    }
}

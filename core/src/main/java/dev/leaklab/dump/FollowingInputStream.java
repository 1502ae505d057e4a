package dev.leaklab.dump;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Reads a file while another process is still writing it, like {@code tail -f}, and ends when
 * the writer is done. This lets leaklab parse a thread dump while the target JVM writes it: the
 * dump of 100,000 threads takes the target seconds, and parsing alongside hides most of ours.
 * Unlike a named pipe, the writer never waits for the reader.
 */
final class FollowingInputStream extends InputStream {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final Path file;
    private final CompletableFuture<?> writer;
    private final long silenceNanos;
    private final Supplier<? extends RuntimeException> silent;
    private InputStream in;
    private long bytesRead;
    private long lastNews = System.nanoTime();

    /**
     * @param writer completes when the file is whole, or exceptionally when writing failed
     * @param silence how long the writer may go without adding a byte (or finishing) before reading fails
     *                with {@code silent}'s exception: a stopped target never finishes
     */
    FollowingInputStream(Path file, CompletableFuture<?> writer, Duration silence, Supplier<? extends RuntimeException> silent) {
        this.file = file;
        this.writer = writer;
        this.silenceNanos = silence.toNanos();
        this.silent = silent;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            boolean done = writer.isDone(); // read before the data: then an EOF seen after it is final
            if (in == null) {
                try {
                    in = Files.newInputStream(file);
                } catch (NoSuchFileException notYet) {
                    if (done) {
                        failIfWriterFailed();
                        throw new IOException(file + " was never written");
                    }
                    pause();
                    continue;
                }
            }
            int n = in.read(b, off, len);
            if (n >= 0) {
                bytesRead += n;
                lastNews = System.nanoTime();
                return n;
            }
            if (done) {
                failIfWriterFailed();
                return -1;
            }
            pause();
        }
    }

    private void failIfWriterFailed() throws IOException {
        try {
            writer.get(0, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new WriterFailed(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IOException(e);
        }
    }

    private void pause() throws IOException {
        if (System.nanoTime() - lastNews > silenceNanos) {
            RuntimeException e = silent.get();
            writer.completeExceptionally(e); // so that nobody waits for the writer, which may never return
            throw new WriterFailed(e);
        }
        try {
            writer.get(POLL_NANOS, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException keepPolling) {
            // more data may be on its way; failures are reported once the data is read
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while following " + file);
        }
    }

    long bytesRead() {
        return bytesRead;
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        }
    }

    /** The writer failed: its cause, not the parser's complaint about a short file, is the news. */
    static final class WriterFailed extends IOException {
        WriterFailed(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}

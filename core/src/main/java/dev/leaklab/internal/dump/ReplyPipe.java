package dev.leaklab.internal.dump;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A reply handed from the thread that talks to a target to the thread that parses it, in a few
 * chunks at most: the reply of a JVM with 100,000 threads is hundreds of MB, and the writer waits
 * while the reader is behind, so memory stays at {@link #CHUNKS} × {@link #CHUNK_BYTES}. The reader
 * waits at most {@code silence} for each chunk (the first included), not for the whole reply: a
 * large dump takes longer than any single wait, and shows progress as it goes. When the reader
 * closes first, the writer's next write fails with {@link ReaderGone}, which ends the exchange.
 */
final class ReplyPipe extends InputStream {

    static final int CHUNKS = 4;
    static final int CHUNK_BYTES = 64 * 1024;
    /** How often a writer waiting for room looks whether the reader has gone. */
    private static final long WRITER_CHECK_MILLIS = 100;

    private static final Object END = new Object();

    /** The writer failed: its exception, handed to the reader. */
    private record Failed(Throwable cause) {
    }

    /** Thrown to the writer when the reader has closed the pipe. */
    static final class ReaderGone extends IOException {
        ReaderGone() {
            super("the reader closed the pipe");
        }
    }

    private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(CHUNKS);
    private final long silenceNanos;
    private final Supplier<? extends RuntimeException> silent;
    private volatile boolean closed;
    private byte[] current;
    private int position;
    private boolean ended;
    private boolean anyByte;

    /** @param silent the exception for a writer silent for longer than {@code silenceNanos} */
    ReplyPipe(long silenceNanos, Supplier<? extends RuntimeException> silent) {
        this.silenceNanos = silenceNanos;
        this.silent = silent;
    }

    /** Whether a byte arrived, so that the target has started to answer. */
    boolean anyByte() {
        return anyByte;
    }

    /** The writer's side: {@link #finish} or {@link #fail} after the last write. */
    final OutputStream sink = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int done = 0; done < len; ) {
                int n = Math.min(CHUNK_BYTES, len - done);
                byte[] chunk = new byte[n];
                System.arraycopy(b, off + done, chunk, 0, n);
                put(chunk);
                done += n;
            }
        }
    };

    void finish() {
        try {
            put(END);
        } catch (IOException readerGone) {
            // nobody to tell
        }
    }

    void fail(Throwable e) {
        try {
            put(new Failed(e));
        } catch (IOException readerGone) {
            // nobody to tell
        }
    }

    private void put(Object item) throws IOException {
        try {
            while (!closed) {
                if (chunks.offer(item, WRITER_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                    if (closed) {
                        chunks.clear(); // the reader went meanwhile: drop what it will not read
                    }
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing on a reply");
        }
        throw new ReaderGone();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the reply was closed");
        }
        if (len == 0) {
            return 0;
        }
        while (current == null || position == current.length) {
            if (ended) {
                return -1;
            }
            Object next;
            try {
                next = chunks.poll(silenceNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new InterruptedIOException("interrupted while waiting for the reply");
            }
            if (next == null) {
                close();
                throw silent.get();
            }
            if (next == END) {
                ended = true;
                current = null;
                continue;
            }
            if (next instanceof Failed f) {
                ended = true;
                close();
                if (f.cause() instanceof RuntimeException r) {
                    throw r;
                }
                if (f.cause() instanceof Error e) {
                    throw e;
                }
                throw f.cause() instanceof IOException io ? io : new IOException(f.cause());
            }
            current = (byte[]) next;
            position = 0;
            anyByte = true;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
        chunks.clear(); // frees the memory, and room for a writer waiting to put, which then sees closed
        current = null;
    }
}

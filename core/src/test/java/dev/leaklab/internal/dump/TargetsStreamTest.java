package dev.leaklab.internal.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.leaklab.io.NoAnswer;
import dev.leaklab.io.UserError;

/**
 * {@link Targets#stream}, the way a JDK 17 target's {@code Thread.print} reply is read: with bounded
 * memory (the writer waits while the reader is behind), the timeout per part and for the first
 * byte rather than for the whole reply, and an early close that ends the exchange. A fake exchange
 * stands for the target; this JVM's pid names it (no attach trigger is touched: it has its socket).
 */
class TargetsStreamTest {

    static final long PID = ProcessHandle.current().pid();

    @Test
    void aLargeReplyIsHandedOnWithBoundedMemory() throws Exception {
        long size = 64L << 20;
        var written = new AtomicLong();
        long maxAhead = 0, read = 0;
        try (InputStream in = Targets.stream(PID, Duration.ofMinutes(1), sink -> {
            byte[] part = new byte[8192];
            for (long n = 0; n < size; n += part.length) {
                sink.write(part);
                written.addAndGet(part.length);
            }
        })) {
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) >= 0; ) {
                read += n;
                maxAhead = Math.max(maxAhead, written.get() - read);
            }
        }
        assertThat(read).isEqualTo(size);
        // what is queued, the chunk being read, and one part the writer is copying
        assertThat(maxAhead).as("bytes written but not read yet, at most")
                .isLessThanOrEqualTo((ReplyPipe.CHUNKS + 2L) * ReplyPipe.CHUNK_BYTES);
    }

    /**
     * A reply that keeps coming is read however long it takes in all: 40 parts 50 ms apart, two
     * seconds, twice the timeout (the old whole-exchange bound failed it); each wait is 20 times
     * shorter than the timeout.
     */
    @Test
    void theTimeoutBoundsEachWaitNotTheWholeReply() throws Exception {
        try (InputStream in = Targets.stream(PID, Duration.ofSeconds(1), sink -> {
            for (int i = 0; i < 40; i++) {
                sink.write('x');
                sink.flush();
                Thread.sleep(50);
            }
        })) {
            assertThat(in.readAllBytes()).hasSize(40);
        }
    }

    @Test
    void aTargetSilentBeforeItsFirstByteOrAfterSomeIsNoAnswer() throws Exception {
        var never = new CountDownLatch(1);
        try (InputStream in = Targets.stream(PID, Duration.ofMillis(200), sink -> never.await())) {
            assertThatThrownBy(in::read).isInstanceOf(NoAnswer.class).hasMessageContaining("did not answer within");
        }
        try (InputStream in = Targets.stream(PID, Duration.ofMillis(200), sink -> {
            sink.write("Full thread dump".getBytes());
            never.await();
        })) {
            assertThat(in.readNBytes(16)).asString().isEqualTo("Full thread dump");
            assertThatThrownBy(in::read).isInstanceOf(NoAnswer.class);
        }
        never.countDown();
    }

    @Test
    void theExchangesErrorReachesTheReaderAndAnEarlyCloseEndsTheExchange() throws Exception {
        try (InputStream in = Targets.stream(PID, Duration.ofMinutes(1), sink -> {
            sink.write('x');
            throw new UserError("pid 1 failed 'Thread.print': broken");
        })) {
            assertThat(in.read()).isEqualTo('x');
            assertThatThrownBy(in::read).isInstanceOf(UserError.class).hasMessage("pid 1 failed 'Thread.print': broken");
        }
        var ended = new CountDownLatch(1);
        var readerGone = new AtomicBoolean();
        InputStream in = Targets.stream(PID, Duration.ofMinutes(1), sink -> {
            try {
                while (true) {
                    sink.write(new byte[1024]);
                }
            } catch (java.io.IOException e) {
                readerGone.set(Targets.readerGone(e));
                throw e;
            } finally {
                ended.countDown();
            }
        });
        assertThat(in.read()).isZero();
        in.close();
        ended.await();
        assertThat(readerGone).isTrue();
    }
}

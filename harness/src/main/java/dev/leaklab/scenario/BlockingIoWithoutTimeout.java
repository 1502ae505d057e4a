package dev.leaklab.scenario;

import dev.leaklab.result.Variant;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/*
 * BLOCKING I/O WITHOUT TIMEOUT  (Go guide: cause 3, "Blocking Operations Without Timeouts")
 *
 * The leak. Each request starts a worker that connects to a peer and reads its answer. The peer
 * (a loopback server of ours that accepts and never writes) hangs, as real peers do behind a dead
 * load balancer or a stuck process. Socket.getInputStream().read() has no timeout by default:
 * the worker waits forever, holding a thread and a file descriptor.
 *
 *     Socket s = new Socket(host, port);
 *     s.getInputStream().read(buffer);          // no SO_TIMEOUT: may block forever
 *
 * Why it leaks. A classic socket read ignores Thread.interrupt() on a platform thread; only a
 * timeout or closing the socket wakes it. (On a virtual thread, an interrupt does close the
 * socket and wake it, but nobody here interrupts.)
 *
 * The fix. setSoTimeout() on every socket, so a read ends with SocketTimeoutException; and the
 * owner closes the sockets it opened when it shuts down, which wakes any read still in progress.
 *
 * Run it:   scripts/leaklab run blocking-io-without-timeout --variant leaky --kind platform
 */
public final class BlockingIoWithoutTimeout implements Scenario {

    static final Duration READ_TIMEOUT = Duration.ofMillis(50);

    @Override public String name() { return "blocking-io-without-timeout"; }
    @Override public String guideSection() { return "cause 3: blocking operations without timeouts"; }
    @Override public String leak() { return "socket read on a loopback peer that never answers, no timeout"; }
    @Override public String fix() { return "setSoTimeout on the socket; the owner closes its sockets on cancel"; }

    @Override
    public Workload open(Variant variant, Thread.Builder builder) throws IOException {
        ThreadFactory threads = builder.factory(); // thread-safe, unlike the builder
        return new Reads(variant, new SilentPeer(), new OwnedThreads(threads));
    }

    private record Reads(Variant variant, SilentPeer peer, OwnedThreads owned, Set<Socket> open)
            implements Workload {

        Reads(Variant variant, SilentPeer peer, OwnedThreads owned) {
            this(variant, peer, owned, ConcurrentHashMap.newKeySet());
        }

        @Override
        public void submit() {
            owned.start(this::readAnswer);
        }

        private void readAnswer() {
            try (Socket s = peer.connect()) {
                open.add(s);
                if (variant == Variant.FIXED) {
                    s.setSoTimeout((int) READ_TIMEOUT.toMillis());
                }
                s.getInputStream().read(new byte[64]); // leaky: waits forever
            } catch (SocketTimeoutException timedOut) {
                // fixed: the peer did not answer in time; give up, the thread ends
            } catch (IOException closed) {
                // fixed: close() closed the socket under us
            } finally {
                open.removeIf(Socket::isClosed);
            }
        }

        @Override
        public void close() throws Exception {
            if (variant == Variant.FIXED) {
                for (Socket s : open) {
                    s.close(); // wakes a read that a platform thread's interrupt cannot
                }
                owned.cancelAndJoin(Duration.ofSeconds(5));
                peer.close();
            }
            // leaky: the reads stay blocked on a peer that never answers
        }
    }
}

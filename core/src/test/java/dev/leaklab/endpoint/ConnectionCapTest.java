package dev.leaklab.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

/**
 * {@link ConnectionCap} alone, in front of a plain socket server that stands for the HttpServer, so
 * which connections are "in a request" is the test's to say: when every one of the cap is in a
 * request that moves, the next client is answered 503 and nothing is closed; once one leaves its
 * request, the next client closes that one instead.
 */
class ConnectionCapTest {

    @Test
    void aNewcomerGets503WhenEveryConnectionIsInAMovingRequestAndTakesAnIdleOnesPlaceOtherwise() throws Exception {
        try (var full = FullCap.open(ConnectionCap.STALLED_MILLIS, ConnectionCap.DRAIN_MILLIS)) {
            var cap = full.cap;
            var accepted = full.accepted;
            try (var late = new Socket(InetAddress.getLoopbackAddress(), cap.address().getPort())) {
                late.setSoTimeout(10_000);
                String reply = new String(late.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(reply).startsWith("HTTP/1.1 503 ").contains(ConnectionCap.MAX_CONNECTIONS + " connections");
            }
            assertThat(cap.openConnections()).isEqualTo(ConnectionCap.MAX_CONNECTIONS);

            // one request ends: the next client takes that connection's place
            Socket done = accepted.get(7);
            cap.inRequest(done.getPort(), -1);
            full.connect();
            awaitAccepted(accepted, ConnectionCap.MAX_CONNECTIONS + 1);
            done.setSoTimeout(10_000);
            assertThat(done.getInputStream().read()).as("the idle connection, closed by the relay").isEqualTo(-1);
            // the newcomer's relay is counted once its upstream connection is made, which the
            // upstream's accept can see a moment before
            long until = System.nanoTime() + 10_000_000_000L;
            while (cap.openConnections() != ConnectionCap.MAX_CONNECTIONS && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertThat(cap.openConnections()).isEqualTo(ConnectionCap.MAX_CONNECTIONS);
        }
    }

    /**
     * A request the endpoint is serving without writing (a recording) is busy, not stalled: with a
     * stall time of 0 every other request in the cap counts as stalled at once, so the newcomer
     * takes the place of the oldest one that is not served, and gets 503 when all are served.
     */
    @Test
    void aRequestBeingServedIsNeverTakenForStalled() throws Exception {
        try (var full = FullCap.open(0, ConnectionCap.DRAIN_MILLIS)) {
            var cap = full.cap;
            var accepted = full.accepted;
            for (Socket s : accepted.subList(0, 8)) {
                cap.serving(s.getPort(), +1);
            }
            full.connect();
            awaitAccepted(accepted, ConnectionCap.MAX_CONNECTIONS + 1);
            Socket oldestNotServed = accepted.get(8);
            oldestNotServed.setSoTimeout(10_000);
            assertThat(oldestNotServed.getInputStream().read()).as("the oldest stalled request, closed").isEqualTo(-1);
            for (Socket s : accepted.subList(0, 8)) {
                s.setSoTimeout(1);
                assertThatThrownBy(() -> s.getInputStream().read()).as("a request being served, still open")
                        .isInstanceOf(SocketTimeoutException.class);
            }

            // all served now (the newcomer's too): the next one is refused and none is closed
            cap.inRequest(accepted.get(ConnectionCap.MAX_CONNECTIONS).getPort(), +1);
            for (Socket s : accepted.subList(9, accepted.size())) {
                cap.serving(s.getPort(), +1);
            }
            try (var late = new Socket(InetAddress.getLoopbackAddress(), cap.address().getPort())) {
                late.setSoTimeout(10_000);
                String reply = new String(late.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(reply).startsWith("HTTP/1.1 503 ");
            }
            assertThat(accepted).hasSize(ConnectionCap.MAX_CONNECTIONS + 1);
        }
    }

    /**
     * A refused client may still be sending its request (a large header, a body) when the 503 is
     * written: closing a socket with unread input resets the connection, and a client whose write
     * fails with "Connection reset" or "Broken pipe" never reads the answer. So the cap half-closes
     * (the client reads the 503 and then end of stream) and reads what the client sends until the
     * client closes. Here the client reads the whole answer first and only then sends the rest of
     * its request, the case the reset would break for sure. (The drain's time bound is a minute here.)
     */
    @Test
    void aRefusedClientReadsThe503AndMayGoOnSendingUntilItCloses() throws Exception {
        try (var full = FullCap.open(ConnectionCap.STALLED_MILLIS, 60_000)) {
            var cap = full.cap;
            var accepted = full.accepted;
            byte[] head = "POST /debug/threads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 16384\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 5; i++) {
                try (var late = new Socket(InetAddress.getLoopbackAddress(), cap.address().getPort())) {
                    late.setSoTimeout(10_000);
                    late.getOutputStream().write(head);
                    String reply = new String(late.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    assertThat(reply).as("refusal %d", i).startsWith("HTTP/1.1 503 ").endsWith("try again later\n");
                    // the body, after the answer's end of stream: read and dropped, not reset
                    for (int k = 0; k < 16; k++) {
                        late.getOutputStream().write(new byte[1024]);
                        late.getOutputStream().flush();
                    }
                    assertThat(late.getInputStream().read()).isEqualTo(-1);
                }
            }
            assertThat(cap.openConnections()).isEqualTo(ConnectionCap.MAX_CONNECTIONS);
        }
    }

    /** The drain ends at its byte bound even when the client keeps sending (and at its time bound when it sends nothing). */
    @Test
    void theDrainIsBoundedInBytesAndTime() throws Exception {
        try (var server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                var client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                var accepted = server.accept()) {
            client.getOutputStream().write(new byte[32 * 1024]);
            ConnectionCap.drain(accepted, 1024, 60_000); // returns after 1 KB, though the client never closes
            assertThat(accepted.isClosed()).isTrue();
        }
        try (var server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                var client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                var accepted = server.accept()) {
            ConnectionCap.drain(accepted, 1024, 1); // a silent client: returns at the deadline
            assertThat(accepted.isClosed()).isTrue();
        }
    }

    /**
     * A cap in front of a plain socket server, with {@link ConnectionCap#MAX_CONNECTIONS} clients
     * connected and every one marked in a request (by the relay's port, as the endpoint's handler
     * would); the relays are admitted one after the other, so upstream's accept order is the cap's.
     */
    private static final class FullCap implements AutoCloseable {
        final ExecutorService threads = Executors.newCachedThreadPool();
        final ServerSocket upstream;
        final List<Socket> accepted = new CopyOnWriteArrayList<>();
        final List<Socket> clients = new ArrayList<>();
        final ConnectionCap cap;

        private FullCap(long stalledMillis, long drainMillis) throws IOException {
            upstream = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            threads.execute(() -> {
                try {
                    while (true) {
                        accepted.add(upstream.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            cap = new ConnectionCap(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    (InetSocketAddress) upstream.getLocalSocketAddress(), stalledMillis, drainMillis);
        }

        static FullCap open(long stalledMillis, long drainMillis) throws Exception {
            var full = new FullCap(stalledMillis, drainMillis);
            try {
                full.cap.start();
                for (int i = 0; i < ConnectionCap.MAX_CONNECTIONS; i++) {
                    full.connect();
                }
                awaitAccepted(full.accepted, ConnectionCap.MAX_CONNECTIONS);
                for (Socket s : full.accepted) {
                    full.cap.inRequest(s.getPort(), +1);
                }
                return full;
            } catch (Exception | Error e) {
                full.close();
                throw e;
            }
        }

        void connect() throws IOException {
            clients.add(new Socket(InetAddress.getLoopbackAddress(), cap.address().getPort()));
        }

        @Override
        public void close() throws IOException {
            try {
                cap.close();
                upstream.close();
                for (Socket s : clients) {
                    s.close();
                }
                for (Socket s : accepted) {
                    s.close();
                }
            } finally {
                threads.shutdownNow(); // on 17 an ExecutorService is not AutoCloseable
            }
        }
    }

    private static void awaitAccepted(List<Socket> accepted, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (accepted.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(accepted).hasSize(n);
    }
}

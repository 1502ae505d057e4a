package dev.leaklab.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
        var threads = Executors.newCachedThreadPool();
        try (var upstream = new ServerSocket(0, 200, InetAddress.getLoopbackAddress())) {
            var accepted = new CopyOnWriteArrayList<Socket>();
            threads.execute(() -> {
                try {
                    while (true) {
                        accepted.add(upstream.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            var cap = new ConnectionCap(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    (InetSocketAddress) upstream.getLocalSocketAddress());
            var clients = new ArrayList<Socket>();
            try {
                cap.start();
                for (int i = 0; i < ConnectionCap.MAX_CONNECTIONS; i++) {
                    clients.add(new Socket(InetAddress.getLoopbackAddress(), cap.address().getPort()));
                }
                awaitAccepted(accepted, ConnectionCap.MAX_CONNECTIONS);
                // every one in a request, as the endpoint's handler would mark it (by the relay's port)
                for (Socket s : accepted) {
                    cap.inRequest(s.getPort(), +1);
                }
                try (var late = new Socket(InetAddress.getLoopbackAddress(), cap.address().getPort())) {
                    late.setSoTimeout(10_000);
                    String reply = new String(late.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    assertThat(reply).startsWith("HTTP/1.1 503 ").contains(ConnectionCap.MAX_CONNECTIONS + " connections");
                }
                assertThat(cap.openConnections()).isEqualTo(ConnectionCap.MAX_CONNECTIONS);

                // one request ends: the next client takes that connection's place
                Socket done = accepted.get(7);
                cap.inRequest(done.getPort(), -1);
                clients.add(new Socket(InetAddress.getLoopbackAddress(), cap.address().getPort()));
                awaitAccepted(accepted, ConnectionCap.MAX_CONNECTIONS + 1);
                done.setSoTimeout(10_000);
                assertThat(done.getInputStream().read()).as("the idle connection, closed by the relay").isEqualTo(-1);
                assertThat(cap.openConnections()).isEqualTo(ConnectionCap.MAX_CONNECTIONS);
            } finally {
                cap.close();
                upstream.close();
                for (Socket s : clients) {
                    s.close();
                }
                for (Socket s : accepted) {
                    s.close();
                }
            }
        } finally {
            threads.shutdownNow(); // on 17 an ExecutorService is not AutoCloseable
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

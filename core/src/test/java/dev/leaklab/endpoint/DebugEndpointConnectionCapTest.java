package dev.leaklab.endpoint;

import static dev.leaklab.endpoint.DebugEndpointHostileTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The endpoint bounds its open connections ({@link ConnectionCap}): a client that opens a few
 * hundred idle ones (of three kinds: silent, half a request line, a kept-alive connection after a
 * whole request) neither locks a legitimate client out nor makes the endpoint hold a file
 * descriptor for each. 300 sockets here: far below this machine's limits, and well over the cap.
 */
class DebugEndpointConnectionCapTest {

    static final int IDLE = 300;

    @Test
    void hundredsOfIdleConnectionsAreBoundedAndALegitimateClientIsServed() throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            int port = endpoint.address().getPort();
            long fdsBefore = openFiles();
            var idle = new ArrayList<Socket>();
            try {
                for (int i = 0; i < IDLE; i++) {
                    var s = new Socket(InetAddress.getLoopbackAddress(), port);
                    idle.add(s);
                    switch (i % 3) {
                        case 0 -> { } // silent
                        case 1 -> s.getOutputStream().write("GET /debug/thr".getBytes(StandardCharsets.ISO_8859_1));
                        default -> {
                            // a whole request, kept alive: the answer read, the connection left open
                            s.getOutputStream().write(("GET /debug/threads/count HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                                    .getBytes(StandardCharsets.ISO_8859_1));
                            s.setSoTimeout(20_000);
                            readHead(s.getInputStream());
                        }
                    }
                }
                // a legitimate client, more than once, while all of them are still open on this side
                for (int i = 0; i < 5; i++) {
                    assertThat(DebugEndpointHostileTest.legitimateDump(endpoint).status()).isEqualTo(200);
                }
                assertThat(endpoint.openConnections()).isBetween(1, ConnectionCap.MAX_CONNECTIONS);
                // the endpoint's side: per connection a client socket, a relay socket and the HttpServer's,
                // so at most 3 x the cap (plus a few of the JDK's own); the test's own 300 sockets are not its
                long endpointFds = openFiles() - fdsBefore - IDLE;
                System.out.println("file descriptors the endpoint holds for " + IDLE + " idle clients: " + endpointFds);
                assertThat(endpointFds).isLessThanOrEqualTo(3L * ConnectionCap.MAX_CONNECTIONS + 16);

                // the oldest idle connections were closed: they read end of stream (or a reset)
                int ended = 0;
                for (Socket s : idle.subList(0, 30)) {
                    s.setSoTimeout(5_000);
                    try {
                        InputStream in = s.getInputStream();
                        int b;
                        do {
                            b = in.read();
                        } while (b >= 0);
                        ended++;
                    } catch (SocketTimeoutException stillOpen) {
                        // not ended
                    } catch (IOException reset) {
                        ended++;
                    }
                }
                assertThat(ended).as("of the 30 oldest idle connections, closed by the endpoint").isEqualTo(30);
            } finally {
                for (var s : idle) {
                    s.close();
                }
            }
            assertThat(request(port, "/debug/threads/count").status()).isEqualTo(200);
        }
    }

    @Test
    void theIndexSaysTheCap() throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            var reply = request(endpoint.address().getPort(), "/debug/");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).contains("At most " + ConnectionCap.MAX_CONNECTIONS + " connections");
        }
    }

    /** Every connection closed by its client is forgotten: the count goes back to nothing. */
    @Test
    void closedConnectionsAreForgotten() throws Exception {
        try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            int port = endpoint.address().getPort();
            for (int i = 0; i < 100; i++) {
                assertThat(request(port, List.of("/debug/threads/count", "/debug/", "/nothing").get(i % 3)).status())
                        .isIn(200, 404);
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (endpoint.openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(endpoint.openConnections()).isZero();
        }
    }

    private static void readHead(InputStream in) throws IOException {
        // status line and headers, then the body as Content-Length says
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the answer");
            }
            head.append((char) b);
        }
        var m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        if (m.find()) {
            in.readNBytes(Integer.parseInt(m.group(1)));
        }
    }

    private static long openFiles() throws IOException {
        Path fd = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fd)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(fd)) {
            return s.count();
        }
    }
}

package dev.leaklab.scenario;

import dev.leaklab.result.Variant;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;

import dev.leaklab.census.LiveThreads;

/*
 * CONNECTION HANDLERS  (Go guide: real-world scenario 4, "WebSocket Connection Handler")
 *
 * The leak. A server gives each connection two threads: a reader that reads the client's lines,
 * and a writer that sends what is put on the connection's outbox. When the client drops, the
 * reader sees end-of-stream and returns, and nobody tells the writer: it waits on outbox.take()
 * forever, holding the socket open. One thread and one file descriptor per dropped connection.
 *
 *     threads.newThread(() -> readMessages(conn)).start();
 *     threads.newThread(() -> writeMessages(conn)).start();     // no cleanup if conn dies
 *
 * Why it leaks. The two threads share a lifetime but nothing links them: each only watches its
 * own half of the connection, and the writer's half never fails until it writes.
 *
 * The fix. Give the connection one owner of its lifetime: when the reader sees EOF (or an
 * error), it closes the socket and stops the writer (interrupt; a poison pill works too). Server
 * shutdown closes the listener and every live connection the same way.
 *
 * The client side (connect, say hello, drop) runs on the harness's thread at the offered rate;
 * the accept loop stands for the server framework and is the harness's thread too.
 *
 * Run it:   scripts/leaklab run connection-handlers --variant leaky --kind platform
 */
public final class ConnectionHandlers implements Scenario {

    @Override public String name() { return "connection-handlers"; }
    @Override public String guideSection() { return "scenario 4: WebSocket connection handler"; }
    @Override public String leak() { return "reader+writer thread per connection; on drop the writer waits forever"; }
    @Override public String fix() { return "reader's EOF closes the connection and stops the writer"; }

    @Override
    public Workload open(Variant variant, Thread.Builder builder) throws IOException {
        ThreadFactory threads = builder.factory(); // thread-safe, unlike the builder
        var server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        var handlers = new Server(variant, server, new OwnedThreads(threads));
        var acceptor = Thread.ofPlatform().daemon().name("leaklab-acceptor").unstarted(handlers::acceptLoop);
        LiveThreads.registerToolThread(acceptor).start();
        return handlers;
    }

    private record Server(Variant variant, ServerSocket server, OwnedThreads owned, Set<Socket> live)
            implements Workload {

        Server(Variant variant, ServerSocket server, OwnedThreads owned) {
            this(variant, server, owned, ConcurrentHashMap.newKeySet());
        }

        void acceptLoop() {
            try {
                while (true) {
                    handle(server.accept());
                }
            } catch (IOException closed) {
                // close() ends the loop
            }
        }

        private void handle(Socket conn) {
            live.add(conn);
            BlockingQueue<String> outbox = new LinkedBlockingQueue<>();
            Thread writer = owned.start(() -> writeMessages(conn, outbox));
            owned.start(() -> {
                readMessages(conn, outbox);
                if (variant == Variant.FIXED) {
                    closeQuietly(conn);  // the reader owns the connection's lifetime...
                    writer.interrupt();  // ...and stops its partner
                    live.remove(conn);
                }
            });
        }

        private static void readMessages(Socket conn, BlockingQueue<String> outbox) {
            try {
                var in = new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8));
                for (String line; (line = in.readLine()) != null; ) {
                    outbox.add("echo " + line);
                }
            } catch (IOException dropped) {
                // connection reset: same as EOF
            }
        }

        private static void writeMessages(Socket conn, BlockingQueue<String> outbox) {
            try {
                OutputStream out = conn.getOutputStream();
                while (true) {
                    out.write((outbox.take() + "\n").getBytes(StandardCharsets.UTF_8)); // waits forever after a drop
                }
            } catch (InterruptedException | IOException stopped) {
                // fixed: the reader stopped us
            }
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }

        /** A client connects, says hello, reads the echo and drops the connection. */
        @Override
        public void submit() throws IOException {
            try (var client = new Socket(server.getInetAddress(), server.getLocalPort())) {
                client.setSoTimeout(5_000);
                client.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
                var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                in.readLine();
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            if (variant == Variant.FIXED) {
                live.forEach(Server::closeQuietly); // wakes readers still waiting on a client
                owned.cancelAndJoin(Duration.ofSeconds(5));
            }
        }
    }
}

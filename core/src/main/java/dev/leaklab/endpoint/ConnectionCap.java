package dev.leaklab.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The endpoint's own accept path, which bounds its open connections. The JDK's HttpServer has no
 * cap of its own but {@code jdk.httpserver.maxConnections}, a system property read once for the
 * whole JVM: setting it would cap the application's own HttpServer too (and its idle timeouts,
 * {@code sun.net.httpserver.idleInterval} and the rest of {@code ServerConfig}, are JVM-wide as
 * well). So the public port is this class's: it accepts, and relays each connection to the
 * HttpServer on an ephemeral loopback port. Without a cap, a thousand idle connections used up the
 * application's file descriptors.
 *
 * <p>At most {@link #MAX_CONNECTIONS} at a time. One more closes the oldest connection that is
 * not in a request (or one whose request moved no byte for {@link #STALLED_MILLIS}): a client
 * holding idle connections cannot lock others out, and an HTTP client retries a kept-alive
 * connection that was closed between requests. When every connection is in a request that is
 * moving, the newcomer gets a 503.
 */
final class ConnectionCap implements AutoCloseable {

    static final int MAX_CONNECTIONS = 64;
    static final long STALLED_MILLIS = 10_000;

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    /** Open connections in the order they were accepted, by the relay's local port towards the HttpServer. */
    private final Map<Integer, Relay> open = new LinkedHashMap<>();
    private volatile boolean closed;

    ConnectionCap(InetSocketAddress address, InetSocketAddress upstream) throws IOException {
        this.listener = new ServerSocket();
        try {
            listener.bind(address, 64);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstream.getPort());
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    void start() {
        // A platform thread: a virtual one blocked in accept() would make the JDK start its I/O
        // poller threads at the endpoint's start, and those count as the application's.
        daemon(this::acceptLoop, "leaklab-debug-accept");
    }

    private static void daemon(Runnable task, String name) {
        var t = new Thread(null, task, name, 256 * 1024);
        t.setDaemon(true);
        dev.leaklab.census.LiveThreads.registerToolThread(t).start();
    }

    /** How many connections are open now (for tests and /debug/). */
    synchronized int openConnections() {
        return open.size();
    }

    /**
     * The HttpServer's exchange with a client starts ({@code +1}) or ends ({@code -1}); {@code relayPort}
     * is the exchange's remote port, the relay's side of the connection.
     */
    void inRequest(int relayPort, int delta) {
        Relay r;
        synchronized (this) {
            r = open.get(relayPort);
        }
        if (r != null) {
            r.requests.addAndGet(delta);
            r.moved();
        }
    }

    private void acceptLoop() {
        long backoffMillis = 0;
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
                backoffMillis = 0;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                // e.g. EMFILE: the pending connection stays in the backlog and every accept fails at
                // once; wait (50 ms, doubling to 1 s) instead of spinning a core of the application's
                backoffMillis = Math.min(1_000, Math.max(50, backoffMillis * 2));
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException stop) {
                    return;
                }
                continue;
            }
            try {
                admit(client);
            } catch (IOException | RuntimeException e) { // one connection lost; the loop, which serves all, goes on
                closeQuietly(client);
            }
        }
    }

    private void admit(Socket client) throws IOException {
        Relay evicted = null;
        synchronized (this) {
            if (open.size() >= MAX_CONNECTIONS) {
                evicted = evictable();
                if (evicted == null) {
                    refuse(client);
                    return;
                }
                open.remove(evicted.port);
            }
        }
        if (evicted != null) {
            evicted.close();
        }
        var server = new Socket();
        try {
            server.connect(upstream, 5_000);
        } catch (IOException e) {
            closeQuietly(server);
            throw e;
        }
        var relay = new Relay(client, server);
        synchronized (this) {
            if (closed) {
                relay.close();
                return;
            }
            open.put(relay.port, relay);
        }
        // Platform threads (two per connection, at most 2 x MAX_CONNECTIONS): a virtual one blocked in
        // a socket read makes the JDK start its I/O poller threads, which count as the application's.
        try {
            daemon(() -> relay.pump(client, server, true), "leaklab-debug-relay-in");
            daemon(() -> relay.pump(server, client, false), "leaklab-debug-relay-out");
        } catch (OutOfMemoryError e) { // no native thread to be had: this connection goes, the endpoint stays
            synchronized (this) {
                open.remove(relay.port);
            }
            relay.close();
        }
    }

    /** The oldest connection outside a request, else the oldest whose request stalled; null if none. */
    private Relay evictable() {
        long now = System.nanoTime();
        Relay stalled = null;
        for (Relay r : open.values()) {
            if (r.requests.get() <= 0) {
                return r;
            }
            if (stalled == null && now - r.lastMoved >= TimeUnit.MILLISECONDS.toNanos(STALLED_MILLIS)) {
                stalled = r;
            }
        }
        return stalled;
    }

    private static void refuse(Socket client) {
        String body = "the debug endpoint has " + MAX_CONNECTIONS + " connections in requests: try again later\n";
        String reply = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
                + "Retry-After: 1\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        try {
            client.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // it went already
        } finally {
            closeQuietly(client);
        }
    }

    private void forget(Relay r) {
        synchronized (this) {
            open.remove(r.port, r);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        var all = new ArrayList<Relay>();
        synchronized (this) {
            all.addAll(open.values());
            open.clear();
        }
        all.forEach(Relay::close);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // nothing to do
        }
    }

    /** One client connection and its twin towards the HttpServer. */
    private final class Relay {
        final Socket client;
        final Socket server;
        final int port;
        final AtomicInteger requests = new AtomicInteger();
        volatile long lastMoved = System.nanoTime();

        Relay(Socket client, Socket server) {
            this.client = client;
            this.server = server;
            this.port = server.getLocalPort();
        }

        void moved() {
            lastMoved = System.nanoTime();
        }

        /**
         * Copies until end of stream. The client's end of stream is passed on as a half-close, as a
         * direct connection would show it (JfrPage sees its client go); the server's ends the relay.
         */
        void pump(Socket from, Socket to, boolean fromClient) {
            byte[] buf = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                    moved();
                }
                if (fromClient) {
                    to.shutdownOutput();
                    return;
                }
            } catch (IOException e) {
                // either side went: end both
            }
            close();
        }

        void close() {
            forget(this);
            closeQuietly(client);
            closeQuietly(server);
        }
    }
}

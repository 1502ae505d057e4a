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
 * connection that was closed between requests. A request the endpoint is busy serving without
 * writing (a {@code /debug/jfr} recording, see {@link #serving}) is not stalled, however long it
 * takes. When every connection is in a request that is moving or being served, the newcomer gets
 * a 503: written, then the output shut down and the newcomer's request read and dropped (bounded
 * by {@link #DRAIN_BYTES} and {@link #DRAIN_MILLIS}) before the close, since closing a socket with
 * unread input sends a reset, which can make the client lose the 503 before it reads it.
 */
final class ConnectionCap implements AutoCloseable {

    static final int MAX_CONNECTIONS = 64;
    static final long STALLED_MILLIS = 10_000;
    /** What a refused client may still send, and for how long, before its connection is closed. */
    static final int DRAIN_BYTES = 64 * 1024;
    static final long DRAIN_MILLIS = 2_000;
    /** Refused connections being drained at a time; more are closed at once (a reset, under a flood). */
    static final int MAX_DRAINING = 16;

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    /** Open connections in the order they were accepted, by the relay's local port towards the HttpServer. */
    private final Map<Integer, Relay> open = new LinkedHashMap<>();
    private final long stalledNanos;
    private final long drainMillis;
    private final AtomicInteger draining = new AtomicInteger();
    private volatile boolean closed;

    ConnectionCap(InetSocketAddress address, InetSocketAddress upstream) throws IOException {
        this(address, upstream, STALLED_MILLIS, DRAIN_MILLIS);
    }

    /** With other times, for tests. */
    ConnectionCap(InetSocketAddress address, InetSocketAddress upstream, long stalledMillis, long drainMillis) throws IOException {
        this.stalledNanos = TimeUnit.MILLISECONDS.toNanos(stalledMillis);
        this.drainMillis = drainMillis;
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

    /** How many open connections are in a request the endpoint is serving without writing (for tests). */
    synchronized int servingConnections() {
        return (int) open.values().stream().filter(r -> r.serving.get() > 0).count();
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

    /**
     * The endpoint starts ({@code +1}) or ends ({@code -1}) work on a request that writes nothing
     * until it is done, e.g. a recording: meanwhile the connection is busy, not stalled.
     */
    void serving(int relayPort, int delta) {
        Relay r;
        synchronized (this) {
            r = open.get(relayPort);
        }
        if (r != null) {
            r.serving.addAndGet(delta);
            r.moved(); // the stall clock starts again when the answer starts
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
        boolean full = false;
        synchronized (this) {
            if (open.size() >= MAX_CONNECTIONS) {
                evicted = evictable();
                if (evicted == null) {
                    full = true;
                } else {
                    open.remove(evicted.port);
                }
            }
        }
        if (full) {
            refuse(client);
            return;
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
            if (stalled == null && r.serving.get() <= 0 && now - r.lastMoved >= stalledNanos) {
                stalled = r;
            }
        }
        return stalled;
    }

    /**
     * The 503, then a half-close, and the client's input drained on a thread of its own (the accept
     * loop serves everyone), so that the close does not reset the connection before the client has
     * read the answer. The reply is small: the write does not wait for the client.
     */
    private void refuse(Socket client) {
        String body = "the debug endpoint has " + MAX_CONNECTIONS + " connections in requests: try again later\n";
        String reply = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
                + "Retry-After: 1\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        try {
            client.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(client); // it went already
            return;
        }
        if (draining.incrementAndGet() > MAX_DRAINING) {
            draining.decrementAndGet();
            closeQuietly(client);
            return;
        }
        try {
            daemon(() -> {
                try {
                    drain(client, DRAIN_BYTES, drainMillis);
                } finally {
                    draining.decrementAndGet();
                }
            }, "leaklab-debug-refused");
        } catch (OutOfMemoryError e) { // no native thread: close now
            draining.decrementAndGet();
            closeQuietly(client);
        }
    }

    /** Reads and drops what the client sends until it closes, up to {@code maxBytes} or {@code maxMillis}; then closes. */
    static void drain(Socket client, int maxBytes, long maxMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        byte[] buf = new byte[4096];
        try (client) {
            InputStream in = client.getInputStream();
            for (long read = 0; read < maxBytes; ) {
                long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (leftMillis <= 0) {
                    return;
                }
                client.setSoTimeout((int) leftMillis);
                int n = in.read(buf, 0, (int) Math.min(buf.length, maxBytes - read));
                if (n < 0) {
                    return;
                }
                read += n;
            }
        } catch (IOException e) {
            // timed out, or it went: closed either way
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
        /** Requests the endpoint is working on without writing (see {@link ConnectionCap#serving}). */
        final AtomicInteger serving = new AtomicInteger();
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

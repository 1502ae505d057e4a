package dev.leaklab.endpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;

import dev.leaklab.endpoint.Http.BadRequest;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * {@code GET /debug/jfr?seconds=N}: a JFR recording of the next N seconds (1 to 300, default 10)
 * with thread start/end events, virtual threads included, the counterpart of
 * {@code /debug/pprof/trace}. One recording at a time (more get 429); it stops as soon as its
 * client has gone (seen on Linux, from {@code /proc/net/tcp}; elsewhere it runs its course).
 */
final class JfrPage {

    static final Duration MAX_RECORDING = Duration.ofMinutes(5);
    static final String RECORDING_NAME = "leaklab /debug/jfr";
    /** How often a recording checks that its client is still there. */
    static final Duration CLIENT_CHECK = Duration.ofMillis(250);

    /** Told when a recording starts and ends on a connection (its remote port), which moves no byte meanwhile. */
    interface Serving {
        void serving(int relayPort, int delta);
    }

    private final Semaphore recordings = new Semaphore(1);
    private final Serving serving;

    JfrPage(Serving serving) {
        this.serving = serving;
    }

    void answer(HttpExchange x, Map<String, String> query) throws IOException, BadRequest {
        long seconds;
        try {
            seconds = Long.parseLong(query.getOrDefault("seconds", "10"));
        } catch (NumberFormatException e) {
            throw new BadRequest("seconds must be a whole number, 1 to " + MAX_RECORDING.toSeconds());
        }
        if (seconds < 1 || seconds > MAX_RECORDING.toSeconds()) {
            throw new BadRequest("seconds must be 1 to " + MAX_RECORDING.toSeconds());
        }
        if (!recordings.tryAcquire()) {
            Http.send(x, 429, "a recording is already running; try again when it ends\n");
            return;
        }
        Path file = null;
        try {
            try {
                file = Files.createTempFile("leaklab-debug-", ".jfr");
                try (var recording = new Recording(defaultConfiguration())) {
                    recording.setName(RECORDING_NAME);
                    recording.enable("jdk.VirtualThreadStart");
                    recording.enable("jdk.VirtualThreadEnd");
                    recording.enable("jdk.ThreadStart").withStackTrace();
                    recording.enable("jdk.ThreadEnd");
                    recording.start();
                    // busy, not stalled: the connection cap must not close it for moving no byte
                    int relayPort = x.getRemoteAddress().getPort();
                    serving.serving(relayPort, +1);
                    try {
                        if (!recordWhileConnected(x, Duration.ofSeconds(seconds))) {
                            return; // nobody to send it to; closing the recording discards it
                        }
                    } finally {
                        serving.serving(relayPort, -1);
                    }
                    recording.stop();
                    recording.dump(file);
                }
            } finally {
                recordings.release(); // sending to a slow client does not hold the slot
            }
            x.getResponseHeaders().set("Content-Type", "application/octet-stream");
            x.getResponseHeaders().set("Content-Disposition",
                    "attachment; filename=\"threads-" + ProcessHandle.current().pid() + ".jfr\"");
            x.sendResponseHeaders(200, Files.size(file));
            try (OutputStream body = x.getResponseBody()) {
                Files.copy(file, body);
            }
        } finally {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Waits out the recording, checking that the client is still connected.
     *
     * @return false when the client went away: the JDK's server tells a handler nothing until it
     *         writes, and a recording writes only at the end, so the socket's state is read instead
     */
    private static boolean recordWhileConnected(HttpExchange x, Duration length) {
        long end = System.nanoTime() + length.toNanos();
        int local = x.getLocalAddress().getPort(), remote = x.getRemoteAddress().getPort();
        try {
            for (long left; (left = end - System.nanoTime()) > 0; ) {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, CLIENT_CHECK.toNanos()));
                if (TcpConnections.state(local, remote) == TcpConnections.State.GONE) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down: send what was recorded
        }
        return true;
    }

    private static Configuration defaultConfiguration() throws IOException {
        try {
            return Configuration.getConfiguration("default");
        } catch (ParseException e) {
            throw new IOException("the JDK's default JFR configuration does not parse: " + e.getMessage());
        }
    }
}

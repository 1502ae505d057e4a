package dev.leaklab.internal.census;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

import dev.leaklab.census.LiveThreads;
import dev.leaklab.internal.census.VirtualThreads;

/**
 * The JDK starts its I/O pollers lazily, the first time a virtual thread blocks on a socket; on
 * Linux (JDK 25) they are themselves virtual threads ("SubPoller-0", ...) in a container of the
 * JDK's. Started mid-run they would count as threads the scenario left behind, so a run that will
 * use sockets on virtual threads starts them before it takes its baseline.
 */
public final class IoPollers {

    private IoPollers() {
    }

    /** Starts the pollers; nothing to do on a JDK without virtual threads. */
    public static void start() throws InterruptedException {
        if (!VirtualThreads.supported()) {
            return;
        }
        // leaklab's own thread, never the application's: join returns before a virtual thread
        // leaves its container, so a census right after the join could still count it
        Thread t = LiveThreads.registerToolThread(VirtualThreads.unstarted("leaklab-poller-warmup", () -> {
            try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 var client = new Socket(server.getInetAddress(), server.getLocalPort());
                 var accepted = server.accept()) {
                client.setSoTimeout(1);
                client.getInputStream().read(); // parks on a poller, which starts them all
            } catch (SocketTimeoutException expected) {
                // the read was meant to time out
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        t.start();
        t.join();
    }
}

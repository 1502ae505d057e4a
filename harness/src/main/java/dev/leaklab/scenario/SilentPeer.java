package dev.leaklab.scenario;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.leaklab.census.LiveThreads;

/**
 * A remote peer that hangs: it accepts connections on 127.0.0.1 (port 0) and never sends a byte,
 * like a stuck service or a half-dead network path. It stands for another process, so its one
 * accept thread is registered as the harness's and never counts as the scenario's.
 */
public final class SilentPeer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    public SilentPeer() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        var acceptor = Thread.ofPlatform().daemon().name("leaklab-silent-peer").unstarted(this::acceptLoop);
        LiveThreads.registerToolThread(acceptor).start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Opens a client connection to this peer. */
    public Socket connect() throws IOException {
        return new Socket(address().getAddress(), address().getPort());
    }

    private void acceptLoop() {
        try {
            while (true) {
                accepted.add(server.accept()); // keep it open and say nothing
            }
        } catch (IOException closed) {
            // close() ends the loop
        }
    }

    /** Closes the listener and every accepted connection: clients blocked reading get EOF. */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}

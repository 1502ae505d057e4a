package dev.leaklab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The claim CancellationLatency is built on: interrupt does not end a platform thread's
 * classic socket read (closing the socket does), and does end a virtual thread's.
 */
class SocketReadInterruptTest {

    @Test
    void interruptLeavesAPlatformThreadBlockedInSocketReadButCloseEndsIt() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var socket = new Socket(server.getInetAddress(), server.getLocalPort());
             var peer = server.accept()) {
            Thread reader = startReader(Thread.ofPlatform(), socket);
            reader.interrupt();
            assertThat(reader.join(Duration.ofMillis(500))).as("still reading 500 ms after interrupt").isFalse();
            socket.close();
            assertThat(reader.join(Duration.ofSeconds(10))).as("ended by close").isTrue();
        }
    }

    @Test
    void interruptEndsAVirtualThreadsSocketReadAndClosesTheSocket() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var socket = new Socket(server.getInetAddress(), server.getLocalPort());
             var peer = server.accept()) {
            Thread reader = startReader(Thread.ofVirtual(), socket);
            reader.interrupt();
            assertThat(reader.join(Duration.ofSeconds(10))).as("ended by interrupt").isTrue();
            assertThat(socket.isClosed()).isTrue();
        }
    }

    private static Thread startReader(Thread.Builder builder, Socket socket) throws InterruptedException {
        Thread reader = builder.start(() -> {
            try {
                socket.getInputStream().read();
            } catch (IOException closed) {
                // ends the thread
            }
        });
        Kinds.awaitBlocked(reader);
        return reader;
    }
}

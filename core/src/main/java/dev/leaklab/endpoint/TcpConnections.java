package dev.leaklab.endpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a TCP connection of this process is still established, read from Linux's
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6} (what {@code netstat} reads): the JDK's
 * HttpServer tells a handler nothing about its client until the handler writes.
 */
final class TcpConnections {

    enum State { ESTABLISHED, GONE, UNKNOWN }

    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final Pattern FIELDS = Pattern.compile("\\s+");
    /** The kernel's TCP_ESTABLISHED, as the table's {@code st} column writes it. */
    private static final String ESTABLISHED = "01";

    private TcpConnections() {
    }

    /**
     * The state of the connection between local port {@code localPort} and remote port
     * {@code remotePort}. Ports alone identify it well enough here: the local port is the
     * server's, and the remote one is the client's ephemeral port. UNKNOWN off Linux.
     */
    static State state(int localPort, int remotePort) {
        String local = String.format(":%04X", localPort), remote = String.format(":%04X", remotePort);
        boolean readable = false;
        for (Path table : TABLES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (IOException e) {
                continue;
            }
            readable = true;
            for (int i = 1; i < lines.size(); i++) {
                // "  0: 0100007F:1F90 0100007F:C350 01 ..." : sl, local, remote, st
                String[] f = FIELDS.split(lines.get(i).strip(), 5);
                if (f.length >= 4 && f[1].endsWith(local) && f[2].endsWith(remote) && f[3].equals(ESTABLISHED)) {
                    return State.ESTABLISHED;
                }
            }
        }
        return readable ? State.GONE : State.UNKNOWN;
    }
}

package dev.leaklab.agent.endpoint;

import java.net.InetSocketAddress;

import dev.leaklab.endpoint.DebugEndpoint;

/**
 * Starts leaklab-core's {@link DebugEndpoint} for the agent's {@code endpoint} option. Runs in the
 * agent's own class loader (see {@code dev.leaklab.agent.boot.Endpoint}), against the copy of core
 * relocated into the agent jar: the shade plugin rewrites this class's references to it.
 */
public final class Serve {
    /** The endpoint runs as long as the JVM: its server threads keep it, this keeps it reachable for a heap dump's reader. */
    private static volatile DebugEndpoint running;

    private Serve() {}

    /** Starts the endpoint; answers the bound HOST:PORT. Throws what {@link DebugEndpoint#start} throws. */
    public static String start(String host, int port, String token) throws java.io.IOException {
        var endpoint = DebugEndpoint.start(DebugEndpoint.Options.defaults().withAddress(new InetSocketAddress(host, port)).withToken(token));
        running = endpoint;
        var a = endpoint.address();
        String h = a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}

package dev.leaklab.agent.boot;

/**
 * The agent's options, from the text after {@code =} in {@code -javaagent:leaklab-agent.jar=...}.
 *
 * @param depth frames of the creator's stack the registry keeps per creation site (0: none)
 * @param stackRate most creator stacks the registry captures per second ({@link #ALL}: no limit)
 * @param prove proof mode: report virtual threads the GC collected before they ended
 * @param quiet no start-up line on standard error
 * @param endpoint where the debug endpoint listens, {@code HOST:PORT}; null: no endpoint
 * @param token where the endpoint's bearer token is read from, {@code @FILE} or {@code env:NAME}; null: none
 */
public record Options(int depth, int stackRate, boolean prove, boolean quiet, String endpoint, String token) {
    static final int MAX_DEPTH = 256;
    /** {@code stack-rate=all}: a stack for every start. */
    static final int ALL = Integer.MAX_VALUE;

    public static final String HELP = """
            leaklab-agent: records who started every thread, virtual threads included.
            Runs on JDK 17 and newer; virtual threads (and so prove) need JDK 21.

            Usage:
              java -javaagent:/path/to/leaklab-agent.jar[=OPTION,OPTION...] ... -jar app.jar

            Options (comma-separated, after '='):
              depth=N   frames of the creator's stack kept per creation site in the in-process
                        registry (default 32, 0..256; 0 keeps no stack, only counts and creators).
                        The JFR event's stack depth is the recording's own (stackdepth=, default 64).
              stack-rate=N
                        most creator stacks the registry captures per second (default 1000;
                        'all': every start). A stack costs microseconds, a thread start less than
                        one: above this rate the further starts of the second are counted with
                        their creator and container, but get no stack (site "(not sampled)").
                        The JFR event always has its stack. With prove the default is 'all'.
              prove     proof mode: a virtual thread the garbage collector frees before it ended was
                        blocked on something nothing can reach any more, so it could never run
                        again: a proven leak. Needs -Djdk.trackAllThreads=false (without it, the
                        JDK keeps every virtual thread reachable and nothing can be proven).
              quiet     no start-up lines on standard error (the endpoint's address excepted).
              endpoint[=HOST:PORT]
                        serves leaklab's debug endpoint from this JVM: /debug/threads,
                        /debug/threads/leaks, /debug/threads/count, /debug/metrics (Prometheus),
                        /debug/jfr. Default 127.0.0.1:6060; PORT alone is 127.0.0.1:PORT, port 0
                        a free port (one line on standard error says which). An address other than
                        loopback needs a token. It starts on a daemon thread; if it cannot (port in
                        use, say), one line says why and the application runs on.
              token=@FILE | token=env:NAME
                        the bearer token (16 characters or more) every request must then carry
                        (Authorization: Bearer TOKEN), read from FILE or from the environment
                        variable NAME: never on the command line, which every user sees in ps.

            What it records, for every thread started (Thread.start, builders, executors,
            ForkJoinPool, structured concurrency):
              - JFR event dev.leaklab.ThreadCreated, with the creator's stack trace, whenever a
                recording is on (e.g. -XX:StartFlightRecording:filename=rec.jfr); read it with
                'leaklab leaks rec.jfr' or 'jfr print --events dev.leaklab.ThreadCreated rec.jfr';
              - an in-process registry, held weakly (it keeps no thread alive), that
                dev.leaklab.origins.ThreadOrigins in leaklab-core reads;
              - in proof mode, JFR event dev.leaklab.ProvenLeak and ThreadOrigins.provenLeaks().

            The agent never makes the application fail: when this JDK's Thread code is not the one
            it was written for, it prints one line and runs uninstrumented.
            """;

    static final Options DEFAULT = new Options(32, 1000, false, false, null, null);
    static final String DEFAULT_ENDPOINT = "127.0.0.1:6060";

    /** These options with proof mode off. */
    Options withoutProof() {
        return new Options(depth, stackRate, false, quiet, endpoint, token);
    }

    /** Parses "depth=16,prove"; throws IllegalArgumentException with a one-line message. */
    static Options parse(String args) {
        int depth = DEFAULT.depth, stackRate = -1;
        boolean prove = false, quiet = false;
        String endpoint = null, token = null;
        if (args == null || args.isBlank()) return DEFAULT;
        for (String raw : args.split(",")) {
            String opt = raw.strip();
            if (opt.isEmpty()) continue;
            if (opt.equals("prove")) {
                prove = true;
            } else if (opt.equals("quiet")) {
                quiet = true;
            } else if (opt.startsWith("depth=")) {
                String n = opt.substring("depth=".length());
                depth = number(n, MAX_DEPTH);
                if (depth < 0) {
                    throw new IllegalArgumentException("depth must be a whole number from 0 to " + MAX_DEPTH + ", not '" + n + "'");
                }
            } else if (opt.startsWith("stack-rate=")) {
                String n = opt.substring("stack-rate=".length());
                stackRate = n.equals("all") ? ALL : number(n, ALL - 1);
                if (stackRate < 0) {
                    throw new IllegalArgumentException("stack-rate must be a whole number of stacks per second, or all, not '" + n + "'");
                }
            } else if (opt.equals("endpoint")) {
                endpoint = DEFAULT_ENDPOINT;
            } else if (opt.startsWith("endpoint=")) {
                endpoint = hostPort(opt.substring("endpoint=".length()));
            } else if (opt.startsWith("token=")) {
                token = opt.substring("token=".length());
                if (!(token.startsWith("@") && token.length() > 1) && !(token.startsWith("env:") && token.length() > 4)) {
                    throw new IllegalArgumentException("token takes @FILE or env:NAME (a token on the command line is visible to every user in ps)");
                }
            } else {
                throw new IllegalArgumentException("unknown option '" + opt + "' (known: depth=N, stack-rate=N|all, prove, quiet, endpoint[=HOST:PORT], token=@FILE|env:NAME)");
            }
        }
        if (token != null && endpoint == null) {
            throw new IllegalArgumentException("token is the endpoint's: add endpoint[=HOST:PORT]");
        }
        // a proven leak is only as useful as its site: proof mode keeps every stack unless told otherwise
        if (stackRate == -1) stackRate = prove ? ALL : DEFAULT.stackRate;
        return new Options(depth, stackRate, prove, quiet, endpoint, token);
    }

    /** "PORT", "HOST:PORT" or "[V6]:PORT", checked, as HOST:PORT. */
    static String hostPort(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : text.substring(0, colon);
        String port = colon < 0 ? text : text.substring(colon + 1);
        if (number(port, 65535) < 0 || host.isEmpty() || (host.contains(":") && !(host.startsWith("[") && host.endsWith("]")))) {
            throw new IllegalArgumentException("endpoint takes HOST:PORT or PORT (0 to 65535; an IPv6 host in brackets), not '" + text + "'");
        }
        return host + ":" + Integer.parseInt(port);
    }

    /** {@code text} as a number from 0 to {@code max}, else -1. */
    private static int number(String text, int max) {
        try {
            int n = Integer.parseInt(text);
            return n <= max ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

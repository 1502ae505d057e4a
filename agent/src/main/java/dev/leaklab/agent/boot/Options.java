package dev.leaklab.agent.boot;

/**
 * The agent's options, from the text after {@code =} in {@code -javaagent:leaklab-agent.jar=...}.
 *
 * @param depth frames of the creator's stack the registry keeps per creation site (0: none)
 * @param prove proof mode: report virtual threads the GC collected before they ended
 * @param quiet no start-up line on standard error
 */
public record Options(int depth, boolean prove, boolean quiet) {
    static final int MAX_DEPTH = 256;

    public static final String HELP = """
            leaklab-agent: records who started every thread, virtual threads included.

            Usage:
              java -javaagent:/path/to/leaklab-agent.jar[=OPTION,OPTION...] ... -jar app.jar

            Options (comma-separated, after '='):
              depth=N   frames of the creator's stack kept per creation site in the in-process
                        registry (default 32, 0..256; 0 keeps no stack, only counts and creators).
                        The JFR event's stack depth is the recording's own (stackdepth=, default 64).
              prove     proof mode: a virtual thread the garbage collector frees before it ended was
                        blocked on something nothing can reach any more, so it could never run
                        again: a proven leak. Needs -Djdk.trackAllThreads=false (without it, the
                        JDK keeps every virtual thread reachable and nothing can be proven).
              quiet     no start-up line on standard error.

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

    static final Options DEFAULT = new Options(32, false, false);

    /** Parses "depth=16,prove"; throws IllegalArgumentException with a one-line message. */
    static Options parse(String args) {
        int depth = DEFAULT.depth;
        boolean prove = false, quiet = false;
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
                try {
                    depth = Integer.parseInt(n);
                } catch (NumberFormatException e) {
                    depth = -1;
                }
                if (depth < 0 || depth > MAX_DEPTH) {
                    throw new IllegalArgumentException("depth must be a whole number from 0 to " + MAX_DEPTH + ", not '" + n + "'");
                }
            } else {
                throw new IllegalArgumentException("unknown option '" + opt + "' (known: depth=N, prove, quiet)");
            }
        }
        return new Options(depth, prove, quiet);
    }
}

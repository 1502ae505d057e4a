package dev.leaklab.agent.boot;

/**
 * The agent's options, from the text after {@code =} in {@code -javaagent:leaklab-agent.jar=...}.
 *
 * @param depth frames of the creator's stack the registry keeps per creation site (0: none)
 * @param stackRate most creator stacks the registry captures per second ({@link #ALL}: no limit)
 * @param prove proof mode: report virtual threads the GC collected before they ended
 * @param quiet no start-up line on standard error
 */
public record Options(int depth, int stackRate, boolean prove, boolean quiet) {
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
              quiet     no start-up lines on standard error.

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

    static final Options DEFAULT = new Options(32, 1000, false, false);

    /** Parses "depth=16,prove"; throws IllegalArgumentException with a one-line message. */
    static Options parse(String args) {
        int depth = DEFAULT.depth, stackRate = -1;
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
            } else {
                throw new IllegalArgumentException("unknown option '" + opt + "' (known: depth=N, stack-rate=N|all, prove, quiet)");
            }
        }
        // a proven leak is only as useful as its site: proof mode keeps every stack unless told otherwise
        if (stackRate == -1) stackRate = prove ? ALL : DEFAULT.stackRate;
        return new Options(depth, stackRate, prove, quiet);
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

package dev.leaklab.profile;

import dev.leaklab.internal.dump.Frames;
import dev.leaklab.internal.io.Printable;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The grouped dump as text, the counterpart of pprof's {@code debug=1}: a header line, then one
 * block per stack group, largest first, with its count, thread kind, states, what it waits on,
 * its containers and thread names, and the stack.
 *
 * <pre>
 * 200 threads · virtual · WAITING · parked on java.util.concurrent.SynchronousQueue$Transferer
 *     container &lt;root&gt; · names leaklab-send-without-receiver-N
 *     ...
 * 72 threads · platform · WAITING · parked on ...$ConditionObject · java.util.concurrent.ThreadPoolExecutor (72 instances) · in ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1070)
 *     java.base/java.lang.VirtualThread.park(VirtualThread.java:742)
 *     ...
 * </pre>
 */
public final class ProfileText {

    static final String INDENT = "    ";

    private ProfileText() {
    }

    public static void write(ThreadProfile profile, PrintWriter out) {
        out.printf(Locale.ROOT, "threads: %d (platform %d, virtual %d) in %d stack groups · %s%n",
                profile.total(), profile.platform(), profile.virtual(), profile.groups().size(),
                profile.header().describe());
        out.print(profile.header().noteLine());
        for (StackGroup g : profile.groups()) {
            out.println();
            out.println(groupLine(g));
            out.println(INDENT + details(g));
            writeStack(g.stack(), out);
        }
    }

    /** {@code 200 threads · virtual · WAITING · parked on ...}. */
    public static String groupLine(StackGroup g) {
        var line = new StringBuilder().append(g.count()).append(g.count() == 1 ? " thread" : " threads");
        line.append(" · ").append(kind(g.platform(), g.virtual()));
        line.append(" · ").append(counts(g.states(), g.count()));
        if (!g.blockers().isEmpty()) {
            line.append(" · ").append(counts(g.blockers(), g.count()));
        }
        // no application frame: say whose threads they are, not only what they park on
        String pool = Frames.topApplicationFrame(g.stack()) == null ? g.poolHeadline() : null;
        if (pool != null) {
            line.append(" · ").append(Printable.escape(pool));
        }
        return line.toString();
    }

    /** {@code container <root> · names leaklab-send-without-receiver-N}. */
    static String details(StackGroup g) {
        var instances = new java.util.HashMap<String, Integer>();
        g.containerInstances().forEach(c -> instances.put(c.key(), c.n()));
        var containers = new StringBuilder();
        for (Count c : g.containers()) {
            if (!containers.isEmpty()) {
                containers.append(", ");
            }
            containers.append(Printable.escape(c.key()));
            if (g.containers().size() > 1) {
                containers.append(' ').append(c.n());
            }
            int n = instances.getOrDefault(c.key(), 1);
            if (n > 1) {
                containers.append(" (").append(n).append(" instances)");
            }
        }
        String label = g.containers().size() > 1 ? "containers " : "container ";
        return label + containers + " · names " + counts(g.names(), g.count());
    }

    public static void writeStack(List<String> stack, PrintWriter out) {
        if (stack.isEmpty()) {
            out.println(INDENT + "(no Java frames)");
        }
        for (String f : stack) {
            out.println(INDENT + Printable.escape(f));
        }
    }

    static String kind(int platform, int virtual) {
        if (virtual == 0) {
            return "platform";
        }
        return platform == 0 ? "virtual" : "platform " + platform + ", virtual " + virtual;
    }

    /** One key alone when it covers every thread; else {@code WAITING 150, TIMED_WAITING 50}. */
    public static String counts(List<Count> counts, int total) {
        if (counts.size() == 1 && counts.get(0).n() == total) {
            return Printable.escape(counts.get(0).key());
        }
        return counts.stream().map(c -> Printable.escape(c.key()) + " " + c.n()).collect(Collectors.joining(", "));
    }
}

package dev.leaklab.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.leaklab.dump.DumpedThread;
import dev.leaklab.dump.Frames;
import dev.leaklab.origins.Origin;
import dev.leaklab.profile.ProfileText;
import dev.leaklab.profile.StackGroup;
import dev.leaklab.profile.StackGroups;

/**
 * What one check found, and its message: per group of leaked threads with the same creation line
 * and the same stack, the count, kind, state, what they wait on, where they were created and the
 * stack they are in now, like {@code leaklab dump --debug 1}.
 *
 * @param stillAlive after {@link LeakAction#INTERRUPT_THEN_FAIL}, how many did not end; else null
 */
public record CheckResult(String what, Attribution attribution, ThreadLeaks.Options options, List<LeakedThread> leaks,
                          Integer stillAlive) {

    private static final System.Logger LOG = System.getLogger("dev.leaklab.check");

    public CheckResult {
        leaks = List.copyOf(leaks);
    }

    /** Frames shown per group; a leak's own code is near the top. */
    static final int MAX_FRAMES = 30;

    /** How the leaked threads were told from the others. */
    public enum Attribution {
        SCOPE("attributed by scope (leaklab agent): only threads started by this code, or by threads it started"),
        SNAPSHOT("attributed by snapshot (no leaklab agent): every thread started in this JVM while it ran counts,"
                + " a test running at the same time included; run with -javaagent:leaklab-agent.jar to count"
                + " only its own");

        final String text;

        Attribution(String text) {
            this.text = text;
        }
    }

    /** Whether nothing leaked. */
    public boolean isEmpty() {
        return leaks.isEmpty();
    }

    /** The leaked threads themselves. */
    public List<Thread> threads() {
        return leaks.stream().map(LeakedThread::thread).toList();
    }

    /**
     * Does what the options' action says with a non-empty result: {@link LeakAction#WARN} logs the
     * message (logger {@code dev.leaklab.check}, level WARNING), the others throw {@link ThreadLeakError}.
     */
    public void act() {
        if (isEmpty()) {
            return;
        }
        if (options.action() == LeakAction.WARN) {
            LOG.log(System.Logger.Level.WARNING, "leaklab: " + message());
            return;
        }
        throw new ThreadLeakError(message());
    }

    /** The report: per creation line and stack, the count, kind, state, creator and the stack now. */
    public String message() {
        var out = new StringBuilder();
        int n = leaks.size();
        out.append(n).append(n == 1 ? " thread" : " threads").append(" leaked by ").append(what);
        if (!options.linger().isZero()) {
            out.append(String.format(Locale.ROOT, " (still running %d ms after it ended)", options.linger().toMillis()));
        }
        out.append(" · ").append(attribution.text).append('\n');
        // One block per creation line (and "alive before" apart), then per stack within it.
        Map<String, List<LeakedThread>> bySite = new LinkedHashMap<>();
        for (LeakedThread l : leaks) {
            String site = l.creationLine();
            bySite.computeIfAbsent((l.older() ? "older " : "new ") + (site == null ? "" : site), k -> new ArrayList<>()).add(l);
        }
        for (List<LeakedThread> group : bySite.values()) {
            var groups = new StackGroups();
            for (LeakedThread l : group) {
                String container = l.origin().map(Origin::container).orElse("");
                groups.thread(new DumpedThread(Long.toString(l.thread().getId()), l.name(), l.virtual(), l.state(),
                        container == null ? "" : container, l.blocker(), l.stack()));
            }
            LeakedThread first = group.get(0);
            for (StackGroup g : groups.profile().groups()) {
                out.append('\n').append(ProfileText.groupLine(g)).append('\n');
                out.append("    ").append(created(first, g)).append('\n');
                out.append("    names ").append(ProfileText.counts(g.names(), g.count()));
                if (first.older()) {
                    out.append(" · alive before it started (ignoreCurrent = false)");
                }
                out.append('\n');
                List<String> stack = g.stack();
                if (stack.isEmpty()) {
                    out.append("    (no Java frames)\n");
                }
                for (int i = 0; i < Math.min(stack.size(), MAX_FRAMES); i++) {
                    out.append("    ").append(stack.get(i)).append('\n');
                }
                if (stack.size() > MAX_FRAMES) {
                    out.append("    ... ").append(stack.size() - MAX_FRAMES).append(" more frames\n");
                }
            }
        }
        if (stillAlive != null) {
            out.append(String.format(Locale.ROOT, "%ninterrupted %d: %d ended within %d ms, %d still running%n",
                    n, n - stillAlive, ThreadLeaks.INTERRUPT_GRACE.toMillis(), stillAlive));
        }
        return out.toString().stripTrailing();
    }

    private static String created(LeakedThread l, StackGroup g) {
        String line = l.creationLine();
        if (line != null) {
            var origin = l.origin().orElseThrow();
            String via = origin.site().isEmpty() || !LeakedThread.isJdk(origin.site().get(0))
                    ? "" : " via " + Ignores.method(LeakedThread.frame(origin.site().get(0)));
            String container = origin.container() == null || origin.container().equals("<root>")
                    ? "" : " · container " + Frames.withoutIdentityHash(origin.container());
            return "created at " + line + via + " by \"" + origin.creatorName() + "\"" + container;
        }
        String entry = Frames.taskEntry(g.stack());
        String unknown = l.origin().isPresent()
                ? "not recorded (the agent ran with depth=0, or above its stack-rate)" : "unknown without the leaklab agent";
        return "created at: " + unknown + (entry == null ? "" : " · its task began at " + entry);
    }
}

package dev.leaklab.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.leaklab.dump.DumpedThread;
import dev.leaklab.internal.dump.Frames;
import dev.leaklab.origins.Origin;
import dev.leaklab.profile.ProfileText;
import dev.leaklab.profile.StackGroup;
import dev.leaklab.profile.StackGroups;

/**
 * What one check found, and its message: per group of leaked threads with the same creation line
 * and the same stack, the count, kind, state, what they wait on, where they were created and the
 * stack they are in now, like {@code leaklab dump --debug 1}.
 *
 * <p>Beside the leaks, two kinds of threads that are not the checked code's leaks and only get a
 * quiet note ({@link #notes()}): those that ended within the linger, and those a static initializer
 * started, which live as long as their class (reported once per JVM, by the first check to see them).
 *
 * @param stillAlive    after {@link LeakAction#INTERRUPT_THEN_FAIL}, how many did not end; else null
 * @param ended         threads still running when the code returned that ended within the linger
 * @param classLifetime threads started by a static initializer, first seen by this check
 */
public record CheckResult(String what, Attribution attribution, ThreadLeaks.Options options, List<LeakedThread> leaks,
                          Integer stillAlive, List<EndedThread> ended, List<LeakedThread> classLifetime) {

    private static final System.Logger LOG = System.getLogger("dev.leaklab.check");

    public CheckResult {
        leaks = List.copyOf(leaks);
        ended = List.copyOf(ended);
        classLifetime = List.copyOf(classLifetime);
    }

    /** The same result with only these leaks (a subset, e.g. those a baseline does not know yet). */
    public CheckResult withLeaks(List<LeakedThread> only) {
        return new CheckResult(what, attribution, options, only, stillAlive, ended, classLifetime);
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
            if (!classLifetime.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "leaklab: " + notes());
            } else if (!ended.isEmpty()) {
                LOG.log(System.Logger.Level.DEBUG, () -> "leaklab: " + notes());
            }
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
                for (String hop : first.creators()) {
                    out.append("      ← ").append(hop).append('\n');
                }
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
        String notes = notes();
        if (!notes.isEmpty()) {
            out.append("\nNot leaks: ").append(notes);
        }
        return out.toString().stripTrailing();
    }

    /**
     * The quiet part: threads that ended within the linger ({@code ended within 12 ms after the
     * test}), and threads started by a static initializer. Empty when there are none.
     */
    public String notes() {
        var out = new StringBuilder();
        if (!ended.isEmpty()) {
            int n = ended.size();
            out.append(String.format(Locale.ROOT, "%d %s ended within %d ms after %s ended (waited for, not leaks)%n",
                    n, n == 1 ? "thread" : "threads", ended.get(n - 1).withinMillis(), what));
            for (EndedThread e : ended) {
                out.append(String.format(Locale.ROOT, "    ended within %d ms · %s · %s%s%n", e.withinMillis(),
                        e.virtual() ? "virtual" : "platform", e.name(), where(e.site())));
            }
        }
        for (LeakedThread l : classLifetime) {
            out.append(String.format(Locale.ROOT, "1 class-lifetime thread, started by the static initializer of %s:"
                    + " it lives as long as the class, whichever code touched the class first (%s); reported once,"
                    + " not as a leak%n    %s · %s%s%n", l.initializer(), what, l.virtual() ? "virtual" : "platform",
                    l.name(), where(l.site())));
        }
        return out.toString().stripTrailing();
    }

    /** {@code " · created at <line>"}, {@code " · task began at <frame>"} ({@link LeakedThread#site()}), or nothing. */
    private static String where(String site) {
        return site == null ? "" : site.startsWith("task began at ") ? " · " + site : " · created at " + site;
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

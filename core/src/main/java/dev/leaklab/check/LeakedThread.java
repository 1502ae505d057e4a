package dev.leaklab.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

import dev.leaklab.internal.census.VirtualThreads;
import dev.leaklab.internal.dump.Frames;
import dev.leaklab.origins.Origin;
import dev.leaklab.origins.ThreadOrigins;

/**
 * One leaked thread as seen when it was found: its stack then (top frame first, as
 * {@link StackTraceElement#toString()} writes it), and who started it when the agent knows.
 *
 * @param older    whether it was alive before the watch started (reported only with {@code ignoreCurrent} off)
 * @param creators with the agent, when a thread other than the watched one started it (a library's
 *                 own thread, say): its creator, that one's creator and so on, each as
 *                 {@code by thread "name" · created at <line>}, down to the one the watched code
 *                 started; for a thread the watched code started inside a library's call,
 *                 {@code called from <the watched class's frame>}; empty without the agent
 */
public record LeakedThread(Thread thread, String name, boolean virtual, String state, String blocker, List<String> stack,
            Optional<Origin> origin, boolean older, List<String> creators) {

    /** How many creating threads a chain follows at most: enough for a client's dispatcher and its pools. */
    static final int MAX_CREATORS = 8;

    public LeakedThread {
        creators = List.copyOf(creators);
    }

    static LeakedThread of(Thread t, boolean older, long watcherId, String home) {
        StackTraceElement[] frames = t.getStackTrace();
        var stack = new ArrayList<String>(frames.length);
        for (StackTraceElement f : frames) {
            stack.add(frame(f));
        }
        Object blocker = LockSupport.getBlocker(t);
        Optional<Origin> origin = ThreadOrigins.of(t);
        return new LeakedThread(t, t.getName(), VirtualThreads.isVirtual(t), t.getState().name(),
                blocker == null ? null : "parked on " + blocker.getClass().getName(),
                List.copyOf(stack), origin, older, creators(origin, watcherId, home));
    }

    /**
     * Follows the creating threads, while they live and the agent saw them start, until the one
     * the watching thread started (the harness's {@code leaks} does the same from a recording).
     * Where that one's line is a library's, the chain goes on in its stack down to the frame of
     * {@code home} (the test class, say) that called the library.
     */
    private static List<String> creators(Optional<Origin> origin, long watcherId, String home) {
        var chain = new ArrayList<String>();
        long creator = origin.map(Origin::creatorId).orElse(-1L);
        if (creator == watcherId) {
            // Started by the watched code itself, maybe inside a library call: the call is the test's line.
            String at = homeFrame(origin.get().site(), home);
            return at == null ? List.of() : List.of("called from " + at);
        }
        while (creator >= 0 && creator != watcherId && chain.size() < MAX_CREATORS) {
            Optional<Origin> up = ThreadOrigins.ofId(creator);
            if (up.isEmpty()) {
                break;
            }
            String line = line(up.get().site());
            if (up.get().creatorId() == watcherId) {
                line = downTo(up.get().site(), line, home);
            }
            chain.add("by thread \"" + up.get().name() + "\"" + (line == null ? "" : " · created at " + line));
            if (up.get().creatorId() == creator) {
                break;
            }
            creator = up.get().creatorId();
        }
        return chain;
    }

    /** The creating code's stack, innermost first; empty without the agent. */
    public List<StackTraceElement> creationStack() {
        return origin.map(Origin::site).orElse(List.of());
    }

    /** The line that started it: the first frame of the creation stack outside the JDK, or null. */
    public String creationLine() {
        return line(creationStack());
    }

    /** {@code line ← ... ← <home's frame>}, or the line alone when home is not in the stack or is the line. */
    private static String downTo(List<StackTraceElement> site, String line, String home) {
        String at = homeFrame(site, home);
        return at == null ? line : line + CHAIN + at;
    }

    /**
     * The frame of {@code home} below the stack's first frame outside the JDK ({@code "... ← "}
     * before it when frames lie between), or null: none, or that first frame is home's own.
     */
    private static String homeFrame(List<StackTraceElement> site, String home) {
        if (home == null) {
            return null;
        }
        int first = -1;
        for (int i = 0; i < site.size(); i++) {
            StackTraceElement f = site.get(i);
            if (first < 0 && !isJdk(f)) {
                first = i;
            }
            if (f.getClassName().equals(home) || f.getClassName().startsWith(home + "$")) {
                return i == first ? null : (i > first + 1 ? "..." + CHAIN : "") + frame(f);
            }
        }
        return null;
    }

    private static final String CHAIN = " \u2190 ";

    private static String line(List<StackTraceElement> site) {
        for (StackTraceElement f : site) {
            if (!isJdk(f)) {
                return frame(f);
            }
        }
        return site.isEmpty() ? null : frame(site.get(0));
    }

    /**
     * Where it came from, for grouping and summaries: the creation line when the agent recorded it,
     * else {@code "task began at <frame>"} (the bottom-most frame of application code in its own
     * stack), else null.
     */
    public String site() {
        String line = creationLine();
        if (line != null) {
            return line;
        }
        String entry = Frames.taskEntry(stack);
        return entry == null ? null : "task began at " + entry;
    }

    /**
     * The class whose static initializer started this thread, or null: such a thread lives as long
     * as its class, whichever test happened to touch the class first. With the agent, the innermost
     * {@code <clinit>} frame of the creation stack; without it, a task that is a lambda written in a
     * static initializer (javac names those {@code lambda$static$N}), the one hint the thread's own
     * stack gives.
     */
    public String initializer() {
        List<StackTraceElement> site = creationStack();
        if (!site.isEmpty()) {
            for (StackTraceElement f : site) {
                if (f.getMethodName().equals("<clinit>")) {
                    return f.getClassName();
                }
            }
            return null;
        }
        String entry = Frames.taskEntry(stack);
        if (entry == null) {
            return null;
        }
        String m = Ignores.method(entry);
        int dot = m.lastIndexOf('.');
        return dot > 0 && m.startsWith("lambda$static$", dot + 1) ? m.substring(0, dot) : null;
    }

    /**
     * A frame as the JDK's thread dumps write it: with its module for named modules
     * ({@code java.base/java.lang.Thread.run(Thread.java:1474)}), without the class loader's name.
     */
    static String frame(StackTraceElement f) {
        var sb = new StringBuilder();
        if (f.getModuleName() != null) {
            sb.append(f.getModuleName()).append('/');
        }
        sb.append(f.getClassName()).append('.').append(f.getMethodName()).append('(');
        if (f.isNativeMethod()) {
            sb.append("Native Method");
        } else if (f.getFileName() == null) {
            sb.append("Unknown Source");
        } else {
            sb.append(f.getFileName());
            if (f.getLineNumber() >= 0) {
                sb.append(':').append(f.getLineNumber());
            }
        }
        return sb.append(')').toString();
    }

    static boolean isJdk(StackTraceElement f) {
        String m = f.getModuleName();
        return m != null && (m.startsWith("java.") || m.startsWith("jdk."));
    }
}

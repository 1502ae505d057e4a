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
 * @param older whether it was alive before the watch started (reported only with {@code ignoreCurrent} off)
 */
public record LeakedThread(Thread thread, String name, boolean virtual, String state, String blocker, List<String> stack,
            Optional<Origin> origin, boolean older) {

    static LeakedThread of(Thread t, boolean older) {
        StackTraceElement[] frames = t.getStackTrace();
        var stack = new ArrayList<String>(frames.length);
        for (StackTraceElement f : frames) {
            stack.add(frame(f));
        }
        Object blocker = LockSupport.getBlocker(t);
        return new LeakedThread(t, t.getName(), VirtualThreads.isVirtual(t), t.getState().name(),
                blocker == null ? null : "parked on " + blocker.getClass().getName(),
                List.copyOf(stack), ThreadOrigins.of(t), older);
    }

    /** The creating code's stack, innermost first; empty without the agent. */
    public List<StackTraceElement> creationStack() {
        return origin.map(Origin::site).orElse(List.of());
    }

    /** The line that started it: the first frame of the creation stack outside the JDK, or null. */
    public String creationLine() {
        for (StackTraceElement f : creationStack()) {
            if (!isJdk(f)) {
                return frame(f);
            }
        }
        return creationStack().isEmpty() ? null : frame(creationStack().get(0));
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

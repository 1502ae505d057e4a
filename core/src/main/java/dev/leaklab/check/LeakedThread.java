package dev.leaklab.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

import dev.leaklab.census.VirtualThreads;
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

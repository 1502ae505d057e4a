package dev.leaklab.profile;

import dev.leaklab.internal.dump.Frames;

import java.util.List;

/**
 * Threads with an identical stack: the unit of the pprof {@code debug=1} view.
 *
 * @param containers thread-container kinds (identity hash removed) with their thread counts
 * @param containerInstances for each kind in {@code containers}, how many distinct containers the
 *                           threads were in (many executors with one thread each is a leak too)
 */
public record StackGroup(List<String> stack, int count, int platform, int virtual, List<Count> states,
                         List<Count> containers, List<Count> containerInstances, List<Count> blockers,
                         List<Count> names) {

    /**
     * The first frame of application code from the top; without one, the pool or container the
     * threads are in and the pool's frame they wait in ({@link #poolHeadline()}); else the top frame.
     */
    public String headline() {
        String f = Frames.topApplicationFrame(stack);
        if (f != null) {
            return f;
        }
        String pool = poolHeadline();
        return pool != null ? pool : stack.isEmpty() ? "(no Java frames)" : stack.get(0);
    }

    /**
     * For threads of a pool or other container ({@code <root>} is none):
     * {@code java.util.concurrent.ThreadPoolExecutor (72 instances) · in ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1070)}:
     * the container's kind, how many of them, and the pool's own frame the threads wait in (the first
     * frame that is not parking, locking or a queue's); null for threads in no container. A group of
     * idle workers then reads as its pool, not as {@code Unsafe.park(Native Method)}.
     */
    public String poolHeadline() {
        String kind = null;
        int threads = 0;
        for (Count c : containers) {
            if (!c.key().equals("<root>") && c.n() > threads) {
                kind = c.key();
                threads = c.n();
            }
        }
        if (kind == null) {
            return null;
        }
        if (kind.startsWith("(")) { // "(none in a text dump)": a dump without containers names the pool's frame alone
            return poolFrame(stack);
        }
        int instances = 1;
        for (Count c : containerInstances) {
            if (c.key().equals(kind)) instances = c.n();
        }
        var line = new StringBuilder(kind);
        if (instances > 1) {
            line.append(" (").append(instances).append(" instances)");
        }
        String in = poolFrame(stack);
        if (in != null) {
            line.append(" · in ").append(in);
        }
        return line.toString();
    }

    /** The first frame that is not parking, waiting, a lock's or a queue's, as {@code ThreadPoolExecutor.getTask(...)}. */
    static String poolFrame(List<String> stack) {
        for (String frame : stack) {
            String f = frame.substring(frame.indexOf('/') + 1); // without the module
            int paren = f.indexOf('(');
            String method = paren < 0 ? f : f.substring(0, paren);
            int lastDot = method.lastIndexOf('.');
            String cls = lastDot < 0 ? method : method.substring(0, lastDot);
            boolean waiting = cls.startsWith("jdk.internal.") || cls.startsWith("java.util.concurrent.locks.")
                    || cls.equals("java.lang.Object") || cls.equals("java.lang.Thread") || cls.equals("java.lang.VirtualThread")
                    || cls.contains("Queue") || cls.contains("Exchanger")
                    || method.endsWith("ForkJoinPool.managedBlock") || method.endsWith("ForkJoinPool.unmanagedBlock"); // JDK 17's await
            if (!waiting) {
                return f.substring(cls.lastIndexOf('.') + 1);
            }
        }
        return null;
    }
}

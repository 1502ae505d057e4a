package dev.leaklab.profile;

import dev.leaklab.internal.dump.Frames;

import java.util.List;

/**
 * Threads with an identical stack: the unit of the pprof {@code debug=1} view.
 *
 * @param containers thread-container kinds (identity hash removed) with their thread counts
 * @param containerInstances for each kind in {@code containers}, how many distinct containers the
 *                           threads were in (many executors with one thread each is a leak too)
 * @param creators where the threads were created, by the rule {@code leaklab leaks} follows, when
 *                 the leaklab agent told (the debug endpoint's dumps); empty when nothing did
 */
public record StackGroup(List<String> stack, int count, int platform, int virtual, List<Count> states,
                         List<Count> containers, List<Count> containerInstances, List<Count> blockers,
                         List<Count> names, List<Count> creators) {

    /** A group whose creators nothing recorded (a dump file). */
    public StackGroup(List<String> stack, int count, int platform, int virtual, List<Count> states,
                      List<Count> containers, List<Count> containerInstances, List<Count> blockers, List<Count> names) {
        this(stack, count, platform, virtual, states, containers, containerInstances, blockers, names, List.of());
    }

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
     * {@code created at com.acme.Orders.enrich(Orders.java:41)}: where the group's threads were
     * created, when known, the largest creation site (and how many others); null when not known.
     */
    public String createdAt() {
        if (creators.isEmpty()) {
            return null;
        }
        String site = creators.get(0).key();
        return "created at " + site + (creators.size() > 1 ? " (" + creators.get(0).n() + "; " + (creators.size() - 1)
                + (creators.size() == 2 ? " other site)" : " other sites)") : "");
    }

    /**
     * For threads of a pool or other container ({@code <root>} is none):
     * {@code java.util.concurrent.ThreadPoolExecutor (72 instances) · in ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1070)}:
     * the container's kind, how many of them, the pool's own frame the threads wait in (the first
     * frame that is not parking, locking or a queue's), and where the threads were created when that is
     * known ({@link #createdAt()}); null for threads in no container. A group of
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
        String created = createdAt();
        if (kind.startsWith("(")) { // "(none in a text dump)": a dump without containers names the pool's frame alone
            String frame = poolFrame(stack);
            return created == null || frame == null ? frame : frame + " · " + created;
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
        if (created != null) {
            line.append(" · ").append(created);
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

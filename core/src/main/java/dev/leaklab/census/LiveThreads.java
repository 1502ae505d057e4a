package dev.leaklab.census;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import jdk.internal.vm.ThreadContainer;
import jdk.internal.vm.ThreadContainers;

/**
 * The JVM's own view of its live threads, virtual threads included.
 *
 * <p>{@code ThreadMXBean} and {@code Thread.getAllStackTraces()} see platform threads only. The
 * JDK's thread containers see both: the root container holds every platform thread and (with
 * {@code jdk.trackAllThreads}, the default) every virtual thread started directly, and each
 * {@code newThreadPerTaskExecutor} or structured scope is a child container holding its own
 * threads. Walking that tree is what {@code jcmd Thread.dump_to_file} does, minus the stacks.
 * It needs {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} (the leaklab jar's
 * manifest carries it).
 *
 * <p>A census splits the live threads into three sets, each known exactly rather than guessed:
 * <ul>
 *   <li><b>jvm</b>: platform threads outside the {@code main} thread group, i.e. in
 *       {@code system} or its other children (Reference Handler, Common-Cleaner, JFR, the
 *       virtual-thread scheduler's carrier threads, ...);</li>
 *   <li><b>tool</b>: threads leaklab registered as its own (samplers, fake remote peers, the debug
 *       endpoint's handlers), by identity;</li>
 *   <li><b>application</b>: everything else, i.e. main and whatever the application started.</li>
 * </ul>
 */
public final class LiveThreads {

    private static final Set<Thread> TOOL = ConcurrentHashMap.newKeySet();
    private static final ThreadGroup MAIN_GROUP = mainGroup();
    /** Platform threads at the last census: the next one's first guess (see platformThreads). */
    private static volatile int lastPlatformCount;
    /** Off where a structured task scope could hide threads from the containers' counts. */
    static final boolean FAST_PATH = !previewEnabled();

    private LiveThreads() {
    }

    /** One reading of the live threads. */
    public record Census(int appPlatform, int appVirtual, int jvmPlatform, int tool) {
        /** Application threads: main plus what the application started, the Go guide's "goroutines". */
        public int app() {
            return appPlatform + appVirtual;
        }

        /** Every live thread the JVM knows of. */
        public int total() {
            return app() + jvmPlatform + tool;
        }
    }

    /**
     * Marks a thread as the tool's own (leaklab's, or a test fixture standing for another process),
     * so it never counts as application work. The thread leaves the set when it is no longer alive.
     */
    public static Thread registerToolThread(Thread thread) {
        TOOL.add(thread);
        return thread;
    }

    /** Whether the thread was registered as the tool's own ({@link #registerToolThread}). */
    public static boolean isToolThread(Thread thread) {
        return TOOL.contains(thread);
    }

    /** A piece of set-up code that may fail. */
    @FunctionalInterface
    public interface SetUp<T> {
        T call() throws Exception;
    }

    /**
     * Runs {@code setUp} and registers as the tool's every platform thread of the main group
     * that it started: used for fixtures that stand for another process (a hanging remote server),
     * whose threads a library starts without asking for ours. Call it while no scenario work runs.
     */
    public static <T> T adoptThreadsStartedBy(SetUp<T> setUp) throws Exception {
        Set<Thread> before = appPlatformThreads();
        T result = setUp.call();
        for (Thread t : appPlatformThreads()) {
            if (!before.contains(t)) {
                registerToolThread(t);
            }
        }
        return result;
    }

    private static Set<Thread> appPlatformThreads() {
        var set = new java.util.HashSet<Thread>();
        allThreads().filter(t -> !t.isVirtual() && !isJvmThread(t)).forEach(set::add);
        return set;
    }

    /**
     * True when {@code jdk.internal.vm} is exported to this code ({@code --add-exports
     * java.base/jdk.internal.vm=ALL-UNNAMED}, or the jar manifest's {@code Add-Exports}); without
     * it {@link #census()} and {@link #allThreads()} fail with {@link IllegalAccessError}.
     */
    public static boolean available() {
        return Thread.class.getModule().isExported("jdk.internal.vm", LiveThreads.class.getModule());
    }

    /**
     * Takes one census. Platform threads (a few dozen to a few thousand) are looked at one by
     * one; virtual threads are counted from the containers' own counts, so the cost of a reading
     * does not grow with the number of virtual threads in the root container or in a
     * thread-per-task executor. The numbers are those of {@link #walkCensus()}, which looks at
     * every thread.
     *
     * <p>Why the containers' counts are enough: without {@code --enable-preview} no structured
     * task scope can exist, so every container is either the root or one an executor registered
     * with the JDK (thread-per-task executors, thread pools, fork/join pools, the I/O pollers'
     * executor), and each of those keeps a count or a set of its threads (a thread pool's container
     * counts its virtual threads by asking each whether it is alive). With preview features
     * on, scopes owned by a thread are found only by looking at every thread, and this falls back
     * to {@link #walkCensus()}; it does the same if the JDK's container tree ever changes shape.
     */
    public static Census census() {
        Census fast = FAST_PATH ? containerCensus() : null;
        return fast != null ? fast : walkCensus();
    }

    /**
     * Takes one census by looking at every live thread in the JVM's thread-container tree: exact
     * and simple, but its cost grows with the number of threads. {@link #census()} gives the same numbers without the per-thread look.
     */
    public static Census walkCensus() {
        TOOL.removeIf(t -> t.getState() == Thread.State.TERMINATED);
        int appPlatform = 0, appVirtual = 0, jvm = 0, tool = 0;
        for (var it = allThreads().iterator(); it.hasNext(); ) {
            Thread t = it.next();
            if (!t.isAlive()) {
                continue;
            }
            if (TOOL.contains(t)) {
                tool++;
            } else if (t.isVirtual()) {
                appVirtual++;
            } else if (isJvmThread(t)) {
                jvm++;
            } else {
                appPlatform++;
            }
        }
        return new Census(appPlatform, appVirtual, jvm, tool);
    }

    /**
     * The census from the containers' counts, or null when the root's children could not be had
     * without a per-thread look (a JDK whose tree is built differently).
     */
    static Census containerCensus() {
        TOOL.removeIf(t -> t.getState() == Thread.State.TERMINATED);
        ThreadContainer root = ThreadContainers.root();
        // The root's children() is registered containers first, then the scopes owned by each of
        // the root's threads: a per-thread look that this census exists to avoid. The stream is a
        // Stream.concat, whose first split is exactly the first part.
        Spliterator<ThreadContainer> registered = root.children().spliterator().trySplit();
        if (registered == null) {
            return null;
        }
        var containers = new IdentityHashMap<ThreadContainer, int[]>(); // container -> its platform threads seen
        containers.put(root, new int[1]);
        registered.forEachRemaining(c -> containers.put(c, new int[1]));

        int appPlatform = 0, jvm = 0, tool = 0;
        for (Thread t : platformThreads()) {
            int[] platformIn = t.isAlive() ? containers.get(containerOf(t)) : null;
            if (platformIn == null) {
                continue; // ended, or in a container the walk does not reach (closed with threads left)
            }
            platformIn[0]++;
            if (TOOL.contains(t)) {
                tool++;
            } else if (isJvmThread(t)) {
                jvm++;
            } else {
                appPlatform++;
            }
        }
        long virtual = 0;
        for (var e : containers.entrySet()) {
            ThreadContainer c = e.getKey();
            if (c == root && !ThreadContainers.trackAllThreads()) {
                continue; // the root then only counts its virtual threads, and the walk cannot see them
            }
            virtual += Math.max(0, c.threadCount() - e.getValue()[0]);
        }
        for (Thread t : TOOL) {
            if (t.isVirtual() && t.isAlive()) {
                ThreadContainer c = containerOf(t);
                if (containers.containsKey(c) && (c != root || ThreadContainers.trackAllThreads())) {
                    tool++;
                    virtual--;
                }
            }
        }
        return new Census(appPlatform, (int) Math.max(0, virtual), jvm, tool);
    }

    /**
     * Every live platform thread: each belongs to a thread group, virtual threads to none that lists
     * them. Each {@code enumerate} (and each {@code activeCount}) is a pass over every thread of the
     * JVM, so the array is sized from the last reading instead of by a counting pass.
     */
    private static Thread[] platformThreads() {
        ThreadGroup system = MAIN_GROUP.getParent();
        int size = lastPlatformCount + 64;
        while (true) {
            var threads = new Thread[size];
            int n = system.enumerate(threads, true);
            if (n < threads.length) {
                lastPlatformCount = n;
                return Arrays.copyOf(threads, n);
            }
            size *= 2;
        }
    }

    private static ThreadContainer containerOf(Thread t) {
        try {
            return ThreadContainers.container(t);
        } catch (IllegalStateException notStarted) {
            return null;
        }
    }

    private static boolean previewEnabled() {
        try {
            return ManagementFactory.getRuntimeMXBean().getInputArguments().contains("--enable-preview");
        } catch (RuntimeException | LinkageError noManagement) {
            return true; // cannot tell: take the walk, which is always right
        }
    }

    /** Every live thread, from the root container down through its descendants. */
    public static Stream<Thread> allThreads() {
        return containers(ThreadContainers.root()).flatMap(ThreadContainer::threads);
    }

    private static Stream<ThreadContainer> containers(ThreadContainer c) {
        return Stream.concat(Stream.of(c), c.children().flatMap(LiveThreads::containers));
    }

    /**
     * True for the JVM's own platform threads: those outside the "main" thread group, in "system"
     * or its other children (Reference Handler, Common-Cleaner, JFR, the virtual-thread scheduler's
     * carriers). Virtual threads are never the JVM's by this test.
     */
    public static boolean isJvmThread(Thread t) {
        for (ThreadGroup g = t.getThreadGroup(); g != null; g = g.getParent()) {
            if (g == MAIN_GROUP) {
                return false;
            }
        }
        return true;
    }

    private static ThreadGroup mainGroup() {
        ThreadGroup system = Thread.currentThread().getThreadGroup();
        while (system.getParent() != null) {
            system = system.getParent();
        }
        var groups = new ThreadGroup[64];
        int n = system.enumerate(groups, false);
        for (int i = 0; i < n; i++) {
            if (groups[i].getName().equals("main")) {
                return groups[i];
            }
        }
        return system; // no "main" group (an embedded JVM): every platform thread counts as the application's
    }
}

package dev.leaklab.census;

import java.util.Set;
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

    /** Takes one census by walking the JVM's thread-container tree. */
    public static Census census() {
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

    /** Every live thread, from the root container down through its descendants. */
    public static Stream<Thread> allThreads() {
        return containers(ThreadContainers.root()).flatMap(ThreadContainer::threads);
    }

    private static Stream<ThreadContainer> containers(ThreadContainer c) {
        return Stream.concat(Stream.of(c), c.children().flatMap(LiveThreads::containers));
    }

    /** JVM threads live outside the "main" thread group: in "system" or its other children. */
    private static boolean isJvmThread(Thread t) {
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
        throw new IllegalStateException("the JVM has no \"main\" thread group");
    }
}

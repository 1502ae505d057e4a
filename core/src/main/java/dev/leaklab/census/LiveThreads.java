package dev.leaklab.census;

import dev.leaklab.internal.census.VirtualThreads;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The JVM's own view of its live threads, virtual threads included.
 *
 * <p>{@code ThreadMXBean} and {@code Thread.getAllStackTraces()} see platform threads only. The
 * JDK's thread containers see both: the root container holds every platform thread and (with
 * {@code jdk.trackAllThreads}, the default) every virtual thread started directly, and each
 * {@code newThreadPerTaskExecutor} or structured scope is a child container holding its own
 * threads. Walking that tree is what {@code jcmd Thread.dump_to_file} does, minus the stacks.
 * It needs {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} at run time (the leaklab
 * jar's manifest carries it for {@code java -jar}); the containers are reached through method
 * handles looked up once, so the library itself compiles for Java 17.
 *
 * <p>Where the containers cannot be had, the census walks the thread groups, which hold every
 * platform thread: exact on Java 17 (no virtual threads exist there), platform threads only on
 * 21+ without the flag. Either is said once through {@link System.Logger}, never thrown at the
 * application.
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
    private static final System.Logger LOG = System.getLogger("dev.leaklab");
    private static final AtomicBoolean SAID_PLATFORM_ONLY = new AtomicBoolean();

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
     * Runs {@code setUp} and registers as the tool's every platform thread that it started: used
     * for the tool's own servers and clients, and for fixtures that stand for another process (a
     * hanging remote server), whose threads a library starts without asking for ours.
     *
     * <p>{@code setUp} runs on a short-lived thread of a thread group of its own, and only the
     * threads of that group are adopted: a library's thread joins its creator's group, while a
     * thread the application starts at the same time (its {@code main} racing an agent that starts
     * the debug endpoint) does not, and stays the application's.
     */
    public static <T> T adoptThreadsStartedBy(SetUp<T> setUp) throws Exception {
        var group = new ThreadGroup(Thread.currentThread().getThreadGroup(), "leaklab-setup");
        var result = new Object[1];
        var failure = new Throwable[1];
        var runner = new Thread(group, () -> {
            try {
                result[0] = setUp.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "leaklab-setup");
        runner.setDaemon(true);
        registerToolThread(runner).start();
        boolean interrupted = false;
        while (true) {
            try {
                runner.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // set-up is short: finish it, then say so
            }
        }
        for (Thread t : platformThreads()) {
            if (inGroup(t, group)) {
                registerToolThread(t);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] instanceof Exception e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    private static boolean inGroup(Thread t, ThreadGroup group) {
        for (ThreadGroup g = t.getThreadGroup(); g != null; g = g.getParent()) {
            if (g == group) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@link #census()} and {@link #allThreads()} see every live thread: on 21+ when
     * {@code jdk.internal.vm} is exported to this code ({@code --add-exports
     * java.base/jdk.internal.vm=ALL-UNNAMED}, or the jar manifest's {@code Add-Exports}); always
     * on a JDK without virtual threads, whose thread groups hold every thread. When false, both
     * still answer, with platform threads only.
     */
    public static boolean available() {
        return !VirtualThreads.supported() || Containers.ROOT != null;
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
        Census fast = FAST_PATH && Containers.ROOT != null ? containerCensus() : null;
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
            } else if (VirtualThreads.isVirtual(t)) {
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
        Object root = Containers.root();
        // The root's children() is registered containers first, then the scopes owned by each of
        // the root's threads: a per-thread look that this census exists to avoid. The stream is a
        // Stream.concat, whose first split is exactly the first part.
        Spliterator<Object> registered = Containers.children(root).spliterator().trySplit();
        if (registered == null) {
            return null;
        }
        var containers = new IdentityHashMap<Object, int[]>(); // container -> its platform threads seen
        containers.put(root, new int[1]);
        registered.forEachRemaining(c -> containers.put(c, new int[1]));

        int appPlatform = 0, jvm = 0, tool = 0;
        for (Thread t : platformThreads()) {
            int[] platformIn = t.isAlive() ? containers.get(Containers.of(t)) : null;
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
        boolean trackAll = Containers.trackAllThreads();
        long virtual = 0;
        for (var e : containers.entrySet()) {
            Object c = e.getKey();
            if (c == root && !trackAll) {
                continue; // the root then only counts its virtual threads, and the walk cannot see them
            }
            virtual += Math.max(0, Containers.threadCount(c) - e.getValue()[0]);
        }
        for (Thread t : TOOL) {
            if (VirtualThreads.isVirtual(t) && t.isAlive()) {
                Object c = Containers.of(t);
                if (containers.containsKey(c) && (c != root || trackAll)) {
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

    private static boolean previewEnabled() {
        try {
            return ManagementFactory.getRuntimeMXBean().getInputArguments().contains("--enable-preview");
        } catch (RuntimeException | LinkageError noManagement) {
            return true; // cannot tell: take the walk, which is always right
        }
    }

    /**
     * Every live thread, from the root container down through its descendants; where the
     * containers cannot be had, every platform thread (see {@link #available()}).
     */
    public static Stream<Thread> allThreads() {
        if (Containers.ROOT == null) {
            sayPlatformOnlyOnce();
            return Arrays.stream(platformThreads());
        }
        return containers(Containers.root()).flatMap(Containers::threads);
    }

    private static Stream<Object> containers(Object c) {
        return Stream.concat(Stream.of(c), Containers.children(c).flatMap(LiveThreads::containers));
    }

    private static void sayPlatformOnlyOnce() {
        if (!VirtualThreads.supported()) {
            VirtualThreads.sayNoneOnce();
        } else if (SAID_PLATFORM_ONLY.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "leaklab: the live-thread census sees platform threads only"
                    + " (" + Containers.WHY_NOT + "); run the JVM with --add-exports java.base/jdk.internal.vm=ALL-UNNAMED"
                    + " for the full count, virtual threads included");
        }
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

    /**
     * The JDK's thread containers ({@code jdk.internal.vm.ThreadContainers}, Java 21+) through
     * method handles looked up once; every handle is null when they cannot be had (Java 17, or
     * {@code jdk.internal.vm} not exported to us), and {@link #WHY_NOT} says why.
     */
    private static final class Containers {
        static final MethodHandle ROOT, CHILDREN, THREADS, THREAD_COUNT, CONTAINER_OF, TRACK_ALL;
        static final String WHY_NOT;

        static {
            MethodHandle root = null, children = null, threads = null, threadCount = null, containerOf = null, trackAll = null;
            String whyNot = null;
            if (!VirtualThreads.supported()) {
                whyNot = "Java " + Runtime.version().feature() + " has no virtual threads";
            } else if (!Thread.class.getModule().isExported("jdk.internal.vm", LiveThreads.class.getModule())) {
                whyNot = "java.base does not export jdk.internal.vm to leaklab";
            } else {
                try {
                    var lookup = MethodHandles.lookup();
                    Class<?> containers = Class.forName("jdk.internal.vm.ThreadContainers");
                    Class<?> container = Class.forName("jdk.internal.vm.ThreadContainer");
                    root = lookup.findStatic(containers, "root", MethodType.methodType(container))
                            .asType(MethodType.methodType(Object.class));
                    containerOf = lookup.findStatic(containers, "container", MethodType.methodType(container, Thread.class))
                            .asType(MethodType.methodType(Object.class, Thread.class));
                    trackAll = lookup.findStatic(containers, "trackAllThreads", MethodType.methodType(boolean.class));
                    children = lookup.findVirtual(container, "children", MethodType.methodType(Stream.class))
                            .asType(MethodType.methodType(Stream.class, Object.class));
                    threads = lookup.findVirtual(container, "threads", MethodType.methodType(Stream.class))
                            .asType(MethodType.methodType(Stream.class, Object.class));
                    threadCount = lookup.findVirtual(container, "threadCount", MethodType.methodType(long.class))
                            .asType(MethodType.methodType(long.class, Object.class));
                    Object probe = (Object) root.invokeExact(); // fails here, not in a census, if it cannot be called
                    assert probe != null;
                } catch (Throwable e) {
                    whyNot = "the JDK's thread containers cannot be reached: " + e;
                    root = null;
                }
            }
            ROOT = root;
            CHILDREN = children;
            THREADS = threads;
            THREAD_COUNT = threadCount;
            CONTAINER_OF = containerOf;
            TRACK_ALL = trackAll;
            WHY_NOT = whyNot;
        }

        static Object root() {
            try {
                return (Object) ROOT.invokeExact();
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        @SuppressWarnings("unchecked")
        static Stream<Object> children(Object container) {
            try {
                return (Stream<Object>) (Stream<?>) CHILDREN.invokeExact(container);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        @SuppressWarnings("unchecked")
        static Stream<Thread> threads(Object container) {
            try {
                return (Stream<Thread>) (Stream<?>) THREADS.invokeExact(container);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        static long threadCount(Object container) {
            try {
                return (long) THREAD_COUNT.invokeExact(container);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        /** The thread's container, or null for a thread not started yet. */
        static Object of(Thread t) {
            try {
                return (Object) CONTAINER_OF.invokeExact(t);
            } catch (IllegalStateException notStarted) {
                return null;
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        static boolean trackAllThreads() {
            try {
                return (boolean) TRACK_ALL.invokeExact();
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        private static RuntimeException rethrow(Throwable e) {
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e); // the JDK's methods declare no checked exception
        }
    }
}

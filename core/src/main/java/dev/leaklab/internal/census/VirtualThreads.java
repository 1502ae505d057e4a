package dev.leaklab.internal.census;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Virtual threads where the running JDK has them (21+), nothing where it has not (17): leaklab's
 * libraries are built for Java 17, so every virtual-thread call goes through a method handle
 * looked up once (static finals, which the JIT inlines like a direct call).
 */
public final class VirtualThreads {

    private static final System.Logger LOG = System.getLogger("dev.leaklab");
    /** {@code Thread.isVirtual()}, or null before 21. */
    private static final MethodHandle IS_VIRTUAL;
    /** {@code Thread.ofVirtual()}, returning the builder as an Object, or null before 21. */
    private static final MethodHandle OF_VIRTUAL;
    /** {@code Thread.Builder.name(String, long)} and {@code factory()}, on Objects. */
    private static final MethodHandle NAME, FACTORY;
    /** {@code Executors.newThreadPerTaskExecutor(ThreadFactory)}, or null before 21. */
    private static final MethodHandle PER_TASK;
    private static final AtomicBoolean SAID_NONE = new AtomicBoolean();

    static {
        MethodHandle isVirtual = null, ofVirtual = null, name = null, factory = null, perTask = null;
        var lookup = MethodHandles.publicLookup();
        try {
            if (Runtime.version().feature() < 21) {
                throw new ClassNotFoundException("no virtual threads before 21 (a preview on 19 and 20)");
            }
            isVirtual = lookup.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtualType = Class.forName("java.lang.Thread$Builder$OfVirtual");
            ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualType))
                    .asType(MethodType.methodType(Object.class));
            name = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class, long.class))
                    .asType(MethodType.methodType(Object.class, Object.class, String.class, long.class));
            factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class))
                    .asType(MethodType.methodType(ThreadFactory.class, Object.class));
            perTask = lookup.findStatic(Executors.class, "newThreadPerTaskExecutor",
                    MethodType.methodType(ExecutorService.class, ThreadFactory.class));
        } catch (ReflectiveOperationException | LinkageError before21) {
            isVirtual = null;
            ofVirtual = null;
        }
        IS_VIRTUAL = isVirtual;
        OF_VIRTUAL = ofVirtual;
        NAME = name;
        FACTORY = factory;
        PER_TASK = perTask;
    }

    private VirtualThreads() {
    }

    /** Whether the running JDK has virtual threads (Java 21 and later). */
    public static boolean supported() {
        return OF_VIRTUAL != null;
    }

    /** {@code t.isVirtual()} on 21+; false where no thread can be virtual. */
    public static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            throw new IllegalStateException("Thread.isVirtual failed", e); // it throws nothing
        }
    }

    /**
     * A factory of virtual threads named {@code prefix0}, {@code prefix1}, ...
     *
     * @throws UnsupportedOperationException on a JDK without virtual threads (check {@link #supported()})
     */
    public static ThreadFactory factory(String prefix) {
        if (!supported()) {
            throw new UnsupportedOperationException("this JVM (Java " + Runtime.version().feature()
                    + ") has no virtual threads: they came in Java 21");
        }
        try {
            Object builder = OF_VIRTUAL.invokeExact();
            return (ThreadFactory) FACTORY.invokeExact((Object) NAME.invokeExact(builder, prefix, 0L));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code Executors.newThreadPerTaskExecutor(factory)} (Java 21); on 17 the nearest there is, a
     * pool whose threads end as soon as their task does.
     */
    public static ExecutorService perTaskExecutor(ThreadFactory factory) {
        if (PER_TASK == null) {
            return new PerTaskPool(factory);
        }
        try {
            return (ExecutorService) PER_TASK.invokeExact(factory);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Java 17's stand-in for a thread-per-task executor. As there, terminated means every thread
     * it started has ended: a pool's workers are still alive for a moment after the pool reports
     * termination, and a leak check right after {@link #close} must not see them.
     */
    private static final class PerTaskPool extends ThreadPoolExecutor {
        private final java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

        PerTaskPool(ThreadFactory factory) {
            super(0, Integer.MAX_VALUE, 0, TimeUnit.NANOSECONDS, new SynchronousQueue<>());
            setThreadFactory(r -> {
                Thread t = factory.newThread(r);
                if (t != null) {
                    threads.removeIf(old -> old.getState() == Thread.State.TERMINATED); // bounded by the live ones
                    threads.add(t);
                }
                return t;
            });
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            if (!super.awaitTermination(timeout, unit)) {
                return false;
            }
            for (Thread t : threads) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return !t.isAlive();
                }
                TimeUnit.NANOSECONDS.timedJoin(t, left);
                if (t.isAlive()) {
                    return false;
                }
            }
            threads.clear();
            return true;
        }
    }

    /**
     * {@code executor.close()} (Java 19): shuts it down and waits for its tasks to end; if
     * interrupted while waiting, stops them and keeps the interrupt.
     */
    public static void close(ExecutorService executor) {
        executor.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(1, TimeUnit.DAYS)) {
                    break;
                }
            } catch (InterruptedException e) {
                if (!interrupted) {
                    executor.shutdownNow();
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A virtual thread named {@code name}, not started: the caller starts it, so the leaklab agent
     * names the caller's line, not this class, as the line that started it. See {@link #factory}
     * for where there is none.
     */
    public static Thread unstarted(String name, Runnable task) {
        Thread t = factory(name).newThread(task);
        t.setName(name);
        return t;
    }

    /** Starts a virtual thread, for leaklab's own threads (the agent names this class as their creator). */
    public static Thread start(String name, Runnable task) {
        Thread t = unstarted(name, task);
        t.start();
        return t;
    }

    /**
     * Says once per JVM, through {@link System.Logger} (this code runs in someone else's
     * application), that there are no virtual threads to count here.
     */
    public static void sayNoneOnce() {
        if (!supported() && SAID_NONE.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, "leaklab: this JVM (Java " + Runtime.version().feature()
                    + ") has no virtual threads; leaklab counts and checks its platform threads");
        }
    }
}

package dev.leaklab.check;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.leaklab.census.LiveThreads;
import dev.leaklab.internal.census.VirtualThreads;

/** Which threads are live, and which of them belong to the JVM or the test run rather than to a test. */
final class Threads {

    /** JUnit's timeout watchdog: one per run, started lazily by the first test with {@code @Timeout}. */
    static final String JUNIT_TIMEOUT_WATCHER = "junit-jupiter-timeout-watcher";

    private static final AtomicBoolean WARNED_NO_CENSUS = new AtomicBoolean();

    private Threads() {
    }

    /**
     * Every live thread, virtual threads included, from the JDK's thread containers. Without
     * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} the census itself falls back to
     * the platform threads and says so once; a census that fails mid-walk does the same here.
     */
    static List<Thread> live() {
        try {
            var list = new ArrayList<Thread>();
            LiveThreads.allThreads().forEach(list::add);
            return list;
        } catch (RuntimeException | LinkageError e) {
            if (WARNED_NO_CENSUS.compareAndSet(false, true)) {
                System.getLogger("dev.leaklab.check").log(System.Logger.Level.WARNING,
                        "leaklab: cannot list virtual threads (" + e + "); checking platform threads only");
            }
            return new ArrayList<>(Thread.getAllStackTraces().keySet());
        }
    }

    /**
     * The live threads created after the one with this id ({@link LiveThreads#newerThan}), with
     * the same fallback as {@link #live()}.
     */
    static List<Thread> newerThan(long threadId) {
        try {
            return LiveThreads.newerThan(threadId);
        } catch (RuntimeException | LinkageError e) {
            var list = new ArrayList<Thread>();
            for (Thread t : live()) {
                if (t.getId() > threadId) {
                    list.add(t);
                }
            }
            return list;
        }
    }

    /**
     * Threads no test owns: the JVM's (platform threads outside the {@code main} thread group:
     * reference handler, cleaners, the virtual-thread scheduler's carriers, the common pool; and
     * the virtual threads of the JDK's I/O pollers), and
     * JUnit's own (its parallel executor's workers, its timeout watchdog), and those registered as
     * a tool's own with {@link LiveThreads#registerToolThread} (fixtures standing for another process).
     */
    static boolean isHarness(Thread t) {
        if (VirtualThreads.isVirtual(t)) {
            if (isIoPoller(t)) {
                return true;
            }
        } else if (LiveThreads.isJvmThread(t)) {
            return true;
        }
        return t.getClass().getName().startsWith("org.junit.") || JUNIT_TIMEOUT_WATCHER.equals(t.getName())
                || LiveThreads.isToolThread(t);
    }

    /**
     * The JDK's I/O pollers: on Linux (JDK 25) virtual threads ("SubPoller-0", ...) that the JDK
     * starts the first time a virtual thread blocks on a socket, whichever test that is.
     */
    private static boolean isIoPoller(Thread t) {
        if (!t.getName().startsWith("SubPoller-")) {
            return false;
        }
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().startsWith("sun.nio.ch.Poller")) {
                return true;
            }
        }
        return false;
    }

}

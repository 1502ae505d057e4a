package dev.leaklab.dump;

import dev.leaklab.internal.dump.Frames;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Instant;

/**
 * This JVM's own threads where it has no JSON dump to give (before JDK 21, as embedded on JDK 17)
 * and cannot attach to itself for {@code Thread.print}: from {@code ThreadMXBean.dumpAllThreads},
 * every platform thread (there are no others there) with its state, the lock it waits for and its
 * whole stack, the frames written as the JSON dump writes them ({@link StackTraceElement#toString()}).
 */
final class ThisJvmThreads {

    /** The container of every thread: there are no thread containers before JDK 21. */
    static final String NO_CONTAINER = "(none before JDK 21)";

    private ThisJvmThreads() {
    }

    /** @return 0: nothing was written to be read, the JVM answered in memory */
    static long visit(DumpVisitor visitor) {
        ThreadInfo[] threads = ManagementFactory.getThreadMXBean().dumpAllThreads(false, false);
        int feature = Runtime.version().feature();
        visitor.header(new DumpHeader(Long.toString(ProcessHandle.current().pid()), Runtime.version().toString(),
                Instant.now().toString(), "JDK " + feature + " has no virtual threads (they came in JDK "
                + TextDumps.FIRST_JSON_FEATURE + "): read through ThreadMXBean, without thread containers"));
        var interner = new Interner();
        for (ThreadInfo t : threads) {
            if (t == null) {
                continue; // ended while being dumped
            }
            interner.beginStack();
            for (StackTraceElement frame : t.getStackTrace()) {
                if (!TextThreadDump.hidden(frame.getClassName() + "." + frame.getMethodName())) {
                    String f = frame(frame);
                    interner.addFrame(interner.intern(f.toCharArray(), 0, f.length()));
                }
            }
            visitor.thread(new DumpedThread(Long.toString(t.getThreadId()), t.getThreadName(), false,
                    t.getThreadState().name(), NO_CONTAINER, blocker(t), interner.endStack()));
        }
        return 0;
    }

    /**
     * The frame as {@code Thread.getStackTrace} writes it. ThreadMXBean's frames print the built-in
     * class loader's name and the JDK modules' versions ({@code app//Demo.run}, {@code java.base@17.0.15/...}),
     * which {@code Thread.getStackTrace}, and so the JSON dump, leave out; its hidden frames are left out here.
     */
    static String frame(StackTraceElement e) {
        var s = new StringBuilder();
        String loader = e.getClassLoaderName();
        if (loader != null && !loader.isEmpty() && !loader.equals("app") && !loader.equals("platform")) {
            s.append(loader).append('/');
        }
        String module = e.getModuleName();
        if (module != null && !module.isEmpty()) {
            s.append(module);
            if (e.getModuleVersion() != null && !e.getModuleVersion().isEmpty() && !Frames.isJdkModule(module)) {
                s.append('@').append(e.getModuleVersion());
            }
        }
        if (s.length() > 0) {
            s.append('/');
        }
        s.append(e.getClassName()).append('.').append(e.getMethodName()).append('(');
        if (e.isNativeMethod()) {
            s.append("Native Method");
        } else if (e.getFileName() == null) {
            s.append("Unknown Source");
        } else {
            s.append(e.getFileName());
            if (e.getLineNumber() >= 0) {
                s.append(':').append(e.getLineNumber());
            }
        }
        return s.append(')').toString();
    }

    /** As the JSON dump names it: {@code parked on X@hash} (LockSupport.park), {@code waiting on} (Object.wait), {@code blocked on}. */
    static String blocker(ThreadInfo t) {
        LockInfo lock = t.getLockInfo();
        if (lock == null) {
            return null;
        }
        String object = lock.getClassName() + "@" + Integer.toHexString(lock.getIdentityHashCode());
        if (t.getThreadState() == Thread.State.BLOCKED) {
            return "blocked on " + object;
        }
        StackTraceElement[] stack = t.getStackTrace();
        boolean parked = stack.length > 0 && stack[0].getMethodName().equals("park")
                && stack[0].getClassName().endsWith(".Unsafe");
        return (parked ? "parked on " : "waiting on ") + object;
    }
}

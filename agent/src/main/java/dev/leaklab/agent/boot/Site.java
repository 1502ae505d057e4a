package dev.leaklab.agent.boot;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A creation site: the creating thread's stack, innermost first, without the agent's own frames.
 * Sites are interned (threads started from one line share one Site), so a live thread whose site
 * was asked for costs the registry a reference, not a stack; they hold names and line numbers,
 * never a Class or a Thread.
 */
final class Site {
    static final Site NONE = new Site(new StackTraceElement[0]);
    /** A start above the stack rate: counted with its creator, but no stack was taken. */
    static final Site NOT_SAMPLED = new Site(new StackTraceElement[0], "(not sampled: over the agent's stack-rate)");
    /** Beyond this many distinct sites new ones are not interned (memory stays bounded). */
    private static final int MAX_INTERNED = 20_000;
    private static final ConcurrentHashMap<java.util.List<StackTraceElement>, Site> INTERNED = new ConcurrentHashMap<>();

    /** Stacks taken in the current window, and when it began (see {@link #capture}). */
    private static final AtomicInteger TAKEN = new AtomicInteger();
    private static volatile long windowStart = System.nanoTime();

    final StackTraceElement[] frames;
    /** "pkg.Class.method(File.java:42)" of the first frame outside the JDK, else of the first frame. */
    final String app;

    private Site(StackTraceElement[] frames) {
        this(frames, frames.length == 0 ? "(unknown)" : format(frames[firstApp(frames)]));
    }

    private Site(StackTraceElement[] frames, String app) {
        this.frames = frames;
        this.app = app;
    }

    static int firstApp(StackTraceElement[] frames) {
        for (int i = 0; i < frames.length; i++) {
            if (!isJdk(frames[i].getClassName())) return i;
        }
        return 0;
    }

    static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.");
    }

    static String format(StackTraceElement f) {
        String where = f.isNativeMethod() ? "Native Method"
                : f.getFileName() == null ? "Unknown Source"
                : f.getLineNumber() >= 0 ? f.getFileName() + ":" + f.getLineNumber() : f.getFileName();
        return f.getClassName() + "." + f.getMethodName() + "(" + where + ")";
    }

    String stackText() {
        var b = new StringBuilder();
        for (StackTraceElement f : frames) b.append(format(f)).append('\n');
        return b.toString();
    }

    /**
     * The current thread's stack, captured the cheapest way Java has: a Throwable's backtrace, which
     * the VM fills natively; it is decoded and interned only when someone asks (see {@link #of}).
     * Even so a capture costs microseconds, several times a virtual thread's whole start, so at most
     * {@code perSecond} are taken: a window lasts until that many were taken and a second has passed,
     * so below the rate every start gets its stack, and a burst pays for the first ones only.
     */
    static Object capture(int depth, int perSecond) {
        if (depth == 0 || perSecond == 0) return NONE;
        if (perSecond == Options.ALL || TAKEN.get() < perSecond && TAKEN.getAndIncrement() < perSecond) {
            return new Creation();
        }
        long now = System.nanoTime();
        if (now - windowStart < 1_000_000_000L) return NOT_SAMPLED;
        windowStart = now; // creators racing here may each open a window: a few stacks more, no harm
        TAKEN.set(1);
        return new Creation();
    }

    /** The Site of a captured stack, decoding and interning it; {@code stack} is a Site or a Creation. */
    static Site of(Object stack, int depth) {
        if (stack instanceof Site site) return site;
        StackTraceElement[] all = ((Throwable) stack).getStackTrace();
        int from = 0;
        while (from < all.length && all[from].getClassName().startsWith("dev.leaklab.agent.")) from++;
        var frames = Arrays.copyOfRange(all, from, Math.min(all.length, from + depth));
        var key = Arrays.asList(frames);
        Site site = INTERNED.get(key);
        if (site != null) return site;
        site = new Site(frames);
        if (INTERNED.size() >= MAX_INTERNED) return site;
        Site raced = INTERNED.putIfAbsent(key, site);
        return raced != null ? raced : site;
    }

    /** A creator's stack, not yet decoded. No message, no suppressed list: only the backtrace. */
    private static final class Creation extends Throwable {
        Creation() {
            super(null, null, false, true);
        }
    }
}

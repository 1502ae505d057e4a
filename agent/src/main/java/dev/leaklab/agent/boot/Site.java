package dev.leaklab.agent.boot;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A creation site: the creating thread's stack, innermost first, without the agent's own frames.
 * Sites are interned (threads started from one line share one Site), so a live thread whose site
 * was asked for costs the registry a reference, not a stack; they hold names and line numbers,
 * never a Class or a Thread.
 */
final class Site {
    static final Site NONE = new Site(new StackTraceElement[0]);
    /** Beyond this many distinct sites new ones are not interned (memory stays bounded). */
    private static final int MAX_INTERNED = 20_000;
    private static final ConcurrentHashMap<java.util.List<StackTraceElement>, Site> INTERNED = new ConcurrentHashMap<>();

    final StackTraceElement[] frames;
    /** "pkg.Class.method(File.java:42)" of the first frame outside the JDK, else of the first frame. */
    final String app;

    private Site(StackTraceElement[] frames) {
        this.frames = frames;
        this.app = frames.length == 0 ? "(unknown)" : format(frames[firstApp(frames)]);
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
     * the VM fills natively (about 1 us for 25 frames here, where a StackWalker walk that reads
     * method names costs 8). It is decoded and interned only when someone asks (see {@link #of}).
     */
    static Object capture(int depth) {
        return depth == 0 ? NONE : new Creation();
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

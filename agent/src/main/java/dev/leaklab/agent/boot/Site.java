package dev.leaklab.agent.boot;

import java.lang.StackWalker.StackFrame;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A creation site: the creating thread's stack, innermost first, without the agent's own frames.
 * Sites are interned (threads started from one line share one Site), so a live thread costs the
 * registry a reference, not a stack; they hold names and line numbers, never a Class or a Thread.
 */
final class Site {
    static final Site NONE = new Site(new StackTraceElement[0]);
    /** Beyond this many distinct sites new ones are not interned (memory stays bounded). */
    private static final int MAX_INTERNED = 20_000;
    private static final ConcurrentHashMap<Key, Site> INTERNED = new ConcurrentHashMap<>();

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

    /** The current thread's stack below the agent, at most {@code depth} frames. */
    static Site capture(int depth) {
        return depth == 0 ? NONE : Capture.WALKER.walk(new Capture(depth));
    }

    /** Walks once, keys the frames by class, method and bytecode index, and interns. */
    private static final class Capture implements Function<Stream<StackFrame>, Site> {
        static final StackWalker WALKER = StackWalker.getInstance(Set.of(), 16);
        private final int depth;

        Capture(int depth) {
            this.depth = depth;
        }

        @Override
        public Site apply(Stream<StackFrame> s) {
            var frames = new StackFrame[depth];
            var classes = new String[depth];
            var methods = new String[depth];
            var bcis = new int[depth];
            int n = 0, hash = 1;
            for (Iterator<StackFrame> it = s.iterator(); it.hasNext() && n < depth; ) {
                StackFrame f = it.next();
                String c = f.getClassName();
                if (n == 0 && c.startsWith("dev.leaklab.agent.")) continue;
                frames[n] = f;
                classes[n] = c;
                methods[n] = f.getMethodName();
                bcis[n] = f.getByteCodeIndex();
                hash = 31 * (31 * (31 * hash + c.hashCode()) + methods[n].hashCode()) + bcis[n];
                n++;
            }
            var key = new Key(classes, methods, bcis, n, hash);
            Site site = INTERNED.get(key);
            if (site != null) return site;
            var elements = new StackTraceElement[n];
            for (int i = 0; i < n; i++) elements[i] = frames[i].toStackTraceElement();
            site = new Site(elements);
            if (INTERNED.size() >= MAX_INTERNED) return site;
            Site raced = INTERNED.putIfAbsent(key, site);
            return raced != null ? raced : site;
        }
    }

    private record Key(String[] classes, String[] methods, int[] bcis, int n, int hash) {
        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.n == n && k.hash == hash
                    && Arrays.equals(bcis, 0, n, k.bcis, 0, n)
                    && Arrays.equals(classes, 0, n, k.classes, 0, n)
                    && Arrays.equals(methods, 0, n, k.methods, 0, n);
        }
    }
}

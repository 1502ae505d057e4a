package dev.leaklab.internal.origins;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.regex.Pattern;

import dev.leaklab.internal.dump.Frames;

/**
 * The one rule that turns a thread's creation into a site naming the application's line, shared by
 * {@code leaklab leaks} (a JFR recording) and the debug endpoint's {@code /debug/threads/leaks} (the
 * agent's live registry), so both name the same line for the same thread.
 *
 * <p>"The application" is a set of class-name prefixes, given ({@code --app}) or guessed from the main
 * class: without {@code --app}, a frame is the application's when it is in the default package, or in
 * the main class's package above any reflective call (a launcher's {@code main} calls the
 * application's that way), or else is the library's caller: the first frame outside the creating
 * frame's root package. When the creator's stack has no application frame (a library's own thread
 * started the thread), the creating thread is followed to its own creation, up to {@link #HOPS} hops:
 * {@code … ← thread httpclient-main-N ← …}.
 */
public final class CreatorChains {

    public static final String CHAIN = " \u2190 ";
    /** Creating threads followed, at most, to find an application frame. */
    public static final int HOPS = 4;

    /**
     * A creator's stack, kept as its non-JDK frames only (innermost first, {@code pkg.Class.m(File.java:1)}).
     * {@code reflectiveFrom}: the index of the first frame below the innermost reflective call (the
     * size when there is none); {@code forVirtualThreads}: the JDK started the thread to run virtual
     * threads (a {@code java.lang.VirtualThread} frame above the first non-JDK frame).
     */
    public record Creation(List<String> frames, int reflectiveFrom, boolean forVirtualThreads) {
    }

    /** What the rule needs to know of a thread. */
    public interface Node {
        String name();

        /** The creating thread's id, or a negative number when not known. */
        long creator();

        /** Its creation, or null when nothing recorded it. */
        Creation creation();
    }

    /** How a site was found. */
    public enum Kind {
        /** An application frame in the thread's own creator's stack. */
        OWN,
        /** An application frame in a creating thread's creation, followed from the thread. */
        CHAIN,
        /** No application frame anywhere: the site is the creator's first non-JDK frame. */
        NO_APP_FRAME,
        /** The creator's stack has no frame outside the JDK. */
        NO_FRAMES
    }

    /** A resolved site; {@code calledFrom}: the next frame below the application's, or null. */
    public record Site(Kind kind, String site, String calledFrom) {
        public boolean applicationFrame() {
            return kind == Kind.OWN || kind == Kind.CHAIN;
        }
    }

    private final List<String> prefixes;
    private final boolean explicit;
    private final LongFunction<? extends Node> threads;
    /** Per thread: the index of its creation's application frame, or -1. */
    private final Map<Node, Integer> applicationFrames = new IdentityHashMap<>();

    /**
     * @param prefixes the application's class-name prefixes
     * @param explicit given by the user: only they count
     * @param threads  a thread by id (creators are looked up through it), or null when not known
     */
    public CreatorChains(List<String> prefixes, boolean explicit, LongFunction<? extends Node> threads) {
        this.prefixes = List.copyOf(prefixes);
        this.explicit = explicit;
        this.threads = threads;
    }

    /** The site of a thread whose creation is known (non-null). */
    public Site resolve(Node s) {
        Creation c = s.creation();
        List<String> frames = c.frames();
        int i = applicationFrame(s, 0);
        if (i >= 0) {
            return site(Kind.OWN, "", c, i);
        }
        // No application frame: a library's own thread started this one. Follow the creating
        // threads to where one of them was started by the application.
        var path = new StringBuilder(frames.isEmpty() ? "" : frames.get(0) + CHAIN);
        Node at = s;
        for (int hop = 0; hop < HOPS && at.creator() >= 0; hop++) {
            Node parent = parent(at);
            Creation pc = parent == null ? null : parent.creation();
            if (pc == null) {
                break;
            }
            path.append("thread ").append(parent.name()).append(CHAIN);
            int j = applicationFrame(parent, 0);
            if (j >= 0) {
                return site(Kind.CHAIN, path.toString(), pc, j);
            }
            if (!pc.frames().isEmpty()) {
                path.append(pc.frames().get(0)).append(CHAIN);
            }
            at = parent;
        }
        if (frames.isEmpty()) {
            return new Site(Kind.NO_FRAMES, null, null);
        }
        return new Site(Kind.NO_APP_FRAME, frames.get(0), frames.size() > 1 ? frames.get(1) : null);
    }

    private Node parent(Node n) {
        if (threads == null || n.creator() < 0) {
            return null;
        }
        Node p = threads.apply(n.creator());
        return p == n ? null : p;
    }

    private static Site site(Kind how, String before, Creation c, int i) {
        List<String> f = c.frames();
        String site = before + (i == 0 ? f.get(0) : f.get(0) + CHAIN + (i > 1 ? "..." + CHAIN : "") + f.get(i));
        return new Site(how, site, i + 1 < f.size() ? f.get(i + 1) : null);
    }

    private int applicationFrame(Node s, int depth) {
        Integer known = applicationFrames.get(s);
        if (known != null) {
            return known;
        }
        Creation c = s.creation();
        String library = libraryThreadRoot(s, depth);
        int i = c == null ? -1 : applicationFrame(c, library);
        if (i < 0 && c != null && !c.frames().isEmpty() && !explicit && library == null && oneRoot(c)) {
            // one root package all along, not on a library's thread, no --app: nothing says it
            // is not the application's own code
            i = 0;
        }
        applicationFrames.put(s, i);
        return i;
    }

    /**
     * When a library's own thread created {@code s} (a thread the library started on someone's
     * behalf, or started by such a thread), the root package of that library: the bottom of
     * {@code s}'s creation stack is that thread's task, the library's code, not the application's.
     */
    private String libraryThreadRoot(Node s, int depth) {
        if (explicit || depth >= HOPS) {
            return null;
        }
        Node parent = parent(s);
        Creation pc = parent == null ? null : parent.creation();
        if (pc == null || pc.frames().isEmpty()) {
            return null;
        }
        // the parent was started by a library on someone's behalf, or by a library's own thread
        return applicationFrame(parent, depth + 1) != 0 ? root(pc.frames().get(0)) : null;
    }

    /** The index of the application's frame in a creation, or -1. */
    private int applicationFrame(Creation c, String libraryThreadRoot) {
        List<String> f = c.frames();
        if (f.isEmpty()) {
            return -1;
        }
        if (explicit) {
            for (int i = 0; i < f.size(); i++) {
                if (startsWithAny(f.get(i), prefixes)) return i;
            }
            return -1;
        }
        for (int i = 0; i < f.size(); i++) {
            if (className(f.get(i)).indexOf('.') < 0 || i < c.reflectiveFrom() && startsWithAny(f.get(i), prefixes)) {
                return i;
            }
        }
        // the caller of the library: the first frame outside the creating frame's root package
        // (and outside the library whose thread this is)
        String root = root(f.get(0));
        for (int j = 1; j < c.reflectiveFrom() && j < f.size(); j++) {
            String r = root(f.get(j));
            if (!r.equals(root) && !r.equals(libraryThreadRoot)) return j;
        }
        return -1;
    }

    private static boolean oneRoot(Creation c) {
        String root = root(c.frames().get(0));
        for (int j = 1; j < c.reflectiveFrom() && j < c.frames().size(); j++) {
            if (!root(c.frames().get(j)).equals(root)) return false;
        }
        return true;
    }

    private static boolean startsWithAny(String frame, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (frame.startsWith(prefix)) return true;
        }
        return false;
    }

    /**
     * The application guessed from the main class: its first two package names (com.acme.billing.Main →
     * com.acme.), so the application's other packages count too and a vendor's do not. None for -jar
     * (the main class is not known), the default package, or no main class.
     */
    public static List<String> mainPackage(String mainClass) {
        if (mainClass == null || mainClass.endsWith(".jar") || mainClass.startsWith("-")) {
            return List.of();
        }
        String[] parts = mainClass.split("\\.");
        if (parts.length < 2) {
            return List.of();
        }
        return List.of(parts.length == 2 ? parts[0] + "." : parts[0] + "." + parts[1] + ".");
    }

    /** {@code pkg.Outer$Inner.method(File.java:1)} → {@code pkg.Outer$Inner}. */
    public static String className(String frame) {
        int paren = frame.indexOf('(');
        String method = paren < 0 ? frame : frame.substring(0, paren);
        int dot = method.lastIndexOf('.');
        return dot < 0 ? method : method.substring(0, dot);
    }

    /**
     * A library's root package: its first two names when the first is a short, domain-like one
     * ({@code org.apache.hc.core5.X} → {@code org.apache.}, {@code io.netty.} ), else its first
     * ({@code okhttp3.Dispatcher} → {@code okhttp3.}, {@code okio.internal.X} → {@code okio.}).
     */
    public static String root(String frame) {
        String[] parts = className(frame).split("\\.");
        if (parts.length <= 1) {
            return "";
        }
        return parts.length > 2 && parts[0].length() <= 3 ? parts[0] + "." + parts[1] + "." : parts[0] + ".";
    }

    /**
     * Threads the JDK starts for its own work, named as it names them: the application's line that
     * happened to come first (the first virtual thread, the first jcmd) does not own them.
     */
    public static final Set<String> JDK_THREAD_NAMES = Set.of("main", "DestroyJavaVM", "Attach Listener",
            "Notification Thread", "Signal Dispatcher", "Reference Handler", "Finalizer", "Common-Cleaner",
            "Service Thread", "Monitor Deflation Thread", "VirtualThread-unblocker", "VirtualThread-unparker",
            "Read-Poller", "Write-Poller", "C1 CompilerThreadN", "C2 CompilerThreadN", "Sweeper thread",
            "JFR Recorder Thread", "JFR Periodic Tasks", "JFR Recording Scheduler", "JFR Shutdown Hook");

    private static final Pattern IDENTITY_HASH = Pattern.compile("@[0-9a-fN]+\\b");

    /**
     * The JDK's own threads: named (as a pattern) as the JDK names them, or a platform thread whose
     * creation went through {@code java.lang.VirtualThread} (a carrier).
     */
    public static boolean isJdkInfrastructure(String namePattern, Creation c) {
        if (c != null && c.forVirtualThreads()) {
            return true;
        }
        return JDK_THREAD_NAMES.contains(namePattern) || namePattern.startsWith("JFR ");
    }

    /** A thread name's pattern, digits and an identity hash in it ({@code HttpClient@7a5e-12}) as N: one per client. */
    public static String namePattern(String javaName) {
        String pattern = Frames.namePattern(javaName == null ? "" : javaName);
        return IDENTITY_HASH.matcher(pattern).replaceAll("@N");
    }

    /** A JDK class by name, as the agent tells them apart when no module is recorded. */
    public static boolean isJdkClass(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.");
    }

    /**
     * A creation from a live stack (the agent's, innermost first): its non-JDK frames, written
     * {@code pkg.Class.m(File.java:1)}, leaklab's own agent frames left out.
     */
    public static Creation of(StackTraceElement[] stack) {
        var frames = new ArrayList<String>();
        int reflectiveFrom = -1;
        boolean forVirtualThreads = false;
        for (StackTraceElement f : stack) {
            String type = f.getClassName();
            boolean jdk = f.getModuleName() != null ? isJdkModuleName(f.getModuleName()) : isJdkClass(type);
            if (!jdk) {
                if (!type.contains(".agent.boot.") && !type.contains("$$Lambda")) {
                    frames.add(type + "." + f.getMethodName() + "(" + (f.isNativeMethod() ? "Native Method"
                            : f.getFileName() == null ? "Unknown Source"
                            : f.getLineNumber() >= 0 ? f.getFileName() + ":" + f.getLineNumber() : f.getFileName()) + ")");
                }
            } else if (frames.isEmpty() && type.equals("java.lang.VirtualThread")) {
                forVirtualThreads = true;
            } else if (reflectiveFrom < 0 && !frames.isEmpty() && (type.startsWith("jdk.internal.reflect.")
                    || type.equals("java.lang.reflect.Method") && f.getMethodName().equals("invoke"))) {
                reflectiveFrom = frames.size();
            }
        }
        return new Creation(List.copyOf(frames), reflectiveFrom < 0 ? frames.size() : reflectiveFrom, forVirtualThreads);
    }

    private static boolean isJdkModuleName(String module) {
        return module.startsWith("java.") || module.startsWith("jdk.");
    }
}

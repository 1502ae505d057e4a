package dev.leaklab.dump;

import dev.leaklab.internal.dump.Frames;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one of HotSpot's text thread dumps, the format that {@code jstack PID}, {@code jcmd PID
 * Thread.print} and {@code kill -3} print on every JDK from 8 to 25, and hands its Java threads to
 * a {@link DumpVisitor} as {@link DumpedThread}s, so grouping, diff and report treat it as they
 * treat the JDK's JSON dump. Lines are pushed in one at a time ({@link #line}), so a log of any size
 * streams through; {@link TextDumpFinder} finds where a dump starts and hands over its lines.
 *
 * <pre>
 * "pool-1-thread-1" #12 prio=5 os_prio=0 cpu=0.97ms elapsed=5.30s tid=0x00007fa1744533e0 nid=0x4c12 waiting on condition  [0x00007fa0f2ffe000]
 *    java.lang.Thread.State: WAITING (parking)
 * 	at jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)
 * 	- parking to wait for  &lt;0x000000069e55f798&gt; (a java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject)
 * 	at java.util.concurrent.locks.LockSupport.park(java.base@17.0.15/LockSupport.java:341)
 * </pre>
 *
 * What maps where: {@code #N} is the tid (the Java thread id, as in the JSON and JFR); the word
 * after {@code java.lang.Thread.State:} the state; {@code at} lines the stack, rewritten as
 * {@link StackTraceElement#toString()} writes frames ({@code java.base/java.lang.Thread.sleep(Native Method)}:
 * the module before the class, a JDK module's version dropped), without the frames that
 * {@code Thread.getStackTrace} hides (hidden classes such as lambdas, {@code java.lang.invoke}
 * holders); the first {@code - parking to wait for} / {@code - waiting on} / {@code - waiting to lock}
 * line the blocker, as the JSON's {@code parkBlocker} / {@code waitingOn} / {@code blockedOn}.
 * Threads without {@code #N} are the VM's own (GC, VM Thread) and are not in the JSON dump either:
 * they are skipped, as are its hidden Java threads (compiler threads and the like, {@link #HIDDEN_THREAD}), the SMR list, the held locks, JNI refs and the deadlock report. A text
 * dump has no virtual threads and no thread containers; JDK 25 prints the frames of a carrier's
 * mounted virtual thread after a {@code Mounted virtual thread #N} line, and they are left out of
 * the carrier's stack, as its JSON stack leaves them out (the carrier has no state line then:
 * its state reads {@code ?}).
 */
final class TextThreadDump {

    /** The line that starts every dump, e.g. {@code Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing):}. */
    static final String START = "Full thread dump ";
    /** The container of every thread: text dumps do not show thread containers. */
    static final String NO_CONTAINER = "(none in a text dump)";
    static final String PLATFORM_ONLY = "a text thread dump lists platform threads only, without thread containers";

    // The name is everything up to the header's last quote: names may hold quotes, the rest never does.
    private static final Pattern HEADER = Pattern.compile("\"(.*)\"(?: #(\\d+))?.*");
    private static final Pattern LOCK = Pattern.compile(
            "- (parking to wait for|waiting on|waiting to lock|waiting to re-lock in wait\\(\\)) +<(0x\\p{XDigit}+)> \\(a (.+)\\)");
    private static final Pattern DEADLOCK_SUMMARY = Pattern.compile("Found (one Java-level deadlock:|\\d+ deadlocks?\\.|a total of \\d+ deadlocks?\\.)");
    /**
     * The VM's own Java threads, which {@code Thread.getAllStackTraces} and the JSON dump leave out
     * (HotSpot hides them from external view) and which have no Java frames: compiler threads, the
     * service and monitor-deflation threads, the code-cache sweeper (to JDK 19), CMS's surrogate locker (JDK 8).
     */
    private static final Pattern HIDDEN_THREAD = Pattern.compile(
            "(C1|C2|JVMCI|JVMCI-native) CompilerThread\\d+|Sweeper thread|Service Thread|Monitor Deflation Thread"
                    + "|Surrogate Locker Thread \\(Concurrent GC\\)");
    /** JDK 8's VM names itself by its HotSpot version, {@code 25.392-b08}, not by the JDK's. */
    private static final Pattern HOTSPOT_8 = Pattern.compile("25\\.\\d+-b\\d+");

    private final DumpVisitor visitor;
    private final Interner interner = new Interner();
    private String name, tid, state, blocker;
    private boolean inThread, java, ownable, mounted, sawJniRefs;
    private int threads;

    TextThreadDump(DumpHeader header, DumpVisitor visitor) {
        this.visitor = visitor;
        visitor.header(header);
    }

    /**
     * The runtime version in a {@link #START} line: the first word in its last parentheses, e.g.
     * {@code 17.0.15+6-Debian-1deb12u1}; JDK 8's HotSpot version {@code 25.392-b08} becomes
     * {@code 8 (HotSpot 25.392-b08)}. {@code ?} when there is none.
     */
    static String version(String startLine) {
        int open = startLine.lastIndexOf('('), close = startLine.lastIndexOf(')');
        if (open < 0 || close < open) {
            return "?";
        }
        String inside = startLine.substring(open + 1, close).strip();
        int space = inside.indexOf(' ');
        String v = space < 0 ? inside : inside.substring(0, space);
        if (v.isEmpty()) {
            return "?";
        }
        return HOTSPOT_8.matcher(v).matches() ? "8 (HotSpot " + v + ")" : v;
    }

    /**
     * Takes the next line after the {@link #START} line. False when the line is not part of a thread
     * dump (the heap summary that {@code kill -3} prints next, a log line, another dump's start): the
     * dump ended before it, and the caller keeps the line.
     */
    boolean line(String line) {
        if (line.isBlank()) {
            return true;
        }
        char c = line.charAt(0);
        if (c == '"') {
            flush();
            Matcher m = HEADER.matcher(line);
            boolean header = m.matches(); // not without a closing quote: a damaged line, no thread
            inThread = true;
            java = header && m.group(2) != null; // only Java threads have a #N (JDK 8 on); the VM's own have none
            ownable = false;
            mounted = false;
            name = header ? m.group(1) : line.substring(1);
            tid = header && m.group(2) != null ? m.group(2) : "?";
            state = null;
            blocker = null;
            interner.beginStack();
            return true;
        }
        if (c == ' ' || c == '\t') {
            if (inThread) {
                threadLine(line.strip());
            }
            return true;
        }
        if (line.startsWith("JNI global ")) { // JDK 8: "JNI global references: 7"; later "JNI global refs: 7, weak refs: 0"
            flush();
            sawJniRefs = true;
            return true;
        }
        if (line.startsWith("Threads class SMR info:") || line.startsWith("_") // _java_thread_list=..., _to_delete_list=...
                || line.startsWith("0x") || line.equals("}") || line.startsWith("===")
                || line.equals("Java stack information for the threads listed above:")
                || DEADLOCK_SUMMARY.matcher(line).matches()) {
            flush();
            return true;
        }
        flush();
        return false;
    }

    private void threadLine(String s) {
        if (s.startsWith("java.lang.Thread.State: ")) {
            java = true;
            int end = s.indexOf(' ', "java.lang.Thread.State: ".length());
            String st = end < 0 ? s.substring("java.lang.Thread.State: ".length()) : s.substring("java.lang.Thread.State: ".length(), end);
            state = intern(st);
        } else if (!java) {
            // a VM thread's or the deadlock report's lines: not a Java thread of the dump
        } else if (s.startsWith("Mounted virtual thread #")) {
            mounted = true; // JDK 25 lists a carrier's mounted virtual thread's frames below its own: not the carrier's
        } else if (s.startsWith("at ")) {
            String method = s.substring(3);
            if (!mounted && !hidden(method)) {
                interner.addFrame(intern(frame(method)));
            }
        } else if (s.equals("Locked ownable synchronizers:")) {
            ownable = true; // what it holds, listed below: not what it waits for
        } else if (s.startsWith("- ") && !ownable && blocker == null) {
            Matcher m = LOCK.matcher(s);
            if (m.matches()) {
                String how = switch (m.group(1)) {
                    case "parking to wait for" -> "parked on ";
                    case "waiting on" -> "waiting on ";
                    default -> "blocked on "; // waiting to lock, waiting to re-lock in wait()
                };
                blocker = how + m.group(3) + "@" + m.group(2);
            }
        }
    }

    /** Emits the thread read so far, if it is a Java thread. */
    private void flush() {
        if (inThread && java) {
            var stack = interner.endStack();
            if (!stack.isEmpty() || !HIDDEN_THREAD.matcher(name).matches()) {
                visitor.thread(new DumpedThread(tid, name, false, state == null ? "?" : state, NO_CONTAINER, blocker, stack));
                threads++;
            }
        }
        inThread = false;
    }

    /** Ends the dump (the caller met its last line or the end of the input). */
    void end() {
        flush();
    }

    /** Whether the dump reached its {@code JNI global refs} line, which every complete dump has near its end. */
    boolean complete() {
        return sawJniRefs;
    }

    int threads() {
        return threads;
    }

    /**
     * {@code java.lang.Thread.sleep(java.base@17.0.15/Native Method)} → {@code java.base/java.lang.Thread.sleep(Native Method)},
     * as {@link StackTraceElement#toString()} writes it: the JDK's modules without their version,
     * other modules with it, classes on the class path without a module.
     */
    static String frame(String method) {
        int open = method.indexOf('(');
        if (open < 0 || !method.endsWith(")")) {
            return method;
        }
        String where = method.substring(open + 1, method.length() - 1);
        int slash = where.indexOf('/');
        if (slash < 0) {
            return method;
        }
        String module = where.substring(0, slash);
        int at = module.indexOf('@');
        if (at >= 0 && Frames.isJdkModule(module.substring(0, at))) {
            module = module.substring(0, at);
        }
        return module + "/" + method.substring(0, open) + "(" + where.substring(slash + 1) + ")";
    }

    /**
     * Frames {@code Thread.getStackTrace} (and so the JSON dump) leaves out: methods of hidden classes
     * ({@code TextDemo$$Lambda$228/0x00007fa0f8150428.run}, {@code LambdaForm$DMH/0x...}) and the
     * JDK's pregenerated lambda forms ({@code java.lang.invoke.Invokers$Holder}), and the JDK's own
 * hidden methods that show in a thread's every stack ({@code Thread.runWith}). Without this, stacks
     * would also differ between runs by the hidden classes' addresses.
     */
    static boolean hidden(String method) {
        int open = method.indexOf('(');
        String name = open < 0 ? method : method.substring(0, open);
        if (name.contains("/0x") || name.equals("java.lang.Thread.runWith")) { // runWith: @Hidden since JDK 21
            return true;
        }
        if (!name.startsWith("java.lang.invoke.")) {
            return false;
        }
        int dot = name.lastIndexOf('.');
        String cls = name.substring(0, Math.max(dot, 0));
        return cls.endsWith("$Holder") || cls.contains("LambdaForm$");
    }

    private String intern(String s) {
        return interner.intern(s.toCharArray(), 0, s.length());
    }
}

package dev.leaklab.bench.footprint;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.JMException;
import javax.management.ObjectName;

/**
 * One reading of the process's memory, taken right after a full GC. Each value is in bytes, or
 * -1 where this JVM cannot tell (not Linux; NMT off).
 *
 * @param heapUsedBytes    Java heap in use after the GC: live objects, virtual-thread stack chunks included
 * @param rssBytes         resident set size from /proc/self/status (VmRSS): everything the process touched
 * @param nmtThreadBytes   NMT "Thread" category, committed: thread stacks plus the JVM's per-thread native data
 * @param nmtStackBytes    NMT "Thread" stacks, committed: the stack pages threads have touched
 */
public record MemoryReading(long heapUsedBytes, long rssBytes, long nmtThreadBytes, long nmtStackBytes) {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Pattern VM_RSS = Pattern.compile("^VmRSS:\\s+(\\d+) kB", Pattern.MULTILINE);
    private static final Pattern NMT_THREAD =
            Pattern.compile("-\\s+Thread \\(reserved=\\d+, committed=(\\d+)\\)");
    private static final Pattern NMT_STACK = Pattern.compile("\\(stack: reserved=\\d+, committed=(\\d+)");

    /**
     * Runs two full GCs (System.gc(): a full, compacting collection with G1) and reads. Two,
     * because with one, the first reading of an invocation sometimes still held ~300 B per
     * thread of the previous invocation's threads, gone by the next GC.
     */
    public static MemoryReading afterFullGc() {
        System.gc();
        System.gc();
        long heap = heapUsedAfterLastGc();
        String nmt = nmtSummary();
        return new MemoryReading(heap, rss(), find(NMT_THREAD, nmt), find(NMT_STACK, nmt));
    }

    /**
     * The heap pools' usage as the last GC left it. Not getHeapMemoryUsage().getUsed(): that
     * counts every TLAB handed out since, whole, and one TLAB can be megabytes.
     */
    private static long heapUsedAfterLastGc() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (after != null) {
                used += after.getUsed();
            }
        }
        return used;
    }

    /** True when this JVM runs with -XX:NativeMemoryTracking=summary (or detail). */
    public static boolean nmtEnabled() {
        return find(NMT_STACK, nmtSummary()) >= 0;
    }

    private static long rss() {
        try {
            return find(VM_RSS, Files.readString(STATUS)) * 1024;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** jcmd PID VM.native_memory summary scale=b, asked in-process through the DiagnosticCommand MBean. */
    private static String nmtSummary() {
        try {
            var server = ManagementFactory.getPlatformMBeanServer();
            var name = new ObjectName("com.sun.management:type=DiagnosticCommand");
            Object[] args = {new String[] {"summary", "scale=b"}};
            return (String) server.invoke(name, "vmNativeMemory", args, new String[] {String[].class.getName()});
        } catch (JMException e) {
            return "";
        }
    }

    private static long find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}

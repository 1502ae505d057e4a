package dev.leaklab.dump;

import dev.leaklab.io.UserError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where text thread dumps come from: a file (a {@code jstack} or {@code Thread.print} output, or a
 * log holding {@code kill -3} dumps, one picked with {@code FILE#N}), or a running JVM older than
 * JDK 21, which has no JSON dump ({@code Thread.dump_to_file} came with virtual threads) and is
 * asked for {@code Thread.print} instead.
 */
final class TextDumps {

    /** The first JDK with {@code Thread.dump_to_file -format=json}, and with virtual threads. */
    static final int FIRST_JSON_FEATURE = 21;

    /** Targets' feature releases by pid and start time, so a reused pid is asked again. */
    private static final Map<String, Integer> FEATURES = new ConcurrentHashMap<>();

    private TextDumps() {
    }

    /**
     * Streams the file's text dump number {@code dump} (from 1; 0: the last) to the visitor. When
     * the file holds several and none was picked, the header's note says how many and how to pick.
     */
    static void visitFile(Path path, int dump, DumpVisitor visitor) {
        List<Boolean> complete;
        try (var in = reader(path)) {
            complete = TextDumpFinder.scan(in);
        } catch (IOException e) {
            throw new UserError("cannot read " + path + ": " + e.getMessage());
        }
        int n = complete.size();
        if (n == 0) {
            throw new UserError(path + " is neither a JSON thread dump nor a text one: no line starts with"
                    + " 'Full thread dump' (jstack PID, jcmd PID Thread.print or kill -3 output)");
        }
        if (dump > n) {
            throw new UserError(path + " holds " + (n == 1 ? "1 thread dump" : n + " thread dumps") + ", so there is no #"
                    + dump + (n == 1 ? "" : ": pick " + path + "#1 to " + path + "#" + n));
        }
        int which = dump == 0 ? n : dump;
        String note = null;
        if (n > 1) {
            note = dump == 0
                    ? n + " thread dumps in " + path + "; showing the last, pick one with " + path + "#1 to " + path + "#" + n
                    : "thread dump #" + which + " of " + n + " in " + path;
        }
        if (!complete.get(which - 1)) {
            String cut = "the dump ends before its 'JNI global refs' line: it may be cut short";
            note = note == null ? cut : note + "; " + cut;
        }
        String what = dump == 0 && n == 1 ? path.toString() : path + "#" + which;
        try (var in = reader(path)) {
            TextDumpFinder.visit(in, which, null, note, what, visitor);
        } catch (IOException e) {
            throw new UserError("cannot read " + path + ": " + e.getMessage());
        }
    }

    static boolean holdsOne(Path path) {
        try (var head = ThreadDumps.open(path)) {
            for (byte b : head.readNBytes(4096)) {
                if (b == 0) {
                    return false; // binary (a .jfr, an archive): no text to look through
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot read " + path + ": " + e.getMessage());
        }
        try (var in = reader(path)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (TextDumpFinder.prefix(line) >= 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UserError("cannot read " + path + ": " + e.getMessage());
        }
    }

    private static BufferedReader reader(Path path) throws IOException {
        // the reader replaces bytes that are not UTF-8: a log's stray bytes must not stop the dump in it
        return new BufferedReader(new InputStreamReader(ThreadDumps.open(path), StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * The target's feature release, once per process: from its JDK's {@code release} file when that
     * can be read (no attach: that is a second exchange with the target before the dump), else asked
     * through the Attach API (its system properties).
     */
    static int feature(long pid, Duration timeout) {
        String key = pid + "@" + ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(Instant::toString).orElse("?");
        Integer known = FEATURES.get(key);
        if (known != null) {
            return known;
        }
        int feature = dev.leaklab.internal.dump.Targets.releaseFeature(pid);
        if (feature < 0) {
            feature = Jcmd.feature(pid, timeout);
        }
        FEATURES.put(key, feature);
        return feature;
    }

    /**
     * Reads {@code Thread.print} of a JVM older than JDK 21 as it streams in.
     *
     * @return the size of the reply in bytes: what one reading cost the target to write
     */
    static long visitLive(long pid, int feature, Duration timeout, DumpVisitor visitor) {
        String note = "JDK " + feature + " has no virtual threads (they came in JDK " + FIRST_JSON_FEATURE
                + "): read through Thread.print";
        // Streamed: the reply of a JVM with many threads is large, and comes in parts (Jcmd.stream).
        try (var reply = Jcmd.stream(pid, "Thread.print", timeout)) {
            var counted = new CountingInputStream(reply);
            var in = new BufferedReader(new InputStreamReader(counted, StandardCharsets.UTF_8), 1 << 16);
            if (!TextDumpFinder.visit(in, 1, Long.toString(pid), note, "the thread dump of pid " + pid, visitor)) {
                throw new UserError("pid " + pid + " answered Thread.print without a thread dump: "
                        + firstLine(counted.start()));
            }
            return counted.bytes();
        } catch (IOException e) {
            throw new UserError("cannot read the thread dump of pid " + pid + ": " + e.getMessage());
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).replaceAll("\\p{Cntrl}", " ").strip();
    }

    /** Counts the bytes read, and keeps the first few for a message. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private long bytes;
        private final StringBuilder start = new StringBuilder();

        CountingInputStream(java.io.InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                keep(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                keep(b, off, n);
            }
            return n;
        }

        private void keep(byte[] b, int off, int n) {
            bytes += n;
            if (start.length() < 200) {
                start.append(new String(b, off, Math.min(n, 200), StandardCharsets.ISO_8859_1));
            }
        }

        long bytes() {
            return bytes;
        }

        String start() {
            return start.toString();
        }
    }
}

package dev.leaklab.dump;

import dev.leaklab.internal.dump.GroupedJson;
import dev.leaklab.internal.dump.Targets;
import dev.leaklab.io.UserError;
import dev.leaklab.internal.profile.ProfileJson;
import dev.leaklab.profile.StackGroups;
import dev.leaklab.profile.ThreadProfile;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Where thread dumps come from: a running JVM (by pid, this one included) or a file: the JDK's
 * JSON dump, leaklab's own grouped JSON ({@code leaklab dump --format json}), or HotSpot's text
 * dump ({@code jstack}, {@code jcmd PID Thread.print}, a log with {@code kill -3} dumps in it).
 */
public final class ThreadDumps {

    /**
     * A dump nests six deep: far deeper is a crafted file, refused before it can cost a deep stack.
     * A key twice in one object is refused too: the second would silently win, and a dump read as
     * smaller than it is would be a wrong answer, not an error.
     */
    static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(64).build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** The first field of leaklab's own JSON files ({@code "leaklab": "thread-profile"}). */
    public static final String GROUPED_MARKER = "leaklab";

    private ThreadDumps() {
    }

    /** A dump to read: a pid or a file. */
    public sealed interface Source permits Pid, DumpFile {
        /** How messages name it. */
        String describe();
    }

    /** @param timeout how long the JVM may take to answer, to attach and between two parts of its dump */
    public record Pid(long pid, Duration timeout) implements Source {
        public Pid {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new UserError("a timeout must be more than 0, not " + timeout);
            }
        }

        public Pid(long pid) {
            this(pid, Targets.DEFAULT_TIMEOUT);
        }

        public String describe() {
            return "pid " + pid;
        }
    }

    /**
     * @param dump which of the file's text dumps, from 1 ({@code app.log#2}); 0: the only one, or the last
     */
    public record DumpFile(Path path, int dump) implements Source {
        public DumpFile(Path path) {
            this(path, 0);
        }

        public String describe() {
            return dump == 0 ? path.toString() : path + "#" + dump;
        }
    }

    /**
     * All digits is a pid; anything else is a file (write {@code ./1234} for a file named 1234).
     * {@code FILE#N} is the N-th thread dump in a log, unless a file has that whole name.
     */
    public static Source source(String text) {
        return source(text, Targets.DEFAULT_TIMEOUT);
    }

    /** As {@link #source(String)}, a pid to be given {@code timeout} to answer. */
    public static Source source(String text, Duration timeout) {
        if (text.matches("\\d{1,10}")) {
            return new Pid(Long.parseLong(text), timeout);
        }
        var m = java.util.regex.Pattern.compile("(.+)#(\\d{1,9})").matcher(text);
        if (m.matches() && !Files.exists(Path.of(text))) {
            int n = Integer.parseInt(m.group(2));
            if (n == 0) {
                throw new UserError(text + ": dumps are numbered from 1 (" + m.group(1) + "#1 is the first)");
            }
            return new DumpFile(Path.of(m.group(1)), n);
        }
        return new DumpFile(Path.of(text));
    }

    /**
     * Streams every thread of the source to the visitor. A grouped file has no threads: it goes to
     * {@link DumpVisitor#groupedDump}, which refuses it unless the visitor reads that format.
     */
    public static void visit(Source source, DumpVisitor visitor) {
        if (source instanceof Pid live) {
            visitLive(live.pid(), live.timeout(), visitor);
        } else {
            var file = (DumpFile) source;
            visitFile(file.path(), file.dump(), visitor);
        }
    }

    /** Whether a file that is not JSON holds a text thread dump: a line starting {@code Full thread dump}. */
    public static boolean holdsTextDump(Path file) {
        return TextDumps.holdsOne(file);
    }

    /** A JSON file starts with {@code {}; anything else is read as text dumps (HotSpot's format). */
    private static void visitFile(Path path, int dump, DumpVisitor visitor) {
        boolean json;
        try (var in = open(path)) {
            int c;
            do {
                c = in.read();
            } while (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB || c == 0xBF); // and a UTF-8 BOM
            json = c == '{' || c == '[' || c == -1;
        } catch (IOException e) {
            throw new UserError("cannot read " + path + ": " + e.getMessage());
        }
        if (!json) {
            TextDumps.visitFile(path, dump, visitor);
            return;
        }
        if (dump > 1) {
            throw new UserError(path + " is a JSON thread dump: it holds one dump, so there is no #" + dump);
        }
        try (var in = open(path)) {
            read(in, path.toString(), visitor);
        } catch (IOException e) {
            throw new UserError("cannot read " + path + ": " + e.getMessage());
        }
    }

    static InputStream open(Path path) throws IOException {
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new UserError("no such file: " + path);
        }
    }

    /** Reads one JSON document: a JDK dump is streamed to the visitor, a grouped one handed to it. */
    static void read(InputStream in, String what, DumpVisitor visitor) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new UserError(what + " is empty");
            }
            if (first != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME) {
                throw new UserError(what + " is not a thread dump: expected a JSON object");
            }
            switch (p.currentName()) {
                case "threadDump" -> {
                    JdkThreadDump.read(p, what, visitor);
                    while (p.nextToken() == JsonToken.FIELD_NAME) { // the rest of the outer object
                        p.nextToken();
                        p.skipChildren();
                    }
                }
                case GROUPED_MARKER -> visitor.groupedDump(new GroupedJson(p, what));
                default -> throw new UserError(what + " is not a thread dump: it starts with \""
                        + p.currentName() + "\", not \"threadDump\" (jcmd PID Thread.dump_to_file -format=json FILE)");
            }
            // One dump per file: a second document or trailing data is not silently dropped.
            if (p.nextToken() != null) {
                throw new UserError(what + " goes on after the end of the dump (line " + p.currentLocation().getLineNr()
                        + "): one dump per file; two dumps concatenated, or data appended?");
            }
        } catch (JsonEOFException e) {
            throw new UserError(what + " is truncated: the JSON ends at line " + e.getLocation().getLineNr()
                    + " before the dump is complete");
        } catch (FollowingInputStream.WriterFailed e) {
            throw e.getCause() instanceof UserError d ? d : new UserError(what + ": " + e.getMessage());
        } catch (StreamReadException e) {
            throw new UserError(what + " is not valid JSON at line " + e.getLocation().getLineNr()
                    + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    /**
     * The target JVM writes the dump into our private (0700) temporary folder: when it runs as
     * another user (root dumping a service's JVM), the folder is handed to that user, still 0700,
     * so the target can write there and nobody else can. Only root can do this, and only root needs to.
     */
    private static void giveToOwnerOf(long pid, Path dir) throws IOException {
        var target = ProcessHandle.of(pid).flatMap(h -> h.info().user());
        var me = ProcessHandle.current().info().user();
        if (target.isEmpty() || me.isEmpty() || target.equals(me) || !me.get().equals("root")) {
            return;
        }
        var users = dir.getFileSystem().getUserPrincipalLookupService();
        try {
            Files.setOwner(dir, users.lookupPrincipalByName(target.get()));
        } catch (IOException | UnsupportedOperationException e) {
            // not POSIX, or no such user here (another namespace): the dump then says why it failed
        }
    }

    /**
     * {@code HotSpotDiagnosticMXBean.dumpThreads(file, JSON)}, a Java 21 method, reached by
     * reflection: the library is built for Java 17, where this JVM has no JSON dump to give.
     */
    private static void dumpThisJvm(Path file) throws IOException {
        var bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        Method dump;
        Object json;
        try {
            Class<?> format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
            json = format.getField("JSON").get(null);
            dump = HotSpotDiagnosticMXBean.class.getMethod("dumpThreads", String.class, format);
        } catch (ReflectiveOperationException e) {
            throw new UserError("this JVM (Java " + Runtime.version().feature()
                    + ") cannot write a JSON thread dump of itself: that came in Java 21");
        }
        try {
            dump.invoke(bean, file.toString(), json);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e); // a public method of a public interface
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Takes a dump of a running JVM: a JSON dump on JDK 21 and later (below), HotSpot's text dump
     * ({@code Thread.print}) before, which has no virtual threads to show ({@link TextDumps#visitLive});
     * this JVM before JDK 21 answers from {@code ThreadMXBean} ({@link ThisJvmThreads}).
     * A JSON dump is parsed while it is being written. Another JVM
     * writes it through {@code jcmd Thread.dump_to_file} (Attach API); this JVM through
     * {@code HotSpotDiagnosticMXBean.dumpThreads}, as attaching to oneself is not allowed. The file
     * lives in a fresh temporary folder and is deleted afterwards.
     *
     * @return the size of the dump in bytes: what one reading cost the target to write
     */
    public static long visitLive(long pid, DumpVisitor visitor) {
        return visitLive(pid, Targets.DEFAULT_TIMEOUT, visitor);
    }

    /**
     * As {@link #visitLive(long, DumpVisitor)}, giving the JVM {@code timeout} to answer: to attach, and
     * then between two parts of its dump (a large dump takes longer, and shows progress as it grows). A
     * JVM that stays silent longer (stopped by {@code kill -STOP}, or hung) fails the dump with
     * {@link dev.leaklab.io.NoAnswer}.
     */
    public static long visitLive(long pid, Duration timeout, DumpVisitor visitor) {
        boolean self = pid == ProcessHandle.current().pid();
        if (self && Runtime.version().feature() < TextDumps.FIRST_JSON_FEATURE) {
            return ThisJvmThreads.visit(visitor); // no JSON dump here, and no attaching to oneself
        }
        if (!self) {
            Targets.requireJava(pid); // before any signal: the Attach API may send one
            int feature = TextDumps.feature(pid, timeout);
            if (feature > 0 && feature < TextDumps.FIRST_JSON_FEATURE) {
                return TextDumps.visitLive(pid, feature, timeout, visitor);
            }
        }
        Path dir;
        try {
            dir = TempFolders.create("leaklab-dump-");
            if (!self) {
                giveToOwnerOf(pid, dir);
            }
        } catch (IOException e) {
            throw new UserError("cannot create a temporary folder for the dump: " + e.getMessage());
        }
        Path file = dir.resolve("threads.json");
        var written = CompletableFuture.runAsync(() -> {
            try {
                if (self) {
                    dumpThisJvm(file);
                } else {
                    String reply = Jcmd.execute(pid, "Thread.dump_to_file -format=json " + file).strip();
                    if (!reply.startsWith("Created")) {
                        throw new UserError("pid " + pid + " could not write its thread dump: " + reply);
                    }
                }
            } catch (UserError | IOException e) {
                throw new CompletionException(e);
            }
        }, r -> Targets.daemon(r, "leaklab-dump-writer").start());
        // The dump's own request may be this process's first attach (the JDK's release file told its version):
        // a target that never answers it keeps the Attach API's trigger file unless it is removed here.
        try (var in = new FollowingInputStream(file, written, timeout, () -> {
            if (!self) {
                Targets.removeAttachTrigger(pid);
            }
            return Targets.noAnswer(pid, timeout);
        })) {
            read(in, "the thread dump of pid " + pid, visitor);
            return in.bytesRead();
        } catch (IOException e) {
            throw new UserError("cannot read the thread dump of pid " + pid + ": " + e.getMessage());
        } finally {
            written.exceptionally(e -> null).join(); // the writer may still hold the file: let it finish first
            TempFolders.delete(dir); // (a silent writer was given up: its target writes into a deleted file)
        }
    }
}

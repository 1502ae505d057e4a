package dev.leaklab.threads;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Where thread dumps come from: a running JVM (by pid, this one included) or a file, either the
 * JDK's JSON dump or leaklab's own grouped JSON ({@code leaklab dump --format json}).
 */
public final class ThreadDumps {

    static final JsonFactory JSON = JsonFactory.builder().build();

    private ThreadDumps() {
    }

    /** A dump to read: a pid or a file. */
    public sealed interface Source permits Pid, DumpFile {
        /** How messages name it. */
        String describe();
    }

    public record Pid(long pid) implements Source {
        public String describe() {
            return "pid " + pid;
        }
    }

    public record DumpFile(Path path) implements Source {
        public String describe() {
            return path.toString();
        }
    }

    /** All digits is a pid; anything else is a file (write {@code ./1234} for a file named 1234). */
    public static Source source(String text) {
        return text.matches("\\d{1,10}") ? new Pid(Long.parseLong(text)) : new DumpFile(Path.of(text));
    }

    /** Streams every thread of the source to the visitor. Grouped files have no threads: refused. */
    public static void visit(Source source, DumpVisitor visitor) throws DumpException {
        switch (source) {
            case Pid(long pid) -> visitLive(pid, visitor);
            case DumpFile(Path path) -> {
                try (var in = open(path)) {
                    if (read(in, path.toString(), visitor) != null) {
                        throw new DumpException(path + " is a grouped dump (leaklab dump --format json): it keeps"
                                + " counts per stack, not threads; use the JDK's JSON dump for this");
                    }
                } catch (IOException e) {
                    throw new DumpException("cannot read " + path + ": " + e.getMessage());
                }
            }
        }
    }

    /** The source's stack groups: counted from its threads, or read from a grouped file. */
    public static ThreadProfile profile(Source source) throws DumpException {
        var groups = new StackGroups();
        if (source instanceof DumpFile(Path path)) {
            try (var in = open(path)) {
                ThreadProfile grouped = read(in, path.toString(), groups);
                return grouped != null ? grouped : groups.profile();
            } catch (IOException e) {
                throw new DumpException("cannot read " + path + ": " + e.getMessage());
            }
        }
        visit(source, groups);
        return groups.profile();
    }

    private static InputStream open(Path path) throws DumpException, IOException {
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new DumpException("no such file: " + path);
        }
    }

    /**
     * Reads one JSON document: a JDK dump is streamed to the visitor (returns null); a leaklab
     * grouped dump is returned whole, being small.
     */
    static ThreadProfile read(InputStream in, String what, DumpVisitor visitor) throws DumpException, IOException {
        try (JsonParser p = JSON.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new DumpException(what + " is empty");
            }
            if (first != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME) {
                throw new DumpException(what + " is not a thread dump: expected a JSON object");
            }
            switch (p.currentName()) {
                case "threadDump" -> {
                    JdkThreadDump.read(p, what, visitor);
                    return null;
                }
                case ProfileJson.MARKER -> {
                    return ProfileJson.read(p, what);
                }
                default -> throw new DumpException(what + " is not a thread dump: it starts with \""
                        + p.currentName() + "\", not \"threadDump\" (jcmd PID Thread.dump_to_file -format=json FILE)");
            }
        } catch (JsonEOFException e) {
            throw new DumpException(what + " is truncated: the JSON ends at line " + e.getLocation().getLineNr()
                    + " before the dump is complete");
        } catch (FollowingInputStream.WriterFailed e) {
            throw e.getCause() instanceof DumpException d ? d : new DumpException(what + ": " + e.getMessage());
        } catch (StreamReadException e) {
            throw new DumpException(what + " is not valid JSON at line " + e.getLocation().getLineNr()
                    + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    /**
     * Takes a JSON dump of a running JVM and parses it while it is being written. Another JVM
     * writes it through {@code jcmd Thread.dump_to_file} (Attach API); this JVM through
     * {@link HotSpotDiagnosticMXBean#dumpThreads}, as attaching to oneself is not allowed. The file
     * lives in a fresh temporary folder and is deleted afterwards.
     *
     * @return the size of the dump in bytes: what one reading cost the target to write
     */
    public static long visitLive(long pid, DumpVisitor visitor) throws DumpException {
        boolean self = pid == ProcessHandle.current().pid();
        if (!self) {
            Jcmd.requireProcess(pid);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("leaklab-dump-");
        } catch (IOException e) {
            throw new DumpException("cannot create a temporary folder for the dump: " + e.getMessage());
        }
        Path file = dir.resolve("threads.json");
        var written = CompletableFuture.runAsync(() -> {
            try {
                if (self) {
                    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                            .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
                } else {
                    String reply = Jcmd.execute(pid, "Thread.dump_to_file -format=json " + file).strip();
                    if (!reply.startsWith("Created")) {
                        throw new DumpException("pid " + pid + " could not write its thread dump: " + reply);
                    }
                }
            } catch (DumpException | IOException e) {
                throw new CompletionException(e);
            }
        }, r -> Thread.ofPlatform().daemon().name("leaklab-dump-writer").start(r));
        try (var in = new FollowingInputStream(file, written)) {
            if (read(in, "the thread dump of pid " + pid, visitor) != null) {
                throw new DumpException("pid " + pid + " wrote an unexpected document");
            }
            return in.bytesRead();
        } catch (IOException e) {
            throw new DumpException("cannot read the thread dump of pid " + pid + ": " + e.getMessage());
        } finally {
            written.exceptionally(e -> null).join(); // the writer may still hold the file: let it finish first
            try {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // a leftover temporary file is not worth failing a finished dump for
            }
        }
    }
}

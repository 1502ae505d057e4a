package dev.leaklab.internal.io;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file written whole or not at all: the bytes go to a temporary file beside the target, which
 * {@link #commit()} renames over it; {@link #close()} without a commit deletes the temporary
 * file, and so does the JVM's exit (Ctrl-C) for one still open then. (Not {@code deleteOnExit}: the
 * JDK keeps every name it was given until the exit, so a long-lived JVM that writes files, an
 * endpoint or a watch, would hold a name per file written.) A reader sees the old file or the new one, never
 * half of one. The new file keeps the old one's permissions (a 600 file stays 600), as {@code cp}
 * and {@code sed -i} do.
 *
 * <p>Only a regular file (or nothing) is ever replaced. With {@link Links#FOLLOW} (a name the user
 * gave) a symbolic link is followed, even one whose target does not exist yet, so the file it points
 * to is replaced or created and the link stays. A FIFO, a device or another special file
 * ({@code /dev/null}) is written directly: renaming over it would put a regular file in its place.
 * One of this process's own descriptors ({@code /dev/stdout}, {@code /dev/fd/N},
 * {@code /proc/self/fd/N}) is written through that descriptor, so {@code >>log} still appends and
 * a pipe stays a pipe. A folder is refused.
 *
 * <p>With {@link Links#REPLACE} (a name the program chose, such as {@code report.html} in a folder
 * that came from elsewhere) a link is never followed: the new file takes the link's place.
 */
public final class AtomicFile implements AutoCloseable {

    /** What to do when the target is a symbolic link. */
    public enum Links {
        /** Follow it: write the file it points to (for a path the user named, as a shell's {@code >} does). */
        FOLLOW,
        /** Replace the link itself with the new file; what it pointed to is never touched. */
        REPLACE
    }

    /** As Linux's open(2) (ELOOP): more links than this in a chain is a loop. */
    static final int MAX_LINKS = 40;
    /** Room left in a 255-byte file name for the temporary file's prefix and suffix. */
    private static final int MAX_STEM = 200;

    /** Temporary files open now, deleted by a shutdown hook if the JVM exits before their commit or close. */
    private static final Set<Path> PENDING = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.concurrent.atomic.AtomicBoolean HOOKED = new java.util.concurrent.atomic.AtomicBoolean();

    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private boolean committed;

    private AtomicFile(Path target, Path temp, OutputStream out) {
        this.target = target;
        this.temp = temp;
        this.out = out;
    }

    /** Opens a temporary file beside {@code target}, links followed ({@link Links#FOLLOW}). */
    public static AtomicFile open(Path target) throws IOException {
        return open(target, Links.FOLLOW);
    }

    /** Opens a temporary file beside {@code target} (same folder, so the rename is atomic). */
    public static AtomicFile open(Path target, Links links) throws IOException {
        if (links == Links.REPLACE) {
            Path here = target.toAbsolutePath();
            if (Files.isDirectory(here, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileSystemException(target.toString(), null, "it is a folder");
            }
            return beside(here, Files.isRegularFile(here, LinkOption.NOFOLLOW_LINKS));
        }
        Resolved r = resolve(target);
        if (r.descriptor() >= 0) {
            return new AtomicFile(null, null, descriptor(r.descriptor(), r.path()));
        }
        Path real = r.path();
        if (Files.isDirectory(real)) {
            throw new FileSystemException(target.toString(), null, "it is a folder");
        }
        if (Files.exists(real) && !Files.isRegularFile(real)) {
            // a FIFO or a device: as it is (no O_CREAT, no O_TRUNC)
            return new AtomicFile(null, null, Files.newOutputStream(real, StandardOpenOption.WRITE));
        }
        return beside(real, Files.exists(real));
    }

    /** Writes {@code bytes} to {@code target} atomically, links followed. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, bytes, Links.FOLLOW);
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes, Links links) throws IOException {
        try (var f = open(target, links)) {
            f.stream().write(bytes);
            f.commit();
        }
    }

    /**
     * The descriptor of this process that {@code target} names through its links ({@code /dev/stdout}
     * is 1), or -1: what a command's own standard output writer should serve, in order with the rest.
     */
    public static int descriptor(Path target) {
        try {
            return resolve(target).descriptor();
        } catch (IOException e) {
            return -1; // open() will say what is wrong with it
        }
    }

    /** Where a name leads: a path (links followed), or one of this process's descriptors. */
    record Resolved(Path path, int descriptor) { }

    /**
     * Follows {@code target}'s symbolic links one at a time, so a dangling link leads to the file it
     * would create, and a chain through {@code /proc/self/fd/N} stops at descriptor N instead of at
     * the descriptor's file ({@code /dev/stdout >>log} must append to log, not replace it).
     */
    static Resolved resolve(Path target) throws IOException {
        Path p = target.toAbsolutePath();
        for (int links = 0; ; links++) {
            Path parent = p.getParent();
            Path name = p.getFileName();
            if (parent == null || name == null) {
                return new Resolved(p, -1); // the root folder
            }
            Path here = parent.toRealPath().resolve(name);
            int fd = ownDescriptor(here);
            if (fd >= 0) {
                return new Resolved(here, fd);
            }
            if (!Files.isSymbolicLink(here)) {
                return new Resolved(here, -1);
            }
            if (links == MAX_LINKS) {
                throw new FileSystemException(target.toString(), null, "too many levels of symbolic links");
            }
            p = here.resolveSibling(Files.readSymbolicLink(here)); // relative to the link's folder; an absolute one as it is
        }
    }

    /** N for {@code /proc/PID/fd/N} (or {@code /proc/PID/task/TID/fd/N}) of this process, else -1. */
    static int ownDescriptor(Path real) {
        Matcher m = PROC_FD.matcher(real.toString());
        if (m.matches() && m.group(1).equals(Long.toString(ProcessHandle.current().pid()))) {
            try {
                return Integer.parseInt(m.group(2));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    private static final Pattern PROC_FD = Pattern.compile("/proc/(\\d+)(?:/task/\\d+)?/fd/(\\d+)");

    /**
     * A stream onto descriptor {@code fd}: 1 and 2 are this JVM's own (same offset and flags, so
     * {@code >>} still appends); another is reopened through {@code /proc} for appending, never
     * truncated. Closing it flushes and leaves the descriptor open.
     */
    private static OutputStream descriptor(int fd, Path path) throws IOException {
        if (fd == 1 || fd == 2) {
            (fd == 1 ? System.out : System.err).flush(); // what the JVM has buffered comes first
            return new FilterOutputStream(new FileOutputStream(fd == 1 ? FileDescriptor.out : FileDescriptor.err)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush(); // standard output stays open for the rest of the command
                }
            };
        }
        return Files.newOutputStream(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /**
     * A new temporary file in {@code real}'s folder: created exclusively (never through a link
     * planted under its name), with {@code real}'s permissions when it exists.
     */
    private static AtomicFile beside(Path real, boolean existing) throws IOException {
        PosixFileAttributes old = existing && Files.getFileAttributeView(real, PosixFileAttributeView.class) != null
                ? Files.readAttributes(real, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS) : null;
        String stem = real.getFileName().toString();
        stem = stem.length() > MAX_STEM ? stem.substring(0, MAX_STEM) : stem;
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        // created no wider than the old file (the umask may narrow it further), then set to exactly its mode
        FileAttribute<?>[] attrs = old == null ? new FileAttribute<?>[0]
                : new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(old.permissions())};
        String pid = Long.toString(ProcessHandle.current().pid());
        for (int i = 0; ; i++) {
            Path temp = real.resolveSibling("." + stem + "." + pid + (i == 0 ? "" : "-" + i) + ".tmp");
            OutputStream out;
            try {
                out = Channels.newOutputStream(Files.newByteChannel(temp, options, attrs));
            } catch (FileAlreadyExistsException taken) {
                if (i < 100) {
                    continue; // a stray one of an earlier process with this pid, or another writer's
                }
                throw taken;
            }
            pending(temp); // interrupted before commit or close: no stray temporary file
            var f = new AtomicFile(real, temp, out);
            if (old != null) {
                try {
                    f.keep(old);
                } catch (IOException | RuntimeException e) {
                    f.close(); // neither its descriptor nor the file stays behind
                    throw e;
                }
            }
            return f;
        }
    }

    private static void pending(Path temp) {
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> PENDING.forEach(AtomicFile::deleteQuietly),
                    "leaklab-atomic-file-cleanup"));
        }
        PENDING.add(temp);
    }

    /** How many temporary files are open now (for tests). */
    static int pendingTemporaryFiles() {
        return PENDING.size();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException | SecurityException ignored) {
            // a stray temporary file is the lesser problem
        }
    }

    /** The old file's owner and group where this process may set them, and its permissions. */
    private void keep(PosixFileAttributes old) throws IOException {
        var view = Files.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        try {
            var now = view.readAttributes();
            if (!now.group().equals(old.group())) {
                view.setGroup(old.group());
            }
            if (!now.owner().equals(old.owner())) {
                view.setOwner(old.owner()); // root only; anyone else keeps the file as their own
            }
        } catch (IOException | SecurityException notAllowed) {
            // as cp: the permissions are kept, the owner where allowed
        }
        view.setPermissions(old.permissions());
    }

    public OutputStream stream() {
        return out;
    }

    /** The content is whole: move it into place. */
    public void commit() throws IOException {
        out.close();
        if (temp != null) {
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            PENDING.remove(temp);
        }
        committed = true;
    }

    /** Without a commit: the temporary file is deleted, even when closing its stream fails. */
    @Override
    public void close() {
        if (!committed) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the descriptor is released all the same; the caller's error is reported
            }
            if (temp != null) {
                deleteQuietly(temp);
                PENDING.remove(temp);
            }
        }
    }
}

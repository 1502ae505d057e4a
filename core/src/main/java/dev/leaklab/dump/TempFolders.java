package dev.leaklab.dump;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The temporary folders live dumps are written into, deleted on every way out: by the code that made
 * them, and by one shutdown hook for SIGTERM, SIGINT and System.exit, which skip {@code finally}
 * (a dump of 100,000 threads is over 100 MB).
 */
final class TempFolders {

    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private TempFolders() {
    }

    static Path create(String prefix) throws IOException {
        if (HOOKED.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(TempFolders::deleteTree),
                        "leaklab-temp-cleanup"));
            } catch (IllegalStateException | SecurityException shuttingDownOrRefused) {
                // then only the maker's own delete runs
            }
        }
        Path dir = createPrivate(prefix);
        LIVE.add(dir);
        return dir;
    }

    /**
     * A new folder, 0700, under java.io.tmpdir, as {@code Files.createTempDirectory} makes it but
     * without its SecureRandom, whose set-up (security providers, seeding) was a tenth of a small
     * dump's time. The name need not be secret: the folder is created, never reused, so a name taken
     * by someone else fails the create and the next is tried.
     */
    private static Path createPrivate(String prefix) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        boolean posix = tmp.getFileSystem().supportedFileAttributeViews().contains("posix");
        var random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; ; attempt++) {
            Path dir = tmp.resolve(prefix + Long.toUnsignedString(random.nextLong()));
            try {
                return posix
                        ? Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")))
                        : Files.createTempDirectory(prefix);
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                if (attempt >= 100) {
                    throw taken;
                }
            }
        }
    }

    /** Deletes the folder and what is in it (the dump file only: the folder is ours, 0700). */
    static void delete(Path dir) {
        deleteTree(dir);
        LIVE.remove(dir);
    }

    private static void deleteTree(Path dir) {
        for (int attempt = 0; attempt < 3; attempt++) { // the target may be creating its file right now
            try {
                try (var files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
                return;
            } catch (NoSuchFileException gone) {
                return;
            } catch (IOException tryAgain) {
                // a file appeared between listing and deleting the folder
            }
        }
    }
}

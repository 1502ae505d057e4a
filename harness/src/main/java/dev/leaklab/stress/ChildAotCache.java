package dev.leaklab.stress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.leaklab.child.CellMain;
import dev.leaklab.link.CellSpec;
import dev.leaklab.result.ResultJson;
import dev.leaklab.result.ThreadKind;
import dev.leaklab.result.Variant;

/**
 * The child JVM's ahead-of-time cache (JDK 25, JEP 483/514: {@code -XX:AOTCacheOutput} once,
 * {@code -XX:AOTCache} after): the classes a cell loads, already parsed and linked, so each child
 * starts and sets up faster. It is built on first use by one short training child (a virtual flood
 * cell; the JVM turns JFR off while it makes a cache, so the child waits for no samples) and kept beside the child's jar,
 * named by a hash of the JDK and of the class path's files (path, size, time), so a rebuilt jar or
 * another JDK gets a cache of its own and a stale one is never used. A class path with a
 * directory (a build's classes, as in tests) gets none: the JVM caches only classes from jars.
 * Whatever goes wrong, the children run without it and the run says why.
 */
final class ChildAotCache {

    /** The cache to use, or why there is none. */
    record Choice(Path file, String note) {
        boolean on() {
            return file != null;
        }
    }

    /** The training child's phases: short, the flood's classes (HdrHistogram, the .hlog writer) included. */
    static final long TRAIN_WARMUP_MILLIS = 100, TRAIN_LOAD_MILLIS = 300, TRAIN_IDLE_MILLIS = 100;
    /** The longest the training child may take (dumping the cache takes a few seconds). */
    static final Duration TRAIN_DEADLINE = Duration.ofSeconds(120);

    private ChildAotCache() {
    }

    /**
     * The cache's file for these class-path entries on this JDK, or null when an entry is not a jar
     * file. With the recording and without it are two caches: {@code -XX:StartFlightRecording} adds
     * the jdk.jfr module, and a cache is only used with the modules it was made with.
     */
    static Path file(List<Path> entries, boolean recording) throws IOException {
        var key = new StringBuilder(Runtime.version().toString()).append('\n').append(System.getProperty("java.home"))
                .append('\n').append(recording ? "recording" : "no recording");
        for (Path e : entries) {
            if (!Files.isRegularFile(e)) {
                return null;
            }
            key.append('\n').append(e.toAbsolutePath()).append(' ').append(Files.size(e)).append(' ')
                    .append(Files.getLastModifiedTime(e).toMillis());
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            String name = "leaklab-cell-" + HexFormat.of().formatHex(hash, 0, 6) + ".aot";
            return entries.getFirst().toAbsolutePath().getParent().resolve(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    /**
     * The cache for the child's class path: the one already built, or one built now with a
     * training child run with {@code flags} (the children's own, but for the recording) in {@code work}.
     */
    static Choice ensure(List<Path> entries, List<String> flags, boolean recording, Path work) throws InterruptedException {
        Path file;
        try {
            file = file(entries, recording);
        } catch (IOException | RuntimeException e) {
            return new Choice(null, "off (the class path could not be read: " + e.getMessage() + ")");
        }
        if (file == null) {
            return new Choice(null, "off (the child's class path has a directory, e.g. a build's classes: the cache holds classes from jars only)");
        }
        if (Files.isRegularFile(file)) {
            return new Choice(file, file + " (built before)");
        }
        long start = System.nanoTime();
        try {
            String why = train(entries, flags, recording, work, file);
            if (why != null) {
                return new Choice(null, "off (" + why + ")");
            }
            pruneOthers(file);
        } catch (IOException | RuntimeException e) { // a cache is an optimisation: never a failed run
            return new Choice(null, "off (it could not be built: " + e.getMessage() + ")");
        }
        return new Choice(file, String.format(java.util.Locale.ROOT, "%s (built now, in %.1f s)", file,
                (System.nanoTime() - start) / 1e9));
    }

    /**
     * Deletes the caches of earlier builds beside {@code keep} (about 25 MB each): a rebuilt jar
     * never uses them again. The other recording mode's cache is kept only if as new as the jar.
     */
    static void pruneOthers(Path keep) {
        try (var siblings = Files.list(keep.getParent())) {
            for (Path p : siblings.toList()) {
                String name = p.getFileName().toString();
                if (!p.equals(keep) && name.startsWith("leaklab-cell-") && name.endsWith(".aot")
                        && Files.getLastModifiedTime(p).compareTo(newestJarTime(keep)) < 0) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // an old cache left behind costs disk space only
        }
    }

    /** The time of the newest jar beside the cache: a cache older than it was made from another build. */
    private static java.nio.file.attribute.FileTime newestJarTime(Path cache) throws IOException {
        try (var siblings = Files.list(cache.getParent())) {
            return siblings.filter(p -> p.getFileName().toString().endsWith(".jar")).map(p -> {
                try {
                    return Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    return java.nio.file.attribute.FileTime.fromMillis(0);
                }
            }).max(java.util.Comparator.naturalOrder()).orElse(java.nio.file.attribute.FileTime.fromMillis(0));
        }
    }

    /** Runs the training child; returns null when the cache is in place, else why not. */
    private static String train(List<Path> entries, List<String> flags, boolean recording, Path work, Path file)
            throws IOException, InterruptedException {
        Files.createDirectories(work);
        var spec = new CellSpec("aot-training", "unbounded-fan-out", Variant.LEAKY, ThreadKind.VIRTUAL, 50, 0,
                TRAIN_WARMUP_MILLIS, TRAIN_LOAD_MILLIS, TRAIN_IDLE_MILLIS, 0, 1000,
                new CellSpec.FloodSpec(10, 0.5, 50, 4, 16), null, recording);
        Path specFile = work.resolve(CellSpec.FILE);
        ResultJson.mapper().writeValue(specFile.toFile(), spec);
        // written under a name of its own, then moved: another run building the same cache cannot see half a file
        Path partial = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        var cmd = new ArrayList<String>();
        cmd.add(StressRun.javaExecutable());
        cmd.addAll(flags);
        cmd.add("-XX:AOTCacheOutput=" + partial);
        cmd.add("-D" + CellMain.TRAINING_PROPERTY + "=true"); // JFR is off while the cache is made: no samples to wait for
        cmd.add("-cp");
        cmd.add(String.join(java.io.File.pathSeparator, entries.stream().map(Path::toString).toList()));
        cmd.add(CellMain.class.getName());
        cmd.add(specFile.toAbsolutePath().toString()); // the child runs in work: a relative --out would not resolve there
        Path log = work.resolve("training.log");
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(TRAIN_DEADLINE.toNanos(), TimeUnit.NANOSECONDS)) {
                return "the training child outlived " + TRAIN_DEADLINE.toSeconds() + " s; its output: " + log;
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(partial)) {
                return "the training child exited with " + p.exitValue() + " and no cache; its output: " + log;
            }
            try {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return null;
        } finally {
            if (p.isAlive()) {
                Children.stop(p, Children.STOP_GRACE);
            }
            Files.deleteIfExists(partial);
            Files.deleteIfExists(partial.resolveSibling(partial.getFileName() + ".config")); // the JVM's own temporary
        }
    }
}

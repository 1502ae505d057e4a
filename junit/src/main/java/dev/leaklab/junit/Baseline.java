package dev.leaklab.junit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import dev.leaklab.internal.io.AtomicFile;

/**
 * Known leaks, as static-analysis tools keep a baseline of known findings: a text file, one
 * {@code <test> | <site>} a line, sorted so that a diff reads well. A leak listed here only warns;
 * a new one fails. The site has no line number ({@code pkg.Class.method}), so that an edit above it
 * does not make a known leak new.
 */
final class Baseline {

    static final String SEPARATOR = " | ";
    private static final String HEADER = """
            # leaklab: known thread leaks, one a line: <test> | <where the thread was created>
            # A leak listed here only warns; a new one fails. Written by leaklab.threads.baseline.record=true;
            # delete the lines of fixed leaks (the end-of-run summary lists them), or record again.
            """;

    private final Path file;
    private final Set<String> entries;

    private Baseline(Path file, Set<String> entries) {
        this.file = file;
        this.entries = entries;
    }

    static Baseline none() {
        return new Baseline(null, Set.of());
    }

    /** Reads the file; a missing file is an empty baseline (the first recording writes it). */
    static Baseline read(Path file) throws IOException {
        var entries = new TreeSet<String>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) {
                    if (!s.contains(SEPARATOR.strip())) {
                        throw new IOException(file + ": not a leaklab baseline line (<test> | <site>): " + s);
                    }
                    entries.add(normalize(s));
                }
            }
        } catch (NoSuchFileException e) {
            // nothing known yet
        }
        return new Baseline(file, entries);
    }

    static String entry(String test, String site) {
        return test + SEPARATOR + site;
    }

    /** {@code a|b}, {@code a | b} and {@code a  |  b} are one entry. */
    private static String normalize(String line) {
        int bar = line.indexOf('|');
        return entry(line.substring(0, bar).strip(), line.substring(bar + 1).strip());
    }

    Path file() {
        return file;
    }

    boolean knows(String entry) {
        return entries.contains(entry);
    }

    Set<String> entries() {
        return entries;
    }

    /** Test of an entry: the part before the separator. */
    static String test(String entry) {
        return entry.substring(0, entry.indexOf(SEPARATOR));
    }

    static void write(Path file, Collection<String> entries) throws IOException {
        var text = new StringBuilder(HEADER);
        for (String e : new TreeSet<>(entries)) {
            text.append(e).append('\n');
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        AtomicFile.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}

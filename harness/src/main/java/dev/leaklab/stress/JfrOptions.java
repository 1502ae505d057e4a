package dev.leaklab.stress;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Paths for JFR's option strings ({@code -XX:StartFlightRecording=...,filename=F}) and jcmd's
 * arguments ({@code JFR.dump filename=F}). Those split at commas and spaces, read quotes, and expand
 * {@code %p}; a folder the user names may hold any of them ({@code --out 'res,retry 1'}). So no
 * such path carries the user's folder: each is relative to the child's working folder, which is
 * the cell's own, and made of leaklab's own names alone.
 */
final class JfrOptions {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._/+-]+");

    private JfrOptions() {
    }

    /** {@code file} relative to {@code workingDir}, the child's working folder; it must read back as itself. */
    static String relative(Path workingDir, Path file) {
        String r = workingDir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString();
        if (!PLAIN.matcher(r).matches()) {
            throw new IllegalStateException("a path JFR would misread: " + r); // leaklab's own names are plain
        }
        return r;
    }
}

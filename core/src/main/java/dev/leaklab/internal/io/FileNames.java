package dev.leaklab.internal.io;

import java.nio.file.Path;

import dev.leaklab.io.UserError;

/**
 * File names that come from input data (a scenario or benchmark name in a run.json, an artifact
 * path): a crafted {@code a/../../../../tmp/x} must neither write nor read outside the folder it
 * belongs to.
 */
public final class FileNames {

    private FileNames() {
    }

    /**
     * {@code name} as one plain file name: letters, digits, {@code . _ -} and nothing else (each
     * other character becomes {@code _}), no leading dot, not empty, at most 120 characters.
     */
    public static String safe(String name) {
        String s = name == null ? "" : name.replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^\\.+", "_");
        if (s.isEmpty()) {
            s = "_";
        }
        return s.length() > 120 ? s.substring(0, 120) : s;
    }

    /**
     * {@code dir.resolve(relative)}, refused unless it stays inside {@code dir}.
     *
     * @throws UserError for an absolute path or one that climbs out with {@code ..}
     */
    public static Path inside(Path dir, String relative) {
        Path base = dir.toAbsolutePath().normalize();
        Path p = base.resolve(relative).normalize();
        if (!p.startsWith(base) || p.equals(base)) {
            throw new UserError("the file name " + Printable.escape(relative) + " leads outside " + dir
                    + "; refusing to use it (a damaged or crafted file?)");
        }
        return p;
    }
}

package dev.leaklab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.leaklab.internal.io.Printable;

/**
 * The names a report chooses for itself ({@code report.html}, {@code charts/}, its PNGs, a
 * {@code X-report/} folder) in a folder that may have come from elsewhere, such as a CI artifact:
 * a symbolic link found at one of them is replaced, never written through, so a report can change
 * nothing outside its folder. What was replaced is said in one line.
 */
final class OwnFiles {

    private final Path folder;
    private final List<String> replaced = new ArrayList<>();
    private int pngs;

    OwnFiles(Path folder) {
        this.folder = folder;
    }

    /** A folder of the report's own: a link there is removed (what it points to is untouched), then the folder is made. */
    Path folder(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            replaced.add(dir.getFileName() + "/ (to " + target(dir) + ")");
            Files.delete(dir); // the link itself, not what it points to
        }
        Files.createDirectories(dir);
        return dir;
    }

    /** A file of the report's own, to write with {@code AtomicFile.Links.REPLACE}; a link there is noted. */
    Path file(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            replaced.add(file.getFileName() + " (to " + target(file) + ")");
        }
        return file;
    }

    /** A chart's PNG: links among them are counted, not named one by one. */
    Path png(Path file) {
        if (Files.isSymbolicLink(file)) {
            pngs++;
        }
        return file;
    }

    /** The one line that says which links were replaced, if any were. */
    Optional<String> note() {
        var all = new ArrayList<>(replaced);
        if (pngs > 0) {
            all.add(pngs + (pngs == 1 ? " PNG file" : " PNG files") + " in " + Reports.CHART_DIR + "/");
        }
        if (all.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("replaced symbolic links in " + Printable.escape(folder.toString())
                + " with the report's own files, never writing through them (what they point to is unchanged): "
                + String.join(", ", all));
    }

    private static String target(Path link) throws IOException {
        return Printable.escape(Files.readSymbolicLink(link).toString());
    }
}

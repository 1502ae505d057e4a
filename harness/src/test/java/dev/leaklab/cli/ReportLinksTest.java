package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder from elsewhere (a CI artifact) whose {@code report.html}, {@code charts/} or PNGs
 * are symbolic links out of it: {@code report} replaces each link with a file or folder of its
 * own, says which in one line, and changes nothing outside the folder.
 */
class ReportLinksTest {

    static final Path RUN = OutputSafetyTest.RUN.getParent();

    @TempDir
    Path tmp;

    Path copyOfTheRun(String name) throws Exception {
        Path dir = tmp.resolve(name);
        try (Stream<Path> all = Files.walk(RUN)) {
            for (Path p : all.toList()) {
                Path to = dir.resolve(RUN.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return dir;
    }

    /** Everything under {@code dir}: each path with its kind, its link target or its bytes' hash, and its mtime. */
    static Map<String, String> snapshot(Path dir) throws Exception {
        var m = new TreeMap<String, String>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                String what = Files.isSymbolicLink(p) ? "link " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir"
                        : "file " + java.util.Arrays.hashCode(Files.readAllBytes(p));
                m.put(dir.relativize(p).toString(), what + " " + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
            }
        }
        return m;
    }

    static void assertOneLine(Leaklab r, String... contains) {
        assertThat(r.code()).as("exit code; err: %s", r.err()).isZero();
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("leaklab report: replaced symbolic links").contains(contains);
    }

    @Test
    void aReportAndAChartFolderThatAreLinksOutOfTheRunAreReplaced() throws Exception {
        Path run = copyOfTheRun("run");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("index.html"), "someone else's page");
        Path pictures = Files.createDirectories(outside.resolve("pictures"));
        Files.writeString(pictures.resolve("keep.png"), "not a png");
        Files.createSymbolicLink(run.resolve("report.html"), Path.of("../outside/index.html"));
        Files.createSymbolicLink(run.resolve("charts"), pictures.toAbsolutePath());
        var before = snapshot(outside);

        var r = Leaklab.run("report", run.toString());
        assertOneLine(r, "report.html (to ../outside/index.html)", "charts/ (to " + pictures.toAbsolutePath() + ")");
        assertThat(snapshot(outside)).as("nothing outside the run changed").isEqualTo(before);
        assertThat(Files.isRegularFile(run.resolve("report.html"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readString(run.resolve("report.html"))).contains("<html");
        assertThat(Files.isDirectory(run.resolve("charts"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(OutputSafetyTest.listing(run.resolve("charts"))).isNotEmpty().allMatch(n -> n.endsWith(".png"));

        // a second report finds its own files and says nothing
        var again = Leaklab.run("report", run.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).isEmpty();
    }

    @Test
    void pngsThatAreLinksAndAReportLinkToNothingAreReplacedWithoutTouchingTheirTargets() throws Exception {
        Path run = copyOfTheRun("run");
        var first = Leaklab.run("report", run.toString());
        assertThat(first.code()).as(first.err()).isZero();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        var pngs = OutputSafetyTest.listing(run.resolve("charts"));
        for (String png : pngs) {
            Path victim = Files.writeString(outside.resolve(png), "precious");
            Files.delete(run.resolve("charts").resolve(png));
            Files.createSymbolicLink(run.resolve("charts").resolve(png), victim.toAbsolutePath());
        }
        Files.delete(run.resolve("report.html"));
        Files.createSymbolicLink(run.resolve("report.html"), outside.resolve("created-by-nobody.html").toAbsolutePath());
        var before = snapshot(outside);

        var r = Leaklab.run("report", run.toString());
        assertOneLine(r, pngs.size() + " PNG files in charts/", "report.html (to ");
        assertThat(snapshot(outside)).isEqualTo(before);
        assertThat(outside.resolve("created-by-nobody.html")).doesNotExist();
        for (String png : pngs) {
            Path p = run.resolve("charts").resolve(png);
            assertThat(Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).as(png).isTrue();
            assertThat(Files.readAllBytes(p)).as(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        }
    }

    /** A thread dump's report goes to X-report/ beside it: a link there, or at its report.html, is replaced too. */
    @Test
    void aDumpReportsOwnFolderAndPageThatAreLinksAreReplaced() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path dump = Files.copy(OutputSafetyTest.DEMO, in.resolve("threads.json"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("report.html"), "someone else's page");
        Files.createSymbolicLink(in.resolve("threads-report"), outside.toAbsolutePath());
        var before = snapshot(outside);

        var r = Leaklab.run("report", dump.toString());
        assertOneLine(r, "threads-report/ (to " + outside.toAbsolutePath() + ")");
        assertThat(snapshot(outside)).isEqualTo(before);
        assertThat(Files.isDirectory(in.resolve("threads-report"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readString(in.resolve("threads-report").resolve("report.html"))).contains("<html");

        Path page = in.resolve("threads-report").resolve("report.html");
        Files.delete(page);
        Files.createSymbolicLink(page, outside.resolve("report.html").toAbsolutePath());
        var again = Leaklab.run("report", dump.toString());
        assertOneLine(again, "report.html (to " + outside.resolve("report.html").toAbsolutePath() + ")");
        assertThat(snapshot(outside)).isEqualTo(before);
        assertThat(Files.isRegularFile(page, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    /** A folder the user names with -o is theirs to point anywhere: followed, and nothing said. */
    @Test
    void aFolderTheUserNamesIsFollowed() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("latest-report"), real);
        var r = Leaklab.run("report", RUN.toString(), "-o", link.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(real.resolve("report.html")).isRegularFile();
        assertThat(real.resolve("charts")).isDirectory();
    }
}

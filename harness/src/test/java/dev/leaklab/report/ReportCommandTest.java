package dev.leaklab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.leaklab.cli.Leaklab;

/** The real command: files written where they should be, and bad input as one line with exit code 2. */
class ReportCommandTest {

    static Leaklab leaklab(String... args) {
        return Leaklab.run(args);
    }

    @Test
    void aRunsReportGoesIntoTheRunFolderWithAPngPerChart(@TempDir Path tmp) throws IOException {
        Path run = Fixtures.copy("run-quick", tmp);
        var r = leaklab("report", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Report: " + run.toAbsolutePath().resolve("report.html"), "Charts: 13 PNG files in ");
        assertThat(run.resolve("report.html")).isRegularFile();
        Path png = run.resolve("charts/threads-send-without-receiver-50.png");
        var image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(PngCharts.WIDTH);
        assertThat(image.getHeight()).isEqualTo(PngCharts.HEIGHT);
        // drawn, not blank: the series colours are in the picture
        assertThat(countColour(image, Palette.VERMILLION)).isGreaterThan(200);
        assertThat(countColour(image, Palette.BLUE)).isGreaterThan(200);
        try (var pngs = Files.list(run.resolve("charts"))) {
            assertThat(pngs.filter(p -> p.toString().endsWith(".png"))).hasSize(13);
        }
    }

    static long countColour(java.awt.image.BufferedImage image, String hex) {
        int want = Integer.parseInt(hex.substring(1), 16);
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == want) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void aJmhFilesReportGoesBesideItAndOutChoosesTheFolder(@TempDir Path tmp) throws IOException {
        Path json = Fixtures.copy("jmh/small.json", tmp);
        var r = leaklab("report", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(tmp.resolve("small-report/report.html")).isRegularFile();
        assertThat(tmp.resolve("small-report/charts/jmh-threadcreation-createonly.png")).isRegularFile();

        var o = leaklab("report", json.toString(), "-o", tmp.resolve("elsewhere").toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(tmp.resolve("elsewhere/report.html")).isRegularFile();
    }

    @Test
    void twoInputsOfAKindAreCompared(@TempDir Path tmp) throws IOException {
        Path base = Fixtures.copy("jmh/small.json", tmp);
        Path next = Fixtures.copy("jmh/smoke-one-iteration.json", tmp);
        var r = leaklab("report", base.toString(), next.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(tmp.resolve("smoke-one-iteration-vs-small-report/report.html")).content()
                .contains("two files compared", "ThreadCreation.createOnly");

        Path run = Fixtures.copy("run-quick", tmp);
        var runs = leaklab("report", run.toString(), run.resolve("run.json").toString());
        assertThat(runs.code()).as(runs.err()).isZero();
        assertThat(run.resolve("compare-run-quick/report.html")).content().contains("LEAKING → LEAKING");
    }

    @Test
    void aThreadDumpsReportGoesBesideItAndSaysWhere(@TempDir Path tmp) throws IOException {
        Path dump = Fixtures.copy("threads/dump-new.json", tmp);
        var r = leaklab("report", dump.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Path html = tmp.resolve("dump-new-report/report.html").toAbsolutePath();
        assertThat(r.out().strip()).isEqualTo("Report: " + html); // one page, no charts folder
        assertThat(html).content().contains("Threads of pid 1699", "<details class=\"group\"");
        assertThat(tmp.resolve("dump-new-report/charts")).doesNotExist();

        Path base = Fixtures.copy("threads/grouped-base.json", tmp);
        var diff = leaklab("report", base.toString(), dump.toString());
        assertThat(diff.code()).as(diff.err()).isZero();
        assertThat(tmp.resolve("dump-new-vs-grouped-base-report/report.html")).content()
                .contains("Thread growth between two dumps", "+70");

        Path leaks = Fixtures.copy("threads/leaks-proven.json", tmp);
        var page = leaklab("report", leaks.toString(), "-o", tmp.resolve("look/leaks.html").toString());
        assertThat(page.code()).as(page.err()).isZero();
        assertThat(page.out().strip()).isEqualTo("Report: " + tmp.resolve("look/leaks.html").toAbsolutePath());
        assertThat(tmp.resolve("look/leaks.html")).content().contains("Proven leaks", "com.example.billing.Billing.leakOnUnreachableQueue(Billing.java:48)");

        var dir = leaklab("report", leaks.toString(), "-o", tmp.resolve("folder").toString());
        assertThat(dir.code()).as(dir.err()).isZero();
        assertThat(tmp.resolve("folder/report.html")).isRegularFile();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dump-and-run", "dump-and-leaks", "diff-json", "truncated-dump"})
    void badThreadInputIsOneLineAndExitCodeTwo(String kind, @TempDir Path tmp) throws IOException {
        Path dump = Fixtures.copy("threads/dump-new.json", tmp);
        Path leaks = Fixtures.copy("threads/leaks-virtual.json", tmp);
        Path diff = Files.writeString(tmp.resolve("diff.json"), "{\"leaklab\": \"thread-diff\", \"schemaVersion\": 1}");
        String text = Files.readString(dump);
        Path truncated = Files.writeString(tmp.resolve("cut.json"), text.substring(0, text.length() / 2));
        String[] args = switch (kind) {
            case "dump-and-run" -> new String[] {"report", dump.toString(), Fixtures.runDir().toString()};
            case "dump-and-leaks" -> new String[] {"report", dump.toString(), leaks.toString()};
            case "diff-json" -> new String[] {"report", diff.toString()};
            default -> new String[] {"report", truncated.toString()};
        };
        var r = leaklab(args);
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("leaklab report: ").doesNotContain("\tat ");
        assertThat(r.err()).contains(switch (kind) {
            case "dump-and-run" -> "cannot compare a thread dump with a stress run or a JMH file";
            case "dump-and-leaks" -> "to compare, give two thread dumps (BASE NEW)";
            case "diff-json" -> "give the two dumps instead";
            default -> "is truncated";
        });
        try (var files = Files.list(tmp)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith("-report"))).as("nothing half-written").isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing", "folder", "text", "mixed", "three", "none"})
    void badInputIsOneLineAndExitCodeTwo(String kind, @TempDir Path tmp) throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("empty"));
        Path text = Files.writeString(tmp.resolve("notes.json"), "{\"hello\": 1}");
        Path jmh = Fixtures.copy("jmh/small.json", tmp);
        String[] args = switch (kind) {
            case "missing" -> new String[] {"report", tmp.resolve("nope").toString()};
            case "folder" -> new String[] {"report", folder.toString()};
            case "text" -> new String[] {"report", text.toString()};
            case "mixed" -> new String[] {"report", Fixtures.runDir().toString(), jmh.toString()};
            case "three" -> new String[] {"report", jmh.toString(), jmh.toString(), jmh.toString()};
            default -> new String[] {"report"};
        };
        var r = leaklab(args);
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("leaklab report: ").doesNotContain("\tat ");
        String expected = switch (kind) {
            case "missing" -> "no such file or folder";
            case "folder" -> "a folder without run.json";
            case "text" -> "neither a leaklab run (run.json), JMH's JSON (-rf json) nor a thread dump";
            case "mixed" -> "cannot compare a stress run with a JMH file";
            case "three" -> "give one input, or two to compare (BASE NEW)";
            default -> "Missing required parameter";
        };
        assertThat(r.err()).contains(expected);
    }

    @Test
    void helpSaysWhatItDraws() {
        var r = leaklab("report", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: leaklab report", "-o, --out=DIR", "BASE NEW", "self-contained", "thread dump",
                "flame graph", "leaklab leaks");
    }

    @Test
    void afterARunAFailedReportIsOneLineAndNoException(@TempDir Path tmp) throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("run.json"), "{\"kind\": \"leaklab-run\", \"schemaVersion\": 1, \"cells\": [");
        var out = new StringWriter();
        var made = Reports.makeAfterRun(run, new PrintWriter(out, true));
        assertThat(made).isEmpty();
        assertThat(out.toString().strip().lines()).singleElement().asString()
                .startsWith("Report: not made (").contains("leaklab report " + run.toAbsolutePath());
    }
}

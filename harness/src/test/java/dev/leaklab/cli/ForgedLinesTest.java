package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.leaklab.internal.io.Printable;

/**
 * Names from the input (a JMH benchmark, a run's scenario, a folder) that hold a line break must
 * not print a line of their own in any text output: a scenario named
 * {@code "send-without-receiver\nFORGED: every cell HEALTHY"} once did in {@code compare}. They go
 * through {@link Printable#escape}, as thread names do; in Markdown a {@code |} is escaped too, so a
 * table keeps its columns. (Thread names and frames in dump and diff: {@code HostileInputTest}.)
 */
class ForgedLinesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path JMH = Path.of("src/test/resources/compare/jmh");
    static final Path RUNS = Path.of("src/test/resources/compare/runs");
    /** What an unescaped name would put at the start of a line. */
    static final Pattern FORGED = Pattern.compile("(?m)^\\s*(\\| )?FORGED");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"\nFORGED: every cell HEALTHY", "\r\nFORGED: ok", "\u2028FORGED", "|x|\nFORGED | a | b |", "\u000bFORGED"})
    void aBenchmarkNameCannotForgeALineInCompare(String evil) throws Exception {
        Path base = renamedJmh("threadstartjoin-base.json", evil);
        Path next = renamedJmh("threadstartjoin-new.json", evil);
        for (String format : List.of("text", "markdown")) {
            var r = Leaklab.run("compare", base.toString(), next.toString(), "--format", format);
            assertThat(r.code()).as(r.err()).isZero();
            assertNoForgedLine(r.out(), format);
            assertThat(r.out()).contains(Printable.escape(evil).replace("|", format.equals("markdown") ? "\\|" : "|"));
        }
        // JSON keeps the name as it was
        var json = JSON.readTree(Leaklab.run("compare", base.toString(), next.toString(), "--format", "json").out());
        assertThat(json.toString()).contains(JSON.writeValueAsString(evil).replaceAll("^\"|\"$", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\nFORGED: every cell HEALTHY", "\u0085FORGED", "a|b\nFORGED"})
    void aScenarioNameCannotForgeALineInCompare(String evil) throws Exception {
        Path base = renamedRun("flood50ms.run.json", "base", evil);
        Path next = renamedRun("flood80ms.run.json", "new", evil);
        for (String format : List.of("text", "markdown")) {
            var r = Leaklab.run("compare", base.toString(), next.toString(), "--format", format);
            assertThat(r.code()).as(r.err()).isIn(0, 1);
            assertNoForgedLine(r.out(), format);
            assertThat(r.err()).doesNotContainPattern(FORGED);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\nFORGED: report", "\u2029FORGED"})
    void aFolderNameCannotForgeALineInReport(String evil) throws Exception {
        Path json = Files.copy(JMH.resolve("threadstartjoin-base.json"), tmp.resolve("jmh.json"));
        Path out = tmp.resolve("out" + evil);
        var r = Leaklab.run("report", json.toString(), "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContainPattern(FORGED).contains("Report: ");
        assertThat(out.resolve("report.html")).exists();
    }

    private static void assertNoForgedLine(String out, String format) {
        assertThat(out).as(format).doesNotContainPattern(FORGED).doesNotContain("\u2028", "\u2029", "\u0085", "\r");
        if (format.equals("markdown")) {
            // every table row has as many cells as its header
            int columns = -1;
            for (String line : out.lines().toList()) {
                if (!line.startsWith("|")) {
                    columns = -1;
                    continue;
                }
                int cells = line.replace("\\|", "").length() - line.replace("\\|", "").replace("|", "").length();
                if (columns < 0) {
                    columns = cells;
                }
                assertThat(cells).as("cells in: " + line).isEqualTo(columns);
            }
        }
    }

    private Path renamedJmh(String file, String evil) throws IOException {
        JsonNode all = JSON.readTree(JMH.resolve(file).toFile());
        for (JsonNode b : all) {
            ((ObjectNode) b).put("benchmark", b.path("benchmark").asText() + evil);
        }
        Path out = tmp.resolve(file);
        JSON.writeValue(out.toFile(), all);
        return out;
    }

    private Path renamedRun(String file, String side, String evil) throws IOException {
        JsonNode run = JSON.readTree(RUNS.resolve(file).toFile());
        for (JsonNode c : run.path("cells")) {
            ((ObjectNode) c).put("scenario", c.path("scenario").asText() + evil);
        }
        Path dir = Files.createDirectories(tmp.resolve(side));
        Path out = dir.resolve("run.json");
        JSON.writeValue(out.toFile(), run);
        return out;
    }
}

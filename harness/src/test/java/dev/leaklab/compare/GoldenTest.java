package dev.leaklab.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The output formats, sealed by golden files (as JMH seals its result formats): a change to a golden
 * file is a change to what users and their scripts read, and should be discussed first. To rewrite
 * them after a deliberate change: scripts/test -pl harness -Dtest=GoldenTest -Dleaklab.updateGolden=true
 */
class GoldenTest {

    static final Path GOLDEN = Path.of(Cli.RES, "golden");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "synthetic.txt,  text,     synthetic/base.json,       synthetic/new.json",
        "synthetic.md,   markdown, synthetic/base.json,       synthetic/new.json",
        "synthetic.json, json,     synthetic/base.json,       synthetic/new.json",
        "flood.txt,      text,     runs/flood50ms.run.json,   runs/flood80ms.run.json",
        "flood.json,     json,     runs/flood50ms.run.json,   runs/flood80ms.run.json",
        "killed.txt,     text,     runs/quick1.run.json,      runs/killed1.run.json",
        "jmh.txt,        text,     jmh/threadstartjoin-base.json, jmh/threadstartjoin-new.json",
    })
    void matchesTheGoldenFile(String golden, String format, String base, String next) throws IOException {
        var r = Cli.leaklab("compare", Cli.RES + base, Cli.RES + next, "--format", format);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        Path file = GOLDEN.resolve(golden);
        if (Boolean.getBoolean("leaklab.updateGolden")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, r.out());
        }
        assertThat(r.out()).isEqualTo(Files.readString(file));
        if (format.equals("json")) {
            var tree = new ObjectMapper().readTree(r.out());
            assertThat(tree.path("kind").asText()).isEqualTo("leaklab-compare");
            assertThat(tree.path("schemaVersion").asInt()).isEqualTo(1);
        }
    }
}

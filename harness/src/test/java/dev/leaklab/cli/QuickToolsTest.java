package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * dump, diff and leaks in their plain forms skip picocli ({@link QuickTools}): the same command line
 * must give the same output and exit code either way, and anything else must be left to picocli.
 */
class QuickToolsTest {

    static final String DEMO = "../core/src/test/resources/dumps/jdk25-demo.json";
    static final String JDK21 = "../core/src/test/resources/dumps/jdk21-demo.json";
    static final String TEXT = "../core/src/test/resources/dumps/jdk17-kill3.log";

    @ParameterizedTest
    @ValueSource(strings = {
        "dump " + DEMO,
        "dump " + DEMO + " --format json",
        "dump " + DEMO + " --format=json --debug 2",
        "dump " + DEMO + " --debug 2",
        "dump " + TEXT + "#1",
        "dump /nonexistent/x.json",
        "dump " + DEMO + " -o /nonexistent/x.txt",
        "dump 0",
        "dump 1 --timeout 0s",
        "diff " + JDK21 + " " + DEMO,
        "diff " + DEMO + " " + DEMO + " --format json",
        "leaks /nonexistent/rec.jfr --app com.acme.",
        "leaks " + DEMO + " --dump " + DEMO,
        "leaks 0",
        "leaks 0 --format json",
    })
    void aPlainCommandLineGivesWhatPicocliGives(String line) {
        String[] args = line.split(" ");
        assertThat(QuickTools.parse(args)).as("read by the quick path").isNotNull();
        var quick = run(args, false);
        var picocli = run(args, true);
        assertThat(quick).isEqualTo(picocli);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "dump", "dump --help", "dump -h", "dump " + DEMO + " --format JSON", "dump " + DEMO + " --format x",
        "dump " + DEMO + " --format json --format text", "dump " + DEMO + " -o - ", "dump " + DEMO + " --debug", "dump " + DEMO + " --debug 3",
        "dump " + DEMO + " --timeout soon", "dump " + DEMO + " -- x", "dump @args.txt", "dump " + DEMO + " " + DEMO,
        "dump " + DEMO + " --unknown 1", "diff " + DEMO, "leaks", "leaks x.jfr --app a,,b", "leaks x.jfr --app a --app b",
        "watch 1", "run send-without-receiver", "list", "-V",
    })
    void anythingElseIsLeftToPicocli(String line) {
        assertThat(QuickTools.parse(line.strip().split(" +"))).isNull();
    }

    @Test
    void optionsArriveAsPicocliWouldSetThem() {
        var dump = (DumpCommand) QuickTools.parse(new String[] {"dump", "7431", "-o", "base.json", "--format", "json",
                "--timeout", "5s", "--debug", "2"});
        assertThat(dump.source).isEqualTo("7431");
        assertThat(dump.options.output).isEqualTo(Path.of("base.json"));
        assertThat(dump.options.format).isEqualTo(Format.JSON);
        assertThat(dump.target.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(dump.debug).isEqualTo(2);
        var leaks = (LeaksCommand) QuickTools.parse(new String[] {"leaks", "rec.jfr", "--dump=7431", "--app", "com.acme.,org.x."});
        assertThat(leaks.dump).isEqualTo("7431");
        assertThat(leaks.app).isEqualTo(List.of("com.acme.", "org.x."));
        assertThat(leaks.options.format).isEqualTo(Format.TEXT);
        assertThat(leaks.options.output).isNull();
    }

    @Test
    void outputToAFileIsTheSameEitherWay(@TempDir Path dir) throws Exception {
        var quick = run(new String[] {"dump", DEMO, "--format", "json", "-o", dir.resolve("quick.json").toString()}, false);
        var picocli = run(new String[] {"dump", DEMO, "--format", "json", "-o", dir.resolve("picocli.json").toString()}, true);
        assertThat(quick).isEqualTo(picocli);
        assertThat(Files.readString(dir.resolve("quick.json"))).isEqualTo(Files.readString(dir.resolve("picocli.json")))
                .contains("\"total\" : 17");
    }

    private static Leaklab run(String[] args, boolean picocli) {
        var out = new StringWriter();
        var err = new StringWriter();
        var o = new PrintWriter(out, true);
        var e = new PrintWriter(err, true);
        int code = picocli ? Main.executeParsed(args, o, e) : Main.execute(args, o, e);
        return new Leaklab(code, out.toString(), err.toString());
    }
}

package dev.leaklab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leaklab.cli.Main;
import dev.leaklab.input.RunJson;
import dev.leaklab.result.Outcome;

/**
 * {@code stress --out} with what JFR's option strings and the JVM's flags would misread (a comma,
 * {@code =}, quotes, {@code %p}, spaces); and a run whose every cell crashed, which must say so and
 * exit {@value Main#EXIT_NO_CELL_RAN}.
 */
class StressOutNamesTest {

    @Test
    void aRunFolderWhoseNameJfrWouldSplitStillRecordsEveryCell(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("res,retry 1").resolve("a=b 'c\" %p,filename=x");
        StressEndToEndTest.run(StressEndToEndTest.argsWithLoad(out, "1s", "--variants", "leaky"));
        var run = RunJson.read(out);
        assertThat(run.complete()).isTrue();
        var cell = run.cells().getFirst();
        assertThat(cell.outcome()).as("%s %s", cell.outcomeDetail(), cell.stderrTail()).isEqualTo(Outcome.COMPLETED);
        assertThat(cell.artifacts()).containsKey("jfr");
        assertThat(out.resolve(cell.artifacts().get("jfr"))).isRegularFile();
        assertThat(cell.threads().samples()).isPositive();
        assertThat(String.join(" ", run.environment().childJvmFlags())).as("no part of --out in the child's flags")
                .doesNotContain("retry", "a=b", "%p,", tmp.toString());
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void aRunWhoseEveryCellCrashedSaysSoInOneLineAndExitsEight(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Main.execute(StressEndToEndTest.argsWithLoad(out, "1s", "--inject-child-option", "-XX:+NoSuchLeaklabOption"),
                new PrintWriter(stdout, true), new PrintWriter(stderr, true));
        assertThat(code).as("stderr: %s%nstdout: %s", stderr, stdout).isEqualTo(Main.EXIT_NO_CELL_RAN);
        assertThat(stderr.toString().strip().lines()).as(stderr.toString()).singleElement().asString()
                .startsWith("leaklab stress: every cell crashed (2 of 2), all for one cause: exited with code 1")
                .contains("Unrecognized VM option 'NoSuchLeaklabOption'")
                .contains(out.resolve("cells").toString());
        var run = RunJson.read(out);
        assertThat(run.complete()).as("run.json keeps the cells").isTrue();
        assertThat(run.cells()).hasSize(2).allMatch(c -> c.outcome() == Outcome.CRASHED);
        assertThat(Files.exists(out.resolve("run.json"))).isTrue();
    }
}

package dev.leaklab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leaklab.child.CellMain;
import dev.leaklab.input.RunJson;
import dev.leaklab.result.Outcome;

/** A child JVM's class path holds leaklab, HdrHistogram and Jackson, and none of the command's own libraries. */
class ChildClassPathTest {

    /** A class of each library only the command uses: picocli, XChart, Commons Math. */
    static final List<String> COMMAND_ONLY = List.of("picocli/CommandLine.class", "org/knowm/xchart/XYChart.class",
            "org/apache/commons/math3/stat/regression/SimpleRegression.class");

    @Test
    void theEntriesHoldNoneOfTheCommandsLibraries() throws IOException {
        var testClassPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList();
        for (String c : COMMAND_ONLY) {
            assertThat(testClassPath).as("this JVM's class path holds %s, so the check below can fail", c)
                    .anyMatch(e -> holds(e, c));
        }
        var entries = ChildClassPath.entries();
        assertThat(entries).hasSize(ChildClassPath.ANCHORS.size()); // a build's classes and Maven's jars: one entry each
        for (Path e : entries) {
            for (String c : COMMAND_ONLY) {
                assertThat(holds(e, c)).as("%s holds %s", e, c).isFalse();
            }
        }
    }

    @Test
    void aJvmOnThatClassPathLoadsTheChildButNotTheCommandsLibraries(@TempDir Path tmp) throws Exception {
        Path probe = tmp.resolve("Probe.java");
        Files.writeString(probe, """
                public class Probe {
                    public static void main(String[] names) {
                        for (String n : names) {
                            try {
                                Class.forName(n, false, Probe.class.getClassLoader());
                                System.out.println("loads " + n);
                            } catch (ClassNotFoundException e) {
                                System.out.println("lacks " + n);
                            }
                        }
                    }
                }
                """);
        var cmd = new ArrayList<>(List.of(StressRun.javaExecutable(), "-cp", ChildClassPath.value(), probe.toString(),
                CellMain.class.getName(), "dev.leaklab.child.ScaleMain", "dev.leaklab.census.LiveThreads",
                "org.HdrHistogram.Histogram", "com.fasterxml.jackson.databind.ObjectMapper",
                "picocli.CommandLine", "org.knowm.xchart.XYChart", "org.apache.commons.math3.stat.regression.SimpleRegression"));
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out.lines()).containsExactly("loads dev.leaklab.child.CellMain", "loads dev.leaklab.child.ScaleMain",
                "loads dev.leaklab.census.LiveThreads", "loads org.HdrHistogram.Histogram",
                "loads com.fasterxml.jackson.databind.ObjectMapper", "lacks picocli.CommandLine",
                "lacks org.knowm.xchart.XYChart", "lacks org.apache.commons.math3.stat.regression.SimpleRegression");
    }

    @Test
    void aStressRunLaunchesItsChildOnThatClassPath(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        var seen = new AtomicReference<List<String>>();
        var exit = new AtomicInteger(-1);
        var run = Thread.ofPlatform().name("stress-run").start(() -> exit.set(
                dev.leaklab.cli.Leaklab.run(StressEndToEndTest.argsWithLoad(out, "1s", "--variants", "fixed")).code()));
        while (run.isAlive() && seen.get() == null) {
            ProcessHandle.current().descendants()
                    .map(h -> h.info().arguments().map(List::of).orElse(List.of()))
                    .filter(args -> args.contains(CellMain.class.getName()))
                    .findFirst().ifPresent(seen::set);
            Thread.sleep(20);
        }
        run.join();
        assertThat(exit.get()).isZero();
        assertThat(RunJson.read(out).cells()).singleElement().extracting(c -> c.outcome()).isEqualTo(Outcome.COMPLETED);
        List<String> args = seen.get();
        assertThat(args).as("the child's command line, read while it ran").isNotNull();
        assertThat(args.get(args.indexOf("-cp") + 1)).isEqualTo(ChildClassPath.value());
    }

    static boolean holds(Path entry, String resource) {
        try {
            if (Files.isDirectory(entry)) {
                return Files.exists(entry.resolve(resource));
            }
            if (!Files.isRegularFile(entry)) {
                return false;
            }
            try (var zip = new ZipFile(entry.toFile())) {
                return zip.getEntry(resource) != null;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

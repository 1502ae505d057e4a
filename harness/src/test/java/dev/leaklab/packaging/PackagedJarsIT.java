package dev.leaklab.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two jars the build makes (see harness/pom.xml): leaklab.jar, the command, and
 * leaklab-cell.jar beside it, what a child JVM runs, on which its children run alone.
 */
class PackagedJarsIT {

    static final Path TARGET = Path.of("target").toAbsolutePath();
    static final Path COMMAND = TARGET.resolve("leaklab.jar");
    static final Path CELL = TARGET.resolve("leaklab-cell.jar");

    @Test
    void theCellJarHoldsTheChildSideAndNoneOfTheCommandsLibraries() throws IOException {
        var cell = entries(CELL);
        assertThat(cell).contains("dev/leaklab/child/CellMain.class", "dev/leaklab/child/ScaleMain.class",
                "dev/leaklab/census/LiveThreads.class", "org/HdrHistogram/Histogram.class",
                "com/fasterxml/jackson/databind/ObjectMapper.class", "dev/leaklab/jfr/leaklab.jfc");
        assertThat(cell).noneMatch(e -> e.startsWith("picocli/") || e.startsWith("org/knowm/")
                || e.startsWith("org/apache/commons/") || e.startsWith("dev/leaklab/cli/") || e.startsWith("dev/leaklab/report/"));
    }

    @Test
    void theCommandJarNamesTheCellJarAndHoldsNoClassOfIt() throws IOException {
        try (var jar = new JarFile(COMMAND.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Class-Path")).isEqualTo(CELL.getFileName().toString());
        }
        var command = entries(COMMAND);
        assertThat(command).contains("dev/leaklab/cli/Main.class", "picocli/CommandLine.class");
        var shared = entries(CELL).stream().filter(e -> e.endsWith(".class") && command.contains(e)).toList();
        assertThat(shared).as("classes in both jars").isEmpty();
    }

    @Test
    void aStressRunFromTheJarRunsItsChildOnTheCellJarAlone(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        var p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", COMMAND.toString(),
                "stress", "--scenarios", "send-without-receiver", "--kinds", "virtual", "--variants", "fixed",
                "--warmup", "0s", "--load", "1s", "--idle", "500ms", "--heap", "128m", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out.log").toFile()).start();
        List<String> child = null;
        while (p.isAlive() && child == null) {
            child = p.descendants().map(h -> h.info().arguments().map(List::of).orElse(List.<String>of()))
                    .filter(a -> a.contains("dev.leaklab.child.CellMain")).findFirst().orElse(null);
            Thread.sleep(20);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        String log = Files.readString(tmp.resolve("out.log"));
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(child).as("the child's command line, read while it ran; %s", log).isNotNull();
        assertThat(child.get(child.indexOf("-cp") + 1)).isEqualTo(CELL.toString());
        assertThat(Files.readString(out.resolve("run.json"))).contains("\"outcome\" : \"COMPLETED\"");
    }

    static List<String> entries(Path jar) throws IOException {
        try (var zip = new JarFile(jar.toFile())) {
            return Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
        }
    }
}

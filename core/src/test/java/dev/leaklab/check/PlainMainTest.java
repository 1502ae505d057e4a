package dev.leaklab.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** core's check needs no test framework: a plain main() fails on the thread it leaked. */
class PlainMainTest {

    /** By the jar's name only: the folders above it may be called anything (a checkout in ~/junit-work). */
    private static boolean framework(String jar) {
        return jar.contains("junit") || jar.contains("opentest4j") || jar.contains("testng") || jar.contains("apiguardian");
    }

    @Test
    void aMainWithoutAnyTestFrameworkFailsOnItsLeak() throws Exception {
        // This JVM's class path less every test framework's jars: core's classes, its tests' classes, Jackson.
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !framework(Path.of(e).getFileName().toString()))
                .collect(Collectors.joining(File.pathSeparator));
        Path out = Files.createTempFile("plain-main", ".out");
        try {
            Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-cp", classPath, PlainMain.class.getName()))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
            String text = Files.readString(out);
            assertThat(text).as(text).doesNotContain("FRAMEWORK").contains("LEAK 1 thread leaked by the checked code")
                    .contains("NAMED").doesNotContain("UNNAMED").doesNotContain("NO LEAK FOUND");
            assertThat(p.exitValue()).as(text).isEqualTo(1);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}

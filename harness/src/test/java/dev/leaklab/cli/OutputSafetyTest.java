package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where results go: {@code -o} never turns a device, a FIFO or a link into a regular file; file
 * names taken from input stay inside the output folder; a run.json that lacks what readers need,
 * or an output that cannot be written, is one line and exit code 2.
 */
class OutputSafetyTest {

    static final Path DEMO = Path.of("../core/src/test/resources/dumps/jdk25-demo.json");
    static final Path RUN = Path.of("src/test/resources/dev/leaklab/report/run-quick/run.json");

    @TempDir
    Path tmp;

    static void assertOneLineExitTwo(Leaklab r, String... contains) {
        HostileInputTest.assertOneLineExitTwo(r, contains);
    }

    @Test
    void aDeviceIsWrittenNotReplaced() throws Exception {
        var r = Leaklab.run("dump", DEMO.toString(), "-o", "/dev/null");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.isRegularFile(Path.of("/dev/null"))).isFalse();
        assertThat(Files.exists(Path.of("/dev/null"))).isTrue();
    }

    @Test
    void aFifoIsWrittenNotReplaced() throws Exception {
        Path fifo = tmp.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        var read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        var r = Leaklab.run("dump", DEMO.toString(), "-o", fifo.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(read.get()).startsWith("threads: 17 ");
        assertThat(Files.isRegularFile(fifo)).isFalse();
        assertThat(Files.isRegularFile(fifo, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void aLinkIsFollowedAndKept() throws Exception {
        Path target = Files.writeString(tmp.resolve("target.txt"), "old");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        var r = Leaklab.run("dump", DEMO.toString(), "-o", link.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).startsWith("threads: 17 ");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("target.txt", "link");
        }
    }

    @Test
    void aDashIsStandardOutput() {
        var r = Leaklab.run("dump", DEMO.toString(), "-o", "-");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("threads: 17 ");
        assertThat(Path.of("-")).doesNotExist();
    }

    @Test
    void whatCannotBeWrittenIsOneLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertOneLineExitTwo(Leaklab.run("dump", DEMO.toString(), "-o", tmp.toString()), "is a folder");
        assertOneLineExitTwo(Leaklab.run("dump", DEMO.toString(), "-o", "/proc/x"), "cannot write /proc/x");
        assertOneLineExitTwo(Leaklab.run("dump", DEMO.toString(), "-o", file.resolve("under").toString()), "cannot write");
        assertOneLineExitTwo(Leaklab.run("report", RUN.toString(), "-o", file.toString()), "cannot use");
        assertOneLineExitTwo(Leaklab.run("report", RUN.toString(), "-o", "/proc/x"), "cannot use /proc/x");
        for (String out : List.of("/proc/x", file.resolve("under").toString())) {
            var r = Leaklab.run("stress", "--scenarios", "send-without-receiver", "--load", "1s", "--out", out);
            assertOneLineExitTwo(r, "--out " + out);
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly("a-file");
        }
    }

    ObjectNode run() throws Exception {
        return (ObjectNode) new ObjectMapper().readTree(RUN.toFile());
    }

    Path runFolder(String name, ObjectNode run) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        new ObjectMapper().writeValue(dir.resolve("run.json").toFile(), run);
        return dir;
    }

    /** One report of a run whose cells carry every crafted name at once (a report takes seconds). */
    @Test
    void aScenarioNameNeverLeadsOutOfTheReportFolder() throws Exception {
        var run = run();
        var names = List.of("a/../../../../TMP/escaped", "../../escaped", "/TMP/escaped", "..", ".", "a\\..\\b", "x\u0000y", "\u001b]0;x");
        var cells = run.get("cells");
        assertThat(cells.size()).isGreaterThanOrEqualTo(names.size());
        for (int i = 0; i < names.size(); i++) {
            ((ObjectNode) cells.get(i)).put("scenario", names.get(i).replace("TMP", tmp.toString().substring(1)));
        }
        Path dir = runFolder("run", run);
        Path out = tmp.resolve("out");
        var r = Leaklab.run("report", dir.toString(), "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        try (Stream<Path> all = Files.walk(tmp)) {
            assertThat(all.filter(Files::isRegularFile).map(p -> tmp.relativize(p).toString()))
                    .allMatch(p -> p.equals("run/run.json") || p.equals("out/report.html") || p.matches("out/charts/[A-Za-z0-9._-]+\\.png"))
                    .contains("out/report.html");
        }
        assertThat(tmp.resolve("escaped-50.png")).doesNotExist();
    }

    @Test
    void anArtifactPathOutsideTheRunFolderIsRefused() throws Exception {
        var run = run();
        for (var cell : run.get("cells")) {
            if (cell.path("artifacts").has("hlog")) {
                ((ObjectNode) cell.get("artifacts")).put("hlog", "../../../../etc/passwd");
            }
        }
        var r = Leaklab.run("report", runFolder("run", run).toString(), "-o", tmp.resolve("out").toString());
        assertOneLineExitTwo(r, "leads outside");
    }

    @Test
    void aRunWithoutWhatReadersNeedIsOneLine() throws Exception {
        var noVerdict = run();
        ((ObjectNode) noVerdict.get("cells").get(0)).remove("verdict");
        var nullCell = run();
        ((com.fasterxml.jackson.databind.node.ArrayNode) nullCell.get("cells")).set(0, com.fasterxml.jackson.databind.node.NullNode.getInstance());
        var noCells = run();
        noCells.remove("cells");
        for (var entry : List.of(List.of("no-verdict", "(here: no \"verdict\""), List.of("null-cell", "(here: null"), List.of("no-cells", "no \"cells\""))) {
            var run = switch (entry.get(0)) {
                case "no-verdict" -> noVerdict;
                case "null-cell" -> nullCell;
                default -> noCells;
            };
            Path dir = runFolder(entry.get(0), run);
            assertOneLineExitTwo(Leaklab.run("report", dir.toString(), "-o", tmp.resolve("out").toString()), entry.get(1));
            assertOneLineExitTwo(Leaklab.run("compare", dir.toString(), RUN.toString()), "cell");
        }
    }

    @Test
    void reportAndCompareAgreeOnAnEmptyJmhArray() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.json"), "[]");
        assertOneLineExitTwo(Leaklab.run("report", empty.toString(), "-o", tmp.resolve("out").toString()), "no JMH benchmarks");
        assertOneLineExitTwo(Leaklab.run("compare", empty.toString(), empty.toString()), "no JMH benchmarks");
    }

    /** SIGTERM while {@code dump -o} writes: the temporary file beside the target goes with the JVM. */
    @Test
    void anInterruptedDumpLeavesNoTemporaryFile() throws Exception {
        Path big = tmp.resolve("big.json");
        try (var w = Files.newBufferedWriter(big)) {
            Iterable<List<String>> all = () -> java.util.stream.IntStream.range(0, 200_000)
                    .mapToObj(i -> List.of(Integer.toString(i), "t-" + i, "app.Busy.run(Busy.java:1)")).iterator();
            HostileInputTest.writeDump(w, all, 200_000);
        }
        Path out = tmp.resolve("out").resolve("list.txt");
        Files.createDirectories(out.getParent());
        try (var jvm = ChildJvm.leaklab(List.of(), "dump", "--debug", "2", big.toString(), "-o", out.toString())) {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (listing(out.getParent()).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(listing(out.getParent())).as("the temporary file while it writes").singleElement().asString().endsWith(".tmp");
            ProcessHandle.of(jvm.pid()).ifPresent(ProcessHandle::destroy); // SIGTERM
            jvm.exitCode(java.time.Duration.ofSeconds(30));
        }
        assertThat(listing(out.getParent())).as("after SIGTERM").isEmpty();
    }

    static List<String> listing(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void aNanSlopeIsLeftOutOfACompareAndSaidSo() throws Exception {
        var run = run();
        ((ObjectNode) run.get("cells").get(0).get("threads").get("slopePerSec")).put("slope", "NaN");
        var r = Leaklab.run("compare", runFolder("nan", run).toString(), RUN.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
    }
}

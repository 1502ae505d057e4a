package dev.leaklab.compare;

import dev.leaklab.input.InputKind;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code leaklab compare} end to end, on real runs and real JMH output. */
class CompareCommandTest {

    static final String FLOOD50 = Cli.RES + "runs/flood50ms.run.json";
    static final String FLOOD80 = Cli.RES + "runs/flood80ms.run.json";
    static final String QUICK = Cli.RES + "runs/quick1.run.json";
    static final String KILLED = Cli.RES + "runs/killed1.run.json";
    static final String JMH_BASE = Cli.RES + "jmh/threadstartjoin-base.json";
    static final String JMH_NEW = Cli.RES + "jmh/threadstartjoin-new.json";
    static final String BENCH = Cli.RES + "jmh/leaklab-bench-20261128.json";
    static final String SYN_BASE = Cli.RES + "synthetic/base.json";
    static final String SYN_NEW = Cli.RES + "synthetic/new.json";

    @TempDir
    Path tmp;

    @Test
    void hasHelp() {
        var r = Cli.leaklab("compare", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: leaklab compare", "--alpha", "--threshold", "--fail-on", "--format", "BASE", "NEW");
    }

    @Test
    void twoRealStressRunsCompare() {
        // two real runs of 'leaklab stress --repeat 4', the second with a slower downstream call (80 ms, not 50 ms)
        var r = Cli.leaklab("compare", FLOOD50, FLOOD80);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("config.flood.serviceTimeMillis", "threads.slopePerSec (threads/s; lower is better)");
        assertThat(r.out()).containsPattern("unbounded-fan-out leaky virtual 50/s +50\\.82 +±∞ +80\\.81 +±∞ +\\+59\\.0% +p=0\\.028 n=4\\+4 +REGRESSION");
        // the leak itself did not change: 100 threads left behind on both sides
        assertThat(r.out()).containsPattern("send-without-receiver leaky virtual 50/s +100 +±∞ +100 +±∞ +~ +p=1\\.000 n=4\\+4");
    }

    /** A copy of the quick run with {@code edit} applied to its JSON tree. */
    Path editedQuick(String name, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> edit) throws IOException {
        var mapper = new ObjectMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(Path.of(QUICK).toFile());
        edit.accept(root);
        Path file = tmp.resolve(name);
        mapper.writeValue(file.toFile(), root);
        return file;
    }

    @Test
    void aThreadCapDerivedFromTheHostIsShownApartFromTheSettings() throws IOException {
        // issue 26: the same command on a host with 400 more threads in use got a cap of 8000, not 8100
        Path other = editedQuick("other-host.json", root -> {
            ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("config")).put("platformThreadCap", 8000);
            ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("environment").get("hostLimits")).put("safe platform-thread cap", 8000);
        });
        var r = Cli.leaklab("compare", other.toString(), QUICK);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("Settings that differ").contains("Derived from the host, not settings")
                .containsPattern("config\\.platformThreadCap +8000 \\(from the host\\) +→ +8100 \\(from the host\\)");

        // set by --thread-cap (not the host's safe cap): a setting like any other
        Path chosen = editedQuick("chosen-cap.json",
                root -> ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("config")).put("platformThreadCap", 500));
        assertThat(Cli.leaklab("compare", chosen.toString(), QUICK).out())
                .doesNotContain("Derived from the host").contains("Settings that differ")
                .containsPattern("config\\.platformThreadCap +500 +→ +8100 \\(from the host\\)");
    }

    @Test
    void aPerThreadSlopeWhoseIntervalSpansZeroIsATildeWithItsInterval() throws IOException {
        // issue 26: heap -7.76 KiB per thread from 4 points, 95% CI -29.5 to +17.0 KiB
        Path wide = editedQuick("wide.json", root -> {
            var fit = (com.fasterxml.jackson.databind.node.ObjectNode) root.get("cells").get(2).get("memory").get("heapBytesPerThread");
            fit.put("slope", -7946.0).put("ciLow", -30208.0).put("ciHigh", 17408.0);
        });
        var r = Cli.leaklab("compare", QUICK, wide.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String heapTable = r.out().substring(r.out().indexOf("memory.heapBytesPerThread"));
        assertThat(heapTable).containsPattern("send-without-receiver leaky virtual 50/s +2745 +±3\\.7%ᶠ +~ +\\(-30\\.21k to 17\\.41k\\)ⁿ")
                .contains("ⁿ: not a figure");
        assertThat(heapTable.lines().filter(l -> l.strip().startsWith("send-without-receiver leaky virtual")).findFirst().orElseThrow())
                .doesNotContain("-7.95");
    }

    @Test
    void aRunFolderReadsLikeItsRunJson() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("run"));
        Files.copy(Path.of(FLOOD50), folder.resolve("run.json"));
        var r = Cli.leaklab("compare", folder.toString(), FLOOD80);
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("base: " + folder.resolve("run.json") + "  (leaklab run, 16 cells (4 repeats)");
    }

    @Test
    void twoRealJmhFilesCompareAcrossTimeUnits() {
        // base ran with the benchmarks' own units (us/op, ops/ms), new with -tu ns and extra work in every thread
        var r = Cli.leaklab("compare", JMH_BASE, JMH_NEW);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("score (us/op; lower is better)", "score (ops/ms; higher is better)",
                "gc.alloc.rate.norm (B/op; lower is better)", "ThreadStartJoin.startJoin kind=virtual");
        assertThat(r.out()).doesNotContain("Not compared", "Only in");
        // 20 000 loop turns more in every thread: about twice the time to start and join a virtual thread
        assertThat(r.out()).containsPattern("ThreadStartJoin\\.startJoin kind=virtual +52\\.52 +±68% +102\\.8 +±28% +\\+95\\.7% +p=0\\.004 n=10\\+10 +REGRESSION");
        // ...lost in the noise of starting a platform thread, which costs ten times more
        assertThat(r.out()).containsPattern("ThreadStartJoin\\.startJoin kind=platform +384\\.2 +±55% +410\\.6 +±59% +~ +p=1\\.000 n=10\\+10");
    }

    @Test
    void aRealBenchRunAgainstItselfIsAllTilde() {
        // scripts/bench's output (55 benchmarks, 3 forks, avgt and ss, -prof gc and the footprint profiler)
        var r = Cli.leaklab("compare", BENCH, BENCH, "--fail-on", "any");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("footprint.heap (B/thread; lower is better)", "score (ms/op; lower is better)");
        var rows = r.out().lines().filter(l -> l.matches("  [A-Z]\\w+\\.\\w+.*")).toList();
        assertThat(rows).hasSizeGreaterThan(200).allSatisfy(l -> assertThat(l).containsPattern("  ~  "));
    }

    @Test
    void verdictAndOutcomeChangesLeadTheOutput() {
        var r = Cli.leaklab("compare", QUICK, KILLED);
        assertThat(r.code()).isZero();
        String out = r.out();
        int verdicts = out.indexOf("Verdict changes");
        int outcomes = out.indexOf("Outcome changes");
        int firstTable = out.indexOf("threads.slopePerSec (");
        assertThat(verdicts).isPositive().isLessThan(outcomes);
        assertThat(outcomes).isLessThan(firstTable);
        assertThat(out).containsPattern("send-without-receiver leaky virtual 50/s +LEAKING ×1 +→ +INCONCLUSIVE ×1 +changed");
        assertThat(out).containsPattern("send-without-receiver leaky virtual 50/s +COMPLETED ×1 +→ +CRASHED ×1 +WORSE");
        // the cells the killed run did not have are listed, not dropped
        assertThat(out).contains("Only in base").containsPattern("executor-never-shutdown fixed virtual 50/s +1 +threads.slopePerSec");
    }

    @Test
    void failOnRegressionExitsOneOnlyWhenSomethingGotWorse() throws IOException {
        assertThat(Cli.leaklab("compare", SYN_BASE, SYN_NEW).code()).isZero();
        var r = Cli.leaklab("compare", SYN_BASE, SYN_NEW, "--fail-on", "regression");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("leaklab compare: --fail-on regression: 1 regression");
        // +20.5% is not beyond a 25% threshold
        assertThat(Cli.leaklab("compare", SYN_BASE, SYN_NEW, "--fail-on", "regression", "--threshold", "25%").code()).isZero();
        // the same file on both sides
        assertThat(Cli.leaklab("compare", SYN_BASE, SYN_BASE, "--fail-on", "any").code()).isZero();
        // swapped: the shifted benchmark got faster, the throughput one slower
        var swapped = Cli.leaklab("compare", SYN_NEW, SYN_BASE, "--fail-on", "regression");
        assertThat(swapped.code()).isEqualTo(1);
        assertThat(swapped.out()).containsPattern("Synthetic.faster .* -16\\.\\d% .* REGRESSION");
        // cells that stopped returning to their baseline: verdicts HEALTHY -> LEAKING
        Path leaking = Files.writeString(tmp.resolve("leaking.json"),
                Files.readString(Path.of(FLOOD50)).replace("\"verdict\" : \"HEALTHY\"", "\"verdict\" : \"LEAKING\""));
        var v = Cli.leaklab("compare", FLOOD50, leaking.toString(), "--fail-on", "regression");
        assertThat(v.code()).isEqualTo(1);
        assertThat(v.out()).containsPattern("send-without-receiver fixed virtual 50/s +HEALTHY ×4 +→ +LEAKING ×4 +WORSE");
        assertThat(v.err()).contains("2 regressions");
    }

    @Test
    void failOnAnyCountsImprovementsToo() {
        var r = Cli.leaklab("compare", SYN_BASE, SYN_NEW, "--fail-on", "any");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--fail-on any: 2 changes");
    }

    @Test
    void jsonOutputIsMachineReadable() throws IOException {
        var r = Cli.leaklab("compare", FLOOD50, FLOOD80, "--format", "json", "--fail-on", "regression");
        assertThat(r.code()).isEqualTo(1);
        var tree = new ObjectMapper().readTree(r.out());
        assertThat(tree.path("base").path("kind").asText()).isEqualTo("leaklab-run");
        assertThat(tree.path("settings").path("failOn").asText()).isEqualTo("regression");
        assertThat(tree.path("regressions")).hasSize(2);
        var p50 = tree.path("metrics").findValues("metric").stream().map(n -> n.asText()).toList();
        assertThat(p50).contains("flood.latencyMs.p50", "memory.heapBytesPerThread");
    }

    @Test
    void markdownHasTables() {
        var r = Cli.leaklab("compare", SYN_BASE, SYN_NEW, "--format", "markdown");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("## leaklab compare").contains("|---|---:|---|---:|---|---:|---|---|",
                "| Synthetic.shifted | 99.76 | ±0.4% | 120.2 | ±0.4% | +20.5% | p=0.000 n=10+10 | REGRESSION |");
    }

    @Test
    void everySchemaVersionWrittenSoFarReads() {
        // schema 1: the real 36-cell quick run, and a run whose child was killed
        var quick = Inputs.read(QUICK);
        assertThat(quick.kind()).isEqualTo(InputKind.LEAKLAB_RUN);
        assertThat(quick.groups()).hasSize(36);
        assertThat(quick.series()).filteredOn(s -> s.metric().equals("threads.slopePerSec")).hasSize(36);
        assertThat(quick.series()).filteredOn(s -> s.metric().equals("flood.latencyMs.p99")).hasSize(4);
        var killed = Inputs.read(KILLED);
        assertThat(killed.groups().getFirst().outcomes()).containsExactly("CRASHED");
    }
}

package dev.leaklab.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntUnaryOperator;

import org.junit.jupiter.api.Test;

import dev.leaklab.analysis.CellRecording;
import dev.leaklab.analysis.CellRecording.Phase;
import dev.leaklab.analysis.CellRecording.Point;
import dev.leaklab.analysis.CellRecording.Sample;
import dev.leaklab.result.Verdict;

/** The analysis on synthetic recordings whose answer is known. */
class CellAnalysisTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Samples every 100 ms: 1 s before load, 3 s of load, 1 s idle; threads(ms since load start). */
    static CellRecording recording(IntUnaryOperator threads, boolean withIdle, List<Point> heap) {
        var samples = new ArrayList<Sample>();
        for (int ms = -1000; ms <= (withIdle ? 4000 : 3000); ms += 100) {
            samples.add(new Sample(T0.plusMillis(ms), threads.applyAsInt(ms), 0, 6, 2, 0, 0, 0, 0, 0));
        }
        var phases = new ArrayList<Phase>(List.of(
                new Phase("warmup", T0.minusMillis(1000), T0, 0, true),
                new Phase("load", T0, T0.plusMillis(3000), 150, true)));
        if (withIdle) {
            phases.add(new Phase("idle", T0.plusMillis(3000), T0.plusMillis(4000), 0, true));
        } else {
            phases.set(1, new Phase("load", T0, T0.plusMillis(3000), 0, false));
        }
        return new CellRecording(samples, phases, heap, List.of(), List.of(), Optional.empty(), CellRecording.Source.FILE);
    }

    static int leak(int ms) {
        return ms < 0 ? 1 : 1 + Math.min(ms, 3000) * 50 / 1000; // 50 threads/s during load, then stays
    }

    @Test
    void aLinearClimbThatStaysUpIsLeaking() {
        var f = CellAnalysis.analyse(recording(CellAnalysisTest::leak, true, List.of()));
        assertThat(f.verdict()).isEqualTo(Verdict.LEAKING);
        assertThat(f.threads().slopePerSec().slope()).isCloseTo(50, within(0.5));
        assertThat(f.threads().slopePerSec().rSquared()).isGreaterThan(0.99);
        assertThat(f.threads().baseline()).isEqualTo(1);
        assertThat(f.threads().leftBehind()).isEqualTo(150);
        assertThat(f.threads().returnedToBaseline()).isFalse();
        assertThat(f.reason()).contains("grew at 50.0 threads/s");
    }

    @Test
    void aFlatCountIsHealthy() {
        var f = CellAnalysis.analyse(recording(ms -> 1, true, List.of()));
        assertThat(f.verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(f.threads().slopePerSec().slope()).isZero();
        assertThat(f.threads().returnedToBaseline()).isTrue();
    }

    @Test
    void aCountThatRisesWithLoadAndFallsWhenIdleIsHealthy() {
        // the Go guide: "count increases during traffic spikes, then decreases"
        var f = CellAnalysis.analyse(recording(ms -> ms < 0 || ms > 3200 ? 1 : 1 + ms / 100, true, List.of()));
        assertThat(f.threads().slopePerSec().excludesZero()).isTrue();
        assertThat(f.verdict()).isEqualTo(Verdict.HEALTHY);
    }

    @Test
    void withoutAnIdleTailAGrowingCountIsInconclusive() {
        var f = CellAnalysis.analyse(recording(CellAnalysisTest::leak, false, List.of()));
        assertThat(f.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(f.reason()).contains("no idle tail");
        assertThat(f.threads().slopePerSec().slope()).isCloseTo(50, within(0.5));
    }

    @Test
    void aCountThatStaysUpWithoutGrowingIsInconclusive() {
        var f = CellAnalysis.analyse(recording(ms -> ms < 0 ? 1 : 40, true, List.of()));
        assertThat(f.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(f.reason()).contains("did not grow significantly");
    }

    @Test
    void memoryPerThreadIsTheSlopeAgainstTheCountNotADivision() {
        // 40 MB of everything else plus 2 KiB per thread, read at each GC (every 500 ms)
        var heap = new ArrayList<Point>();
        for (int ms = 0; ms <= 4000; ms += 500) {
            heap.add(new Point(T0.plusMillis(ms), 40_000_000L + 2048L * leak(ms)));
        }
        var f = CellAnalysis.analyse(recording(CellAnalysisTest::leak, true, heap));
        assertThat(f.memory().heapBytesPerThread().slope()).isCloseTo(2048, within(1.0));
        assertThat(f.memory().heapBytesPerThread().n()).isEqualTo(9);
        assertThat(f.memory().peakHeapAfterGcBytes()).isEqualTo(40_000_000L + 2048L * 151);
    }

    @Test
    void noMemoryPerThreadWhenTheCountHardlyMoves() {
        var heap = List.of(new Point(T0, 1), new Point(T0.plusMillis(1000), 2), new Point(T0.plusMillis(2000), 3));
        var f = CellAnalysis.analyse(recording(ms -> 1 + (ms > 0 ? 5 : 0), true, heap));
        assertThat(f.memory().heapBytesPerThread()).isNull();
    }

    @Test
    void nothingRecordedIsInconclusiveNotAnError() {
        var f = CellAnalysis.analyse(CellRecording.empty());
        assertThat(f.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(f.reason()).contains("no live-thread samples");
    }

    /** The same leak with jdk.CPULoad readings every second: this JVM at 20%, all processes at {@code machine}. */
    static CellRecording withCpu(CellRecording r, double machine) {
        var cpu = new ArrayList<CellRecording.CpuLoad>();
        for (int ms = -1000; ms <= 4000; ms += 1000) {
            cpu.add(new CellRecording.CpuLoad(T0.plusMillis(ms), 0.2, machine));
        }
        return new CellRecording(r.samples(), r.phases(), r.heapAfterGc(), r.rss(), r.nmtThreadStack(), r.capped(),
                r.source(), cpu);
    }

    @Test
    void aQuietHostIsNotBusy() {
        var f = CellAnalysis.analyse(withCpu(recording(CellAnalysisTest::leak, true, List.of()), 0.3));
        assertThat(f.host().busy()).isFalse();
        assertThat(f.host().note()).isNull();
        assertThat(f.host().othersCpu()).isCloseTo(0.1, within(1e-9));
        assertThat(f.host().cellCpu()).isCloseTo(0.2, within(1e-9));
        assertThat(f.host().sampleIntervalP50Ms()).isEqualTo(100.0);
        assertThat(f.host().sampleIntervalMaxMs()).isEqualTo(100.0);
    }

    @Test
    void otherProcessesTakingHalfTheMachineMakeTheHostBusyButLeaveTheVerdict() {
        var f = CellAnalysis.analyse(withCpu(recording(CellAnalysisTest::leak, true, List.of()), 0.95));
        assertThat(f.verdict()).isEqualTo(Verdict.LEAKING);
        assertThat(f.host().busy()).isTrue();
        assertThat(f.host().note()).isEqualTo("other processes used 75% of the machine's CPU");
    }

    @Test
    void aStarvedSamplerMakesTheHostBusy() {
        var r = recording(CellAnalysisTest::leak, true, List.of());
        var gappy = r.samples().stream().filter(s -> {
            long ms = java.time.Duration.between(T0, s.time()).toMillis();
            return ms < 1000 || ms > 1400; // from 0.9 s to 1.5 s into the load: a 600 ms gap
        }).toList();
        var f = CellAnalysis.analyse(new CellRecording(gappy, r.phases(), r.heapAfterGc(), r.rss(), r.nmtThreadStack(),
                r.capped(), r.source()));
        assertThat(f.verdict()).isEqualTo(Verdict.LEAKING);
        assertThat(f.host().busy()).isTrue();
        assertThat(f.host().othersCpu()).isNull();
        assertThat(f.host().note()).isEqualTo("the 100 ms sampler waited up to 600 ms for a CPU");
    }

    @Test
    void whatHappensAfterTheLoadLeavesTheHostQuiet() {
        // the next cell's JVM starts during the idle tail: a busy machine and a starved sampler then do not count
        var r = recording(CellAnalysisTest::leak, true, List.of());
        var cpu = new ArrayList<CellRecording.CpuLoad>();
        for (int ms = -1000; ms <= 4000; ms += 1000) {
            cpu.add(new CellRecording.CpuLoad(T0.plusMillis(ms), 0.2, ms > 3000 ? 0.95 : 0.3));
        }
        var gappy = r.samples().stream().filter(s -> {
            long ms = java.time.Duration.between(T0, s.time()).toMillis();
            return ms < 3200 || ms > 3800;
        }).toList();
        var f = CellAnalysis.analyse(new CellRecording(gappy, r.phases(), r.heapAfterGc(), r.rss(), r.nmtThreadStack(),
                r.capped(), r.source(), cpu));
        assertThat(f.host().busy()).as(String.valueOf(f.host().note())).isFalse();
        assertThat(f.host().othersCpu()).isCloseTo(0.1, within(1e-9));
        assertThat(f.host().sampleIntervalMaxMs()).isEqualTo(100.0);
    }
}

package dev.leaklab.bench.footprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class FootprintTest {

    private static MemoryReading reading(long heap, long rss, long nmtThread, long nmtStack) {
        return new MemoryReading(heap, rss, nmtThread, nmtStack);
    }

    @Test
    void perThreadCostIsTheSlopeSoWhatEveryReadingSharesDropsOut() {
        // 50 MB of JVM under every reading; 1000 B heap, 12 KiB RSS, 32 KiB NMT per thread.
        int[] counts = {500, 1000, 1500, 2000};
        long base = 50_000_000;
        var readings = java.util.Arrays.stream(counts)
                .mapToObj(n -> reading(base + 1000L * n, base + 12_288L * n, 32_768L * n, 28_672L * n))
                .toList();
        Footprint f = Footprint.slopeOf(counts, readings);
        assertThat(f.threads()).isEqualTo(2000);
        assertThat(f.heapBytesPerThread()).isCloseTo(1000, within(1e-6));
        assertThat(f.rssBytesPerThread()).isCloseTo(12_288, within(1e-6));
        assertThat(f.nmtThreadBytesPerThread()).isCloseTo(32_768, within(1e-6));
        assertThat(f.nmtStackBytesPerThread()).isCloseTo(28_672, within(1e-6));
    }

    @Test
    void aReadingThatCouldNotBeTakenMakesThatComponentNaN() {
        int[] counts = {1, 2};
        Footprint f = Footprint.slopeOf(counts, List.of(reading(10, 10, -1, -1), reading(20, 30, -1, -1)));
        assertThat(f.heapBytesPerThread()).isCloseTo(10, within(1e-9));
        assertThat(f.rssBytesPerThread()).isCloseTo(20, within(1e-9));
        assertThat(f.nmtThreadBytesPerThread()).isNaN();
        assertThat(f.nmtStackBytesPerThread()).isNaN();
    }

    @Test
    void needsOneReadingPerCountAndAtLeastTwo() {
        assertThatThrownBy(() -> Footprint.slopeOf(new int[] {1}, List.of(reading(1, 1, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Footprint.slopeOf(new int[] {1, 2}, List.of(reading(1, 1, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReadingOfThisJvmHasHeapAndRss() {
        MemoryReading r = MemoryReading.afterFullGc();
        assertThat(r.heapUsedBytes()).isPositive();
        assertThat(r.rssBytes()).isGreaterThan(r.heapUsedBytes() / 100); // /proc/self/status was read
        assertThat(r.nmtStackBytes()).isEqualTo(-1); // surefire's JVM runs without NMT
        assertThat(MemoryReading.nmtEnabled()).isFalse();
    }
}

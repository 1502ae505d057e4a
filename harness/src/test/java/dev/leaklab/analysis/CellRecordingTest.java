package dev.leaklab.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leaklab.junit.CheckThreadLeaks;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;

/** What the parent reads back from a real recording. */
@CheckThreadLeaks(ignoreNames = "JFR Periodic Tasks") // the JDK's, started by the first recording in the JVM
class CellRecordingTest {

    static volatile Object sink;

    @Test
    void heapAfterGcIsReadAfterTheExplicitFullGcsOnlyNotAfterYoungOnes(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("cell.jfr");
        try (var r = new Recording()) {
            r.enable("jdk.GCHeapSummary");
            r.enable("jdk.GarbageCollection").withThreshold(java.time.Duration.ZERO);
            r.start();
            System.gc();
            // garbage in small pieces until young collections have run (the heap's size is the test JVM's)
            long young = youngCount();
            for (int i = 0; i < 200_000 && youngCount() < young + 2; i++) {
                for (int j = 0; j < 64; j++) {
                    sink = new byte[16 * 1024];
                }
            }
            System.gc();
            r.stop();
            r.dump(file);
        }
        var afterGc = new ArrayList<String>();
        for (var e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals("jdk.GCHeapSummary") && "After GC".equals(e.getString("when"))) {
                afterGc.add(String.valueOf(e.getInt("gcId")));
            }
        }
        var explicit = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.GarbageCollection") && "System.gc()".equals(e.getString("cause")))
                .toList();
        assertThat(explicit).hasSize(2);
        assertThat(afterGc).as("young collections ran, so the recording has more readings than explicit GCs").hasSizeGreaterThan(2);

        var rec = CellRecording.read(file, tmp.resolve("no-repository"));
        assertThat(rec.heapAfterGc()).hasSize(2);
        assertThat(rec.heapAfterGc().getFirst().time()).isBeforeOrEqualTo(rec.heapAfterGc().getLast().time());
        assertThat(List.of(explicit.getFirst().getEndTime(), explicit.getLast().getEndTime()))
                .allMatch(t -> rec.heapAfterGc().stream().anyMatch(p -> Math.abs(p.time().toEpochMilli() - t.toEpochMilli()) < 1000));
    }

    static long youngCount() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(b -> b.getName().contains("Young")).mapToLong(b -> b.getCollectionCount()).sum();
    }
}

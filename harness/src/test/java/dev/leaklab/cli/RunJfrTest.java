package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leaklab.junit.CheckThreadLeaks;

/** {@code run --jfr}: the JVM's JFR thread stays once a recording ran; it is the JDK's, not a leak. */
@CheckThreadLeaks(ignoreNames = "JFR Periodic Tasks")
class RunJfrTest {

    static Leaklab leaklab(String... args) {
        return Leaklab.run(args);
    }

    /** The README's find-leaks block records its target with run --jfr and reads it with leaks. */
    @Test
    void runRecordsUnderJfrForLeaks(@TempDir Path tmp) throws Exception {
        Path rec = tmp.resolve("rec.jfr");
        var r = leaklab("run", "send-without-receiver", "--variant", "fixed", "--kind", "virtual", "--rate", "20/s",
                "--duration", "1s", "--idle", "0s", "--report-every", "1s", "--jfr", rec.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Recording: " + rec);
        try (var events = jdk.jfr.consumer.RecordingFile.readAllEvents(rec).stream()) {
            assertThat(events.map(e -> e.getEventType().getName()).distinct())
                    .contains("jdk.VirtualThreadStart", "jdk.VirtualThreadEnd", "jdk.ThreadStart");
        }
        var leaks = leaklab("leaks", rec.toString());
        assertThat(leaks.code()).as(leaks.err()).isZero();
        assertThat(leaks.out()).contains("leaks in " + rec + ": ");
        try (var left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("rec.jfr");
        }
    }

    @Test
    void runRefusesAJfrFileItCannotWriteBeforeItRuns(@TempDir Path tmp) {
        var r = leaklab("run", "send-without-receiver", "--duration", "10m", "--jfr", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.out()).doesNotContain("[START]");
    }

}

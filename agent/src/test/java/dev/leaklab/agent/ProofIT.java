package dev.leaklab.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proof mode: threads collected while blocked are reported, every one; threads still reachable or ended never. */
class ProofIT {
    @TempDir
    Path dir;

    @Test
    void reportsExactlyTheThreadsNothingCanReach() throws Exception {
        Path jfr = dir.resolve("proof.jfr");
        var r = ChildJvm.run(List.of(ChildJvm.javaagent("prove,quiet"), "-Djdk.trackAllThreads=false",
                "-XX:StartFlightRecording:filename=" + jfr, "-Xlog:jfr+startup=off"), Blocked.class, "2000", "300", "3000");

        assertThat(r.exitCode()).as(r.err()).isZero();
        String leakSite = r.value("LEAKSITE");
        var proven = r.out().lines().filter(l -> l.startsWith("PROVEN ")).toList();
        assertThat(proven).as("the leaked threads, and only them").containsExactly("PROVEN " + leakSite + " 2000");

        long inJfr = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (e.getEventType().getName().equals("dev.leaklab.ProvenLeak")) {
                assertThat(e.getString("site")).isEqualTo(leakSite);
                inJfr += e.getLong("count");
            }
        }
        assertThat(inJfr).as("ProvenLeak counts in the recording").isEqualTo(2000);
    }

    @Test
    void provesNothingWhileTheJdkTracksAllThreads() throws Exception {
        var r = ChildJvm.run(List.of(ChildJvm.javaagent("prove,quiet")), Blocked.class, "100", "0", "0");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("leaklab-agent: prove needs -Djdk.trackAllThreads=false");
        assertThat(r.out()).doesNotContain("PROVEN");
    }
}

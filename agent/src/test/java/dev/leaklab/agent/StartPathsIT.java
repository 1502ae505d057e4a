package dev.leaklab.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way a Java program starts a thread, each in its own JVM with the agent: the registry and
 * the JFR event must both name the program's calling line as the creation site.
 */
class StartPathsIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"Thread.start", "ofPlatform", "ofVirtual", "startVirtualThread", "ThreadFactory",
            "VirtualThreadFactory", "ThreadPoolExecutor", "newVirtualThreadPerTaskExecutor", "newThreadPerTaskExecutor",
            "ForkJoinPool", "CompletableFuture.runAsync", "StructuredTaskScope"})
    void recordsTheCallingLine(String path) throws Exception {
        Path jfr = dir.resolve("rec.jfr");
        var args = new ArrayList<>(List.of(ChildJvm.javaagent("quiet"), "-XX:StartFlightRecording:filename=" + jfr,
                "-Xlog:jfr+startup=off"));
        // StructuredTaskScope is a preview API in JDK 25; the child calls it reflectively.
        if (path.equals("StructuredTaskScope")) args.add("--enable-preview");
        var r = ChildJvm.run(args, StartPaths.class, path);

        assertThat(r.exitCode()).as(r.err()).isZero();
        String expect = r.value("EXPECT");
        assertThat(expect).startsWith(StartPaths.class.getName() + ".");
        assertThat(r.value("ORIGIN")).as("registry").isEqualTo(expect);
        assertThat(jfrSite(jfr, Long.parseLong(r.value("TID")))).as("JFR event").isEqualTo(withoutFile(expect));
    }

    /** The first application frame of the ThreadCreated event for thread {@code tid}, as "Class.method:line". */
    static String jfrSite(Path jfr, long tid) throws Exception {
        assertThat(Files.size(jfr)).isPositive();
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (!e.getEventType().getName().equals("dev.leaklab.ThreadCreated") || e.getLong("startedThreadId") != tid) continue;
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                String c = f.getMethod().getType().getName();
                if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("dev.leaklab.agent.boot.")) continue;
                return c + "." + f.getMethod().getName() + ":" + f.getLineNumber();
            }
            return "no application frame";
        }
        return "no ThreadCreated event for thread " + tid;
    }

    static String withoutFile(String site) {
        // "a.B.m(B.java:42)" -> "a.B.m:42"
        return site.substring(0, site.indexOf('(')) + ":" + site.substring(site.lastIndexOf(':') + 1, site.length() - 1);
    }
}

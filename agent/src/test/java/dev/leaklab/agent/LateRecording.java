package dev.leaklab.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Child program: threads start before Flight Recorder does (the agent has not loaded its JFR
 * events yet), then a recording starts in-process and one more virtual thread starts; prints how
 * many dev.leaklab.ThreadCreated events the recording holds ("EVENTS n") and the first one's
 * calling frame ("FRAME ...").
 */
public final class LateRecording {
    public static void main(String[] args) throws Throwable {
        Thread.ofVirtual().start(() -> { }).join();
        Thread.ofPlatform().start(() -> { }).join();
        Path file = Files.createTempFile("late", ".jfr");
        try (var recording = new Recording()) {
            recording.enable("dev.leaklab.ThreadCreated").withStackTrace();
            recording.start();
            Thread.ofVirtual().start(() -> { }).join();
            recording.stop();
            recording.dump(file);
        }
        int events = 0;
        String frame = "none";
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("dev.leaklab.ThreadCreated")) continue;
            if (events++ == 0) {
                frame = e.getStackTrace().getFrames().stream()
                        .filter(f -> f.getMethod().getType().getName().equals(LateRecording.class.getName()))
                        .map(f -> f.getMethod().getName() + ":" + f.getLineNumber()).findFirst().orElse("none");
            }
        }
        Files.delete(file);
        System.out.println("EVENTS " + events);
        System.out.println("FRAME " + frame);
    }
}

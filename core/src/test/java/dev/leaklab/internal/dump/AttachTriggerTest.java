package dev.leaklab.internal.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target in a container names its attach files by its pid in its own namespace (the last
 * number of {@code NSpid:} in {@code /proc/PID/status}), as the JDK's attach does: the trigger
 * left behind by a timeout is looked for under that name. A fake {@code /proc/PID} stands for
 * a container's JVM: pid 4242 here, 7 inside.
 */
class AttachTriggerTest {

    @TempDir
    Path proc;

    @Test
    void theNamespacePidIsTheLastOfTheNSpidLine() throws Exception {
        Files.writeString(proc.resolve("status"), "Name:\tjava\nPid:\t4242\nNSpid:\t4242\t7\nPPid:\t1\n");
        assertThat(Targets.nsPid(proc, 4242)).isEqualTo(7);
        Files.writeString(proc.resolve("status"), "Name:\tjava\nPid:\t4242\nNSpid:\t4242\n");
        assertThat(Targets.nsPid(proc, 4242)).isEqualTo(4242);
        Files.writeString(proc.resolve("status"), "Name:\tjava\nPid:\t4242\n"); // before Linux 4.1
        assertThat(Targets.nsPid(proc, 4242)).isEqualTo(4242);
        Files.delete(proc.resolve("status"));
        assertThat(Targets.nsPid(proc, 4242)).isEqualTo(4242);
        long self = ProcessHandle.current().pid();
        assertThat(Targets.nsPid(Path.of("/proc/self"), self)).as("this JVM, in its own namespace").isPositive();
    }

    @Test
    void aContainersTriggerIsRemovedByItsNamespacePid() throws Exception {
        Files.writeString(proc.resolve("status"), "Name:\tjava\nPid:\t4242\nNSpid:\t4242\t7\n");
        Path cwd = Files.createDirectories(proc.resolve("cwd"));
        Path tmp = Files.createDirectories(proc.resolve("root/tmp"));
        Files.createFile(cwd.resolve(".attach_pid7"));
        Files.createFile(tmp.resolve(".attach_pid7"));
        Targets.removeAttachTrigger(proc, Targets.nsPid(proc, 4242));
        assertThat(cwd.resolve(".attach_pid7")).doesNotExist();
        assertThat(tmp.resolve(".attach_pid7")).doesNotExist();

        // once the target listens (its socket, by the same name), the trigger is the attach's own business
        Files.createFile(cwd.resolve(".attach_pid7"));
        Files.createFile(tmp.resolve(".java_pid7"));
        Targets.removeAttachTrigger(proc, 7);
        assertThat(cwd.resolve(".attach_pid7")).exists();
    }
}

package dev.leaklab.dump;

import dev.leaklab.io.UserError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

import sun.tools.attach.HotSpotVirtualMachine;

/**
 * Runs a diagnostic command in another JVM, as {@code jcmd PID COMMAND} does, but from this JVM
 * through the Attach API: no second JVM to start for every command. Needs
 * {@code --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED} (the leaklab jar's manifest carries it).
 */
final class Jcmd {

    private Jcmd() {
    }

    /** Runs {@code command} in JVM {@code pid} and returns its reply text. */
    static String execute(long pid, String command) throws UserError {
        requireProcess(pid);
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException e) {
            throw new UserError("cannot attach to pid " + pid + ": " + printable(e.getMessage())
                    + " (is it a JVM of this user, started without -XX:+DisableAttachMechanism?)");
        } catch (IOException e) {
            throw new UserError("cannot attach to pid " + pid + ": " + printable(e.getMessage()));
        }
        try (var reply = ((HotSpotVirtualMachine) vm).executeJCmd(command)) {
            return new String(reply.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("pid " + pid + " failed '" + command + "': " + e.getMessage());
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // the command has run; a failed detach changes nothing for the caller
            }
        }
    }

    /** The Attach API quotes a process's command line with its NUL separators: keep messages one printable line. */
    private static String printable(String message) {
        return String.valueOf(message).replaceAll("\\p{Cntrl}", " ");
    }

    /** Fails with a clear message when there is no such process, before the Attach API's slower error. */
    static void requireProcess(long pid) throws UserError {
        if (pid <= 0 || ProcessHandle.of(pid).isEmpty()) {
            throw new UserError("no process with pid " + pid);
        }
    }
}

package dev.leaklab.dump;

import dev.leaklab.internal.dump.Targets;
import dev.leaklab.io.NoAnswer;
import dev.leaklab.io.UserError;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

/**
 * Runs a diagnostic command in another JVM, as {@code jcmd PID COMMAND} does, but from this JVM
 * through the Attach API: no second JVM to start for every command. Needs
 * {@code --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED} at run time (the leaklab jar's
 * manifest carries it); {@code HotSpotVirtualMachine.executeJCmd} is reached through a method
 * handle looked up once, so the library compiles for Java 17 with {@code --release}.
 */
final class Jcmd {

    private static final String FLAG = "--add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED";
    /** {@code HotSpotVirtualMachine.executeJCmd(String)} on a VirtualMachine, or null without the flag. */
    private static final MethodHandle EXECUTE = executeJCmd();

    private Jcmd() {
    }

    /**
     * Runs {@code command} in JVM {@code pid} and returns its reply text, waiting as long as it takes:
     * for {@code Thread.dump_to_file}, whose file shows how far the target is (the caller bounds that).
     */
    static String execute(long pid, String command) throws UserError {
        return new String(reply(pid, command), StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code command} in JVM {@code pid} and returns its reply as it comes: the target has
     * {@code timeout} to start answering (the attach included) and then between two parts of the
     * reply, which is never held whole ({@link Targets#stream}). Reading fails with
     * {@link dev.leaklab.io.NoAnswer} when the target goes silent, with a {@link UserError} when the
     * command fails.
     */
    static InputStream stream(long pid, String command, Duration timeout) throws UserError {
        return Targets.stream(pid, timeout, sink -> {
            VirtualMachine vm = attachFor(pid, command);
            try (var reply = (InputStream) EXECUTE.invokeExact(vm, command)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; ; ) {
                    try {
                        n = reply.read(buffer);
                    } catch (IOException e) {
                        throw new UserError("pid " + pid + " failed '" + command + "': " + e.getMessage());
                    }
                    if (n < 0) {
                        break;
                    }
                    sink.write(buffer, 0, n); // waits while the reader is behind; fails once it has gone
                }
            } catch (IOException e) {
                if (Targets.readerGone(e)) {
                    throw e;
                }
                throw new UserError("pid " + pid + " failed '" + command + "': " + e.getMessage());
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e); // executeJCmd declares IOException only
            } finally {
                detach(vm);
            }
        });
    }

    /** Attaches to {@code pid} to run a diagnostic command in it, once it is known to be a JVM. */
    private static VirtualMachine attachFor(long pid, String command) throws UserError {
        Targets.requireJava(pid);
        if (EXECUTE == null) {
            throw new UserError("cannot run '" + command + "' in pid " + pid + ": this JVM needs " + FLAG
                    + " (the leaklab jar's manifest carries it for java -jar)");
        }
        return attach(pid);
    }

    private static byte[] reply(long pid, String command) throws UserError {
        VirtualMachine vm = attachFor(pid, command);
        try (var reply = (InputStream) EXECUTE.invokeExact(vm, command)) {
            // A plain read loop: readAllBytes on this stream stops after 8 KB of a JDK 17 target's reply (JDK 25's client).
            var all = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = reply.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
            return all.toByteArray();
        } catch (IOException e) {
            throw new UserError("pid " + pid + " failed '" + command + "': " + e.getMessage());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e); // executeJCmd declares IOException only
        } finally {
            detach(vm);
        }
    }

    /**
     * The Java feature release of JVM {@code pid} (8, 17, 21, ...) from its system properties
     * ({@code java.specification.version}: {@code 1.8} on JDK 8, {@code 17} after), or -1 when it says
     * something else.
     */
    static int feature(long pid, Duration timeout) throws UserError {
        return Targets.answer(pid, timeout, () -> feature(pid));
    }

    private static int feature(long pid) throws UserError {
        VirtualMachine vm = attach(pid);
        try {
            return feature(vm.getSystemProperties().getProperty("java.specification.version"));
        } catch (IOException e) {
            throw new UserError("cannot read the system properties of pid " + pid + ": " + printable(e.getMessage()));
        } finally {
            detach(vm);
        }
    }

    static int feature(String specificationVersion) {
        if (specificationVersion == null) {
            return -1;
        }
        String v = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static VirtualMachine attach(long pid) throws UserError {
        Targets.requireJava(pid);
        try {
            return VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException e) {
            if (String.valueOf(e.getMessage()).contains("respond within")) { // the Attach API's own wait for a listener
                throw new NoAnswer("pid " + pid + " did not answer the Attach API (stopped, e.g. by kill -STOP, or hung?): "
                        + printable(e.getMessage()));
            }
            throw new UserError("cannot attach to pid " + pid + ": " + printable(e.getMessage())
                    + " (is it a JVM of this user, started without -XX:+DisableAttachMechanism?)");
        } catch (IOException e) {
            throw new UserError("cannot attach to pid " + pid + ": " + printable(e.getMessage()));
        }
    }

    private static void detach(VirtualMachine vm) {
        try {
            vm.detach();
        } catch (IOException ignored) {
            // the command has run; a failed detach changes nothing for the caller
        }
    }

    private static MethodHandle executeJCmd() {
        try {
            Class<?> hotSpot = Class.forName("sun.tools.attach.HotSpotVirtualMachine");
            return MethodHandles.lookup().findVirtual(hotSpot, "executeJCmd", MethodType.methodType(InputStream.class, String.class))
                    .asType(MethodType.methodType(InputStream.class, VirtualMachine.class, String.class));
        } catch (ReflectiveOperationException | LinkageError notExported) {
            return null;
        }
    }

    /** The Attach API quotes a process's command line with its NUL separators: keep messages one printable line. */
    private static String printable(String message) {
        return String.valueOf(message).replaceAll("\\p{Cntrl}", " ");
    }
}

package dev.leaklab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

import dev.leaklab.internal.dump.Targets;
import dev.leaklab.io.UserError;

/**
 * The Attach API session {@code attach} and {@code leaks PID} open on another JVM: checked to be a JVM of
 * this JDK major first, then its system properties, where the agent leaves what it did (its lines go to
 * the target's standard error, which this side does not see).
 */
final class AgentLink implements AutoCloseable {
    /** The agent's properties (dev.leaklab.agent.boot.Installer and Endpoint). */
    static final String LOADED = "leaklab.agent.loaded", STATUS = "leaklab.agent.status",
            ENDPOINT = "leaklab.agent.endpoint", ENDPOINT_ERROR = "leaklab.agent.endpoint.error";

    final long pid;
    final int feature;
    private final VirtualMachine vm;
    /** How long each exchange with the target may take (--timeout). */
    private final Duration timeout;

    private AgentLink(long pid, int feature, VirtualMachine vm, Duration timeout) {
        this.pid = pid;
        this.feature = feature;
        this.vm = vm;
        this.timeout = timeout;
    }

    static AgentLink open(long pid, Duration timeout) {
        if (pid == ProcessHandle.current().pid()) {
            throw new UserError("pid " + pid + " is this leaklab itself");
        }
        Targets.requireJava(pid); // before the Attach API, which signals a process that has no attach listener yet (SIGQUIT)
        VirtualMachine vm = Targets.answer(pid, timeout, () -> {
            try {
                return VirtualMachine.attach(Long.toString(pid));
            } catch (AttachNotSupportedException | IOException e) {
                throw new UserError("cannot attach to pid " + pid + ": " + printable(e.getMessage())
                        + " (is it a JVM of this user, started without -XX:+DisableAttachMechanism?)");
            }
        });
        var link = new AgentLink(pid, -1, vm, timeout);
        String spec;
        try {
            spec = link.properties().getProperty("java.specification.version", "?");
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
        int feature;
        try {
            feature = Integer.parseInt(spec.startsWith("1.") ? spec.substring(2) : spec);
        } catch (NumberFormatException e) {
            feature = -1;
        }
        int ours = Runtime.version().feature();
        if (feature != ours) {
            String home = link.javaHomeOr(vm);
            link.close();
            throw new UserError("pid " + pid + " runs JDK " + spec + " (" + home + "), and this leaklab JDK " + ours
                    + ": attach from the same JDK major, or start that JVM with -javaagent:leaklab-agent.jar");
        }
        return new AgentLink(pid, feature, vm, timeout);
    }

    private String javaHomeOr(VirtualMachine v) {
        try {
            return Targets.answer(pid, timeout, () -> v.getSystemProperties().getProperty("java.home", "java.home unknown"));
        } catch (RuntimeException e) {
            return "java.home unknown";
        }
    }

    Properties properties() {
        return Targets.answer(pid, timeout, () -> {
            try {
                return vm.getSystemProperties();
            } catch (IOException e) {
                throw new UserError("cannot read pid " + pid + "'s system properties: " + printable(e.getMessage()));
            }
        });
    }

    /** The options the JVM was started with ({@code sun.jvm.args}), or "" when it does not say. */
    String jvmArgs() {
        return Targets.answer(pid, timeout, () -> {
            try {
                return vm.getAgentProperties().getProperty("sun.jvm.args", "");
            } catch (IOException | RuntimeException e) {
                return "";
            }
        });
    }

    /** {@code VirtualMachine.loadAgent}: the agent's {@code agentmain}, which never throws at the application. */
    void loadAgent(Path jar, String options) {
        Targets.answer(pid, timeout, () -> {
            try {
                vm.loadAgent(jar.toString(), options);
                return null;
            } catch (AgentLoadException | AgentInitializationException | IOException e) {
                throw new UserError("pid " + pid + " did not load " + jar + ": " + printable(String.valueOf(e.getMessage())));
            }
        });
    }

    @Override
    public void close() {
        try {
            vm.detach();
        } catch (IOException ignored) {
            // nothing is left to do with it
        }
    }

    static String printable(String message) {
        return String.valueOf(message).replaceAll("\\p{Cntrl}", " ");
    }
}

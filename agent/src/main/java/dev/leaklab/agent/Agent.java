package dev.leaklab.agent;

import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.jar.JarFile;

/**
 * The agent's entry points: {@code -javaagent:leaklab-agent.jar[=options]} and
 * {@code java -jar leaklab-agent.jar} (prints the options).
 *
 * <p>The hooks run inside {@code java.lang.Thread}, a bootstrap class, so everything they call must be
 * on the bootstrap class path. This launcher appends its own jar there first and only then touches
 * {@code dev.leaklab.agent.boot}, through reflection, so that no boot class is ever loaded twice
 * (once by the application class loader, once by the bootstrap loader).
 */
public final class Agent {
    private static final String INSTALLER = "dev.leaklab.agent.boot.Installer";

    private Agent() {}

    public static void premain(String args, Instrumentation inst) {
        try {
            var jar = Path.of(Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
            Class.forName(INSTALLER, true, null)
                    .getMethod("install", String.class, Instrumentation.class)
                    .invoke(null, args, inst);
        } catch (Throwable e) {
            // Never make the application fail: say why in one line and run without the agent.
            System.err.println("leaklab-agent: not installed (" + e + "); the application runs uninstrumented");
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.print(Class.forName("dev.leaklab.agent.boot.Options").getField("HELP").get(null));
    }
}

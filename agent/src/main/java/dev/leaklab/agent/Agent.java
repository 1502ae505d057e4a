package dev.leaklab.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * The agent's entry points: {@code -javaagent:leaklab-agent.jar[=options]} and
 * {@code java -jar leaklab-agent.jar} (prints the options).
 *
 * <p>The hooks run inside {@code java.lang.Thread}, a bootstrap class, so everything they call must be
 * on the bootstrap class path. This launcher appends its own jar there first and only then touches
 * {@code dev.leaklab.agent.boot}, through reflection, so that no boot class is ever loaded twice
 * (once by the application class loader, once by the bootstrap loader).
 *
 * <p>This one class is compiled for Java 8 (see the pom): on an older JDK the agent says it needs 17
 * and the application runs, instead of the JVM refusing to start over a class-file version.
 */
public final class Agent {
    private static final String INSTALLER = "dev.leaklab.agent.boot.Installer";
    private static final int MIN_FEATURE = 17;

    private Agent() {}

    public static void premain(String args, Instrumentation inst) {
        try {
            if (feature() < MIN_FEATURE) {
                System.err.println("leaklab-agent: needs JDK " + MIN_FEATURE + " or newer, this is "
                        + System.getProperty("java.version") + "; the application runs uninstrumented");
                return;
            }
            File jar = new File(Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            Class.forName(INSTALLER, true, null)
                    .getMethod("install", String.class, Instrumentation.class)
                    .invoke(null, args, inst);
        } catch (Throwable e) {
            // Never make the application fail: say why in one line and run without the agent.
            System.err.println("leaklab-agent: not installed (" + e + "); the application runs uninstrumented");
        }
    }

    public static void main(String[] args) throws Exception {
        if (feature() < MIN_FEATURE) {
            System.err.println("leaklab-agent: needs JDK " + MIN_FEATURE + " or newer, this is " + System.getProperty("java.version"));
            System.exit(2);
        }
        System.out.print(Class.forName("dev.leaklab.agent.boot.Options").getField("HELP").get(null));
    }

    /** 8 for "1.8", 25 for "25". */
    private static int feature() {
        String v = System.getProperty("java.specification.version", "0");
        if (v.startsWith("1.")) v = v.substring(2);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

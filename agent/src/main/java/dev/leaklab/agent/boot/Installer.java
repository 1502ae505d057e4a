package dev.leaklab.agent.boot;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;

/**
 * Installs the hooks and starts the endpoint when asked; called by {@code dev.leaklab.agent.Agent}, on the
 * bootstrap loader, at start-up ({@code premain}) or when {@code leaklab attach} loads the agent into a
 * running JVM ({@code agentmain}). Loading it again finds the hooks in place and never hooks twice.
 *
 * <p>What it did is also left in system properties, which {@code leaklab attach} reads through the Attach
 * API: the agent's own lines go to the target's standard error, which the attaching side does not see.
 */
public final class Installer {
    private static final String[] HOOK_CLASSES = {"Hooks", "Registry", "Registry$Entry", "Registry$NamedContainer",
            "Registry$Proven", "Site", "Site$Creation", "Prover", "Prover$Batch", "Threads",
            "Owners", "Owners$Key"};
    /** "true" once the hooks are in: the flag that makes a second load harmless. */
    public static final String LOADED = "leaklab.agent.loaded";
    /** The last line the agent said about itself. */
    public static final String STATUS = "leaklab.agent.status";

    private Installer() {}

    /**
     * @param jar the agent jar, for the endpoint's class loader
     * @param attached loaded into a running JVM rather than at its start
     */
    public static void install(String args, Instrumentation inst, String jar, boolean attached) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            say("leaklab-agent: " + e.getMessage() + "; the application runs uninstrumented ('java -jar leaklab-agent.jar' lists the options)");
            return;
        }
        synchronized (Installer.class) {
            if (Boolean.getBoolean(LOADED)) {
                say("leaklab-agent: already loaded in this JVM, hooks in place: not hooking twice");
            } else {
                hook(options, inst, attached);
            }
        }
        if (options.endpoint() != null) Endpoint.start(options, inst, jar);
    }

    private static void hook(Options options, Instrumentation inst, boolean attached) {
        try {
            var targets = ThreadHooks.targets(Threads.FEATURE);
            String missing = ThreadHooks.check(targets);
            if (missing != null) {
                say("leaklab-agent: JDK " + Runtime.version() + ": " + missing + "; the application runs uninstrumented");
                return;
            }
            boolean prove = options.prove();
            if (prove && !Threads.VIRTUAL_THREADS) {
                say("leaklab-agent: prove needs virtual threads (JDK 21 or newer; a platform thread is never collected), this is JDK "
                        + Runtime.version() + "; proving nothing");
                prove = false;
            } else if (prove && tracksAllThreads()) {
                say("leaklab-agent: prove needs -Djdk.trackAllThreads=false" + (attached ? " from the JVM's start" : "")
                        + " (the JDK keeps every virtual thread reachable otherwise); proving nothing");
                prove = false;
            }
            if (prove != options.prove()) options = options.withoutProof();
            // Load and initialise everything the hooks use now, not inside someone's Thread.start:
            // no class of ours is then first loaded, or initialised, on a thread that is starting another.
            for (String name : HOOK_CLASSES) Class.forName(Installer.class.getPackageName() + "." + name, true, null);
            Threads.id(Thread.currentThread());
            Threads.isVirtual(Thread.currentThread()); // links Jdk21's calls, where there are any
            Registry.install(options);
            JfrEvents.watch();
            Site.capture(options.depth(), options.stackRate());
            // java.base must read the bootstrap loader's unnamed module to call Hooks.
            inst.redefineModule(Object.class.getModule(), Set.of(Hooks.class.getModule()), Map.of(), Map.of(), Set.of(), Map.of());
            var hooks = new ThreadHooks(targets);
            var classes = new ArrayList<Class<?>>();
            // Initialised here, as before the hooks: VirtualThread's own threads (its unblocker) stay the JDK's.
            for (String owner : ThreadHooks.owners(targets)) classes.add(Class.forName(owner.replace('/', '.'), true, null));
            inst.addTransformer(hooks, true);
            Hooks.on = true;
            inst.retransformClasses(classes.toArray(new Class<?>[0]));
            // Done with class loading: a registered transformer keeps JVMTI's class-load hook on, and
            // a virtual thread that loads a class while it is on gets JVMTI thread state that holds it
            // strongly until it ends: a blocked one could then never be collected (nor proven).
            inst.removeTransformer(hooks);
            if (hooks.failure != null) {
                Hooks.on = false;
                say("leaklab-agent: JDK " + Runtime.version() + ": instrumenting java.lang.Thread failed (" + hooks.failure + "); the application runs uninstrumented");
                return;
            }
            if (prove) Prover.start();
            System.setProperty(LOADED, "true");
            String started = "leaklab-agent: recording thread creators (depth=" + options.depth() + ", stack-rate="
                    + (options.stackRate() == Options.ALL ? "all" : options.stackRate()) + (prove ? ", proof mode" : "") + ")"
                    + (attached ? "; attached to a running JVM: threads started before now have no creator" : "");
            if (options.quiet()) {
                System.setProperty(STATUS, started);
            } else {
                say(started);
                if (!Threads.VIRTUAL_THREADS) {
                    say("leaklab-agent: JDK " + Runtime.version() + ": platform threads only (virtual threads are recorded from JDK 21 on)");
                }
            }
        } catch (Throwable e) {
            Hooks.on = false;
            say("leaklab-agent: not installed (" + e + "); the application runs uninstrumented");
        }
    }

    /** The JDK's own rule (jdk.internal.vm.ThreadContainers): unset, empty or true means tracked. */
    static boolean tracksAllThreads() {
        String s = System.getProperty("jdk.trackAllThreads");
        return s == null || s.isEmpty() || Boolean.parseBoolean(s);
    }

    static void say(String line) {
        System.err.println(line);
        try {
            System.setProperty(STATUS, line);
        } catch (RuntimeException e) {
            // a security manager that refuses: the line on standard error is what counts
        }
    }
}

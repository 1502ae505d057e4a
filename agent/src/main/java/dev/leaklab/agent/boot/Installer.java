package dev.leaklab.agent.boot;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;

/** Installs the hooks; called once by {@code dev.leaklab.agent.Agent.premain}, on the bootstrap loader. */
public final class Installer {
    private static final String[] HOOK_CLASSES = {"Hooks", "Registry", "Registry$Entry", "Registry$NamedContainer",
            "Registry$Proven", "Site", "Site$Creation", "Prover", "Prover$Batch", "Threads"};

    private Installer() {}

    public static void install(String args, Instrumentation inst) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            say("leaklab-agent: " + e.getMessage() + "; the application runs uninstrumented ('java -jar leaklab-agent.jar' lists the options)");
            return;
        }
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
                say("leaklab-agent: prove needs -Djdk.trackAllThreads=false (the JDK keeps every virtual thread reachable otherwise); proving nothing");
                prove = false;
            }
            if (prove != options.prove()) options = new Options(options.depth(), options.stackRate(), false, options.quiet());
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
            if (!options.quiet()) {
                say("leaklab-agent: recording thread creators (depth=" + options.depth() + ", stack-rate="
                        + (options.stackRate() == Options.ALL ? "all" : options.stackRate()) + (prove ? ", proof mode" : "") + ")");
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

    private static void say(String line) {
        System.err.println(line);
    }
}

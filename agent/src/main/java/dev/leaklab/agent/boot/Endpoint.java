package dev.leaklab.agent.boot;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The {@code endpoint} option: leaklab-core's debug endpoint, started on a daemon thread of its own.
 *
 * <p>Core, Jackson and the Prometheus client are in the agent jar, relocated under
 * {@code dev.leaklab.agent.internal}. They do not run from the bootstrap class path the hooks live on
 * (a boot class sees no service providers and no class path) but from a {@link EndpointLoader} of their
 * own, whose parent is the platform class loader: the application's classes, and its own Jackson,
 * Prometheus client or leaklab-core, are never on their path, and they are never on the application's.
 * Core reaches the hooks' registry on the bootstrap class path through method handles, as it does when
 * an application embeds it.
 */
final class Endpoint {
    /** HOST:PORT the endpoint listens on, once it does. */
    static final String ADDRESS = "leaklab.agent.endpoint";
    /** Why it does not, when it could not start. */
    static final String ERROR = "leaklab.agent.endpoint.error";
    private static final String SERVE = "dev.leaklab.agent.endpoint.Serve";

    private Endpoint() {}

    static void start(Options options, Instrumentation inst, String jar) {
        String running = System.getProperty(ADDRESS);
        if (running != null) {
            Installer.say("leaklab-agent: the debug endpoint is already on http://" + running + "/debug/");
            return;
        }
        try {
            // In the system thread group: the JVM's side of the census, never counted as the application's.
            ThreadGroup group = Thread.currentThread().getThreadGroup();
            while (group.getParent() != null) group = group.getParent();
            var t = new Thread(group, () -> serve(options, inst, jar), "leaklab-endpoint-start");
            t.setDaemon(true);
            t.start();
        } catch (Throwable e) {
            failed(e.toString());
        }
    }

    private static void serve(Options options, Instrumentation inst, String jar) {
        try {
            String token = token(options.token());
            int colon = options.endpoint().lastIndexOf(':');
            String host = options.endpoint().substring(0, colon);
            if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
            int port = Integer.parseInt(options.endpoint().substring(colon + 1));
            var loader = new EndpointLoader(new File(jar).toURI().toURL());
            // The census walks the JDK's thread containers (jdk.internal.vm): exported to this loader only.
            Module base = Object.class.getModule();
            if (base.getPackages().contains("jdk.internal.vm")) {
                inst.redefineModule(base, Set.of(), Map.of("jdk.internal.vm", Set.of(loader.getUnnamedModule())), Map.of(), Set.of(), Map.of());
            }
            String bound = (String) Class.forName(SERVE, true, loader).getMethod("start", String.class, int.class, String.class)
                    .invoke(null, host, port, token);
            System.setProperty(ADDRESS, bound);
            System.err.println("leaklab-agent: debug endpoint on http://" + bound + "/debug/" + (token != null ? " (bearer token required)" : ""));
        } catch (java.lang.reflect.InvocationTargetException e) {
            failed(String.valueOf(e.getCause()));
        } catch (Throwable e) {
            failed(e.toString());
        }
    }

    /** The token from {@code @FILE} or {@code env:NAME}; null for none. */
    private static String token(String spec) throws java.io.IOException {
        if (spec == null) return null;
        String t;
        if (spec.startsWith("@")) {
            t = Files.readString(Path.of(spec.substring(1)), StandardCharsets.UTF_8).strip();
        } else {
            t = System.getenv(spec.substring("env:".length()));
            if (t == null) throw new IllegalArgumentException("token: the environment variable " + spec.substring(4) + " is not set");
            t = t.strip();
        }
        return t;
    }

    private static void failed(String why) {
        String line = "leaklab-agent: the debug endpoint did not start (" + why + "); the application runs on";
        try {
            System.setProperty(ERROR, why);
        } catch (RuntimeException ignored) {
            // the line below is what counts
        }
        System.err.println(line);
    }

    /**
     * Loads the endpoint's classes from the agent jar itself, first, whatever a parent has: the jar is
     * also on the bootstrap class path (for the hooks), where parent-first loading would find them.
     */
    static final class EndpointLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        EndpointLoader(URL jar) {
            super("leaklab-endpoint", new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!ours(name)) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) c = findClass(name);
                if (resolve) resolveClass(c);
                return c;
            }
        }

        private static boolean ours(String name) {
            return name.startsWith("dev.leaklab.agent.endpoint.")
                    || (name.startsWith("dev.leaklab.agent.internal.") && !name.startsWith("dev.leaklab.agent.internal.asm."));
        }
    }
}

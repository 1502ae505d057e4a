package dev.leaklab.origins;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the leaklab agent ({@code -javaagent:leaklab-agent.jar}) knows about who started each
 * thread, virtual threads included. Without the agent every method answers "nothing" (false,
 * empty, 0) and none throws: code that embeds core works the same with or without it.
 *
 * <p>The agent's hooks run inside {@code java.lang.Thread} and {@code java.lang.VirtualThread},
 * so its registry lives on the bootstrap class path, where core cannot link to it. Core reaches
 * it through method handles on {@value #REGISTRY}, exchanging JDK types only:
 * <pre>{@code
 * static boolean active()
 * static Object[] origin(Thread t)            // {Long threadId, Boolean virtual, String name, Long creatorId,
 *                                             //  String creatorName, StackTraceElement[] site, String container,
 *                                             //  String scope}, or null
 * static void setScope(String scope)          // the current thread's scope; null clears
 * static String scopeOf(Thread t)
 * static Object[][] liveBySite(int top)       // rows {String site, Integer live}, largest first
 * static long started(boolean virtual)
 * static long ended(boolean virtual)
 * static Object[][] provenLeaks()             // rows {String site, Long count, Long firstEpochMilli, Long lastEpochMilli}
 * static Object[][] live()                    // rows {Long threadId, Boolean virtual, String name, Long creatorId,
 *                                             //  StackTraceElement[] site, String container, Boolean ended}
 *                                             //  (optional: older agents lack it)
 * static Thread[] liveInScope(String scope)   // optional (older agents lack it)
 * static Object[] originById(long threadId)   // optional, as origin(Thread)
 * }</pre>
 * A registry that does not match is reported once on standard error and treated as absent.
 */
public final class ThreadOrigins {

    private static final System.Logger LOG = System.getLogger("dev.leaklab.origins");

    /** The agent's registry class, on the bootstrap class path when the agent is loaded. */
    public static final String REGISTRY = "dev.leaklab.agent.boot.Registry";

    private static final Bridge BRIDGE = Bridge.find();

    private ThreadOrigins() {
    }

    /** True when the leaklab agent is loaded and instrumenting this JVM. */
    public static boolean agentLoaded() {
        return BRIDGE != null && (boolean) BRIDGE.call(BRIDGE.active, false);
    }

    /** Who started this live thread, when the agent saw it start. */
    public static Optional<Origin> of(Thread thread) {
        if (BRIDGE == null) {
            return Optional.empty();
        }
        return origin((Object[]) BRIDGE.call(BRIDGE.origin, null, thread));
    }

    private static Optional<Origin> origin(Object[] o) {
        if (o == null) {
            return Optional.empty();
        }
        var site = o[5] == null ? List.<StackTraceElement>of() : List.of((StackTraceElement[]) o[5]);
        return Optional.of(new Origin((Long) o[0], (Boolean) o[1], (String) o[2], (Long) o[3], (String) o[4],
                site, (String) o[6], (String) o[7]));
    }

    /**
     * Marks the current thread with a scope (a test's unique id, say): every thread it starts, and
     * transitively every thread those start, inherits it. {@code null} clears it.
     */
    public static void setScope(String scope) {
        if (BRIDGE != null) {
            BRIDGE.call(BRIDGE.setScope, null, scope);
        }
    }

    /** The scope a thread inherited or was given. */
    public static Optional<String> scopeOf(Thread thread) {
        if (BRIDGE == null) {
            return Optional.empty();
        }
        try {
            // invokeExact, not call(): a leak check asks this of every live thread, so it must cost
            // what the registry's lookup costs, not a boxed argument list per call.
            return Optional.ofNullable((String) BRIDGE.scopeOf.invokeExact(thread));
        } catch (Throwable t) {
            BRIDGE.failed(t);
            return Optional.empty();
        }
    }

    /**
     * The live threads that carry this scope, as the agent's registry indexes them, or empty when
     * it cannot say (no agent, or an agent without the index): then walk the live threads and ask
     * {@link #scopeOf} instead.
     */
    public static Optional<List<Thread>> liveInScope(String scope) {
        if (BRIDGE == null || BRIDGE.liveInScope == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Arrays.asList((Thread[]) BRIDGE.liveInScope.invokeExact(scope)));
        } catch (Throwable t) {
            BRIDGE.failed(t);
            return Optional.empty();
        }
    }

    /** Who started the live thread with this id, when the agent saw it start: how a check follows creators. */
    public static Optional<Origin> ofId(long threadId) {
        if (BRIDGE == null || BRIDGE.originById == null) {
            return Optional.empty();
        }
        return origin((Object[]) BRIDGE.call(BRIDGE.originById, null, threadId));
    }

    /** Live threads grouped by creation site, largest first, at most {@code top} sites. */
    public static List<SiteCount> liveBySite(int top) {
        if (BRIDGE == null) {
            return List.of();
        }
        var rows = (Object[][]) BRIDGE.call(BRIDGE.liveBySite, null, top);
        var list = new ArrayList<SiteCount>();
        for (Object[] r : rows == null ? new Object[0][] : rows) {
            list.add(new SiteCount((String) r[0], (Integer) r[1]));
        }
        return List.copyOf(list);
    }

    /**
     * Every live thread the agent saw start, with its creator (the endpoint follows creators through
     * them); empty without the agent, or with an agent too old to tell.
     */
    public static List<Origin> live() {
        return rows(false);
    }

    /**
     * Ended platform threads that started threads (a library's thread that started a pool, then
     * ended): the creator chains of the threads they started go through them. The most recent
     * thousands; empty without the agent.
     */
    public static List<Origin> endedCreators() {
        return rows(true);
    }

    private static List<Origin> rows(boolean ended) {
        if (BRIDGE == null || BRIDGE.live == null) {
            return List.of();
        }
        var rows = (Object[][]) BRIDGE.call(BRIDGE.live, null);
        var list = new ArrayList<Origin>(rows == null ? 0 : rows.length);
        // the agent's sites are interned: one list per site, so threads of one site share it
        var sites = new java.util.IdentityHashMap<Object, List<StackTraceElement>>();
        for (Object[] r : rows == null ? new Object[0][] : rows) {
            if (ended != Boolean.TRUE.equals(r[6])) continue;
            var site = r[4] == null ? List.<StackTraceElement>of()
                    : sites.computeIfAbsent(r[4], a -> List.of((StackTraceElement[]) a));
            list.add(new Origin((Long) r[0], (Boolean) r[1], (String) r[2], (Long) r[3], null, site, (String) r[5], null));
        }
        return list;
    }

    /** Threads of this kind started since the agent loaded. */
    public static long started(boolean virtual) {
        if (BRIDGE == null) {
            return 0;
        }
        try {
            // invokeExact: a leak check asks this at the start and the end of every test
            return (long) BRIDGE.started.invokeExact(virtual);
        } catch (Throwable t) {
            BRIDGE.failed(t);
            return 0;
        }
    }

    /** Threads of this kind that ended since the agent loaded. */
    public static long ended(boolean virtual) {
        return BRIDGE == null ? 0 : (long) BRIDGE.call(BRIDGE.ended, 0L, virtual);
    }

    /** Proven leaks (the agent's {@code prove} mode), grouped by creation site; empty when it is off. */
    public static List<ProvenLeak> provenLeaks() {
        if (BRIDGE == null) {
            return List.of();
        }
        var rows = (Object[][]) BRIDGE.call(BRIDGE.provenLeaks, null);
        var list = new ArrayList<ProvenLeak>();
        for (Object[] r : rows == null ? new Object[0][] : rows) {
            list.add(new ProvenLeak((String) r[0], (Long) r[1], Instant.ofEpochMilli((Long) r[2]),
                    Instant.ofEpochMilli((Long) r[3]), List.of()));
        }
        return List.copyOf(list);
    }

    /** Method handles on the agent's registry; a failed call is reported once and answers the fallback. */
    private record Bridge(MethodHandle active, MethodHandle origin, MethodHandle setScope, MethodHandle scopeOf,
                          MethodHandle liveBySite, MethodHandle started, MethodHandle ended, MethodHandle provenLeaks,
                          MethodHandle live, MethodHandle liveInScope, MethodHandle originById, AtomicBoolean warned) {

        static Bridge find() {
            Class<?> registry;
            try {
                registry = Class.forName(REGISTRY, true, null);
            } catch (ClassNotFoundException | LinkageError e) {
                return null; // no agent: the normal case
            }
            try {
                var lookup = MethodHandles.publicLookup();
                return new Bridge(
                        lookup.findStatic(registry, "active", MethodType.methodType(boolean.class)),
                        lookup.findStatic(registry, "origin", MethodType.methodType(Object[].class, Thread.class)),
                        lookup.findStatic(registry, "setScope", MethodType.methodType(void.class, String.class)),
                        lookup.findStatic(registry, "scopeOf", MethodType.methodType(String.class, Thread.class)),
                        lookup.findStatic(registry, "liveBySite", MethodType.methodType(Object[][].class, int.class)),
                        lookup.findStatic(registry, "started", MethodType.methodType(long.class, boolean.class)),
                        lookup.findStatic(registry, "ended", MethodType.methodType(long.class, boolean.class)),
                        lookup.findStatic(registry, "provenLeaks", MethodType.methodType(Object[][].class)),
                        optional(lookup, registry, "live", MethodType.methodType(Object[][].class)),
                        optional(lookup, registry, "liveInScope", MethodType.methodType(Thread[].class, String.class)),
                        optional(lookup, registry, "originById", MethodType.methodType(Object[].class, long.class)),
                        new AtomicBoolean());
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "leaklab: the agent's registry does not match this leaklab-core (" + e
                        + "); thread origins are off. Use the agent and core of the same leaklab version.");
                return null;
            }
        }

        /** A method a registry of an older leaklab may lack: its callers fall back to the slow way. */
        private static MethodHandle optional(MethodHandles.Lookup lookup, Class<?> registry, String name, MethodType type) {
            try {
                return lookup.findStatic(registry, name, type);
            } catch (ReflectiveOperationException e) {
                return null; // an agent older than this core: what needs it says so
            }
        }

        Object call(MethodHandle h, Object fallback, Object... args) {
            try {
                return h.invokeWithArguments(Arrays.asList(args));
            } catch (Throwable t) {
                failed(t);
                return fallback;
            }
        }

        void failed(Throwable t) {
            if (warned.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "leaklab: the agent's registry failed (" + t + "); thread origins may be missing from here on");
            }
        }
    }
}

package dev.leaklab.agent.boot;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.LongAdder;

/**
 * Who started each live thread, keyed by thread id (never reused in a JVM) and holding the thread
 * only weakly: the registry keeps no thread, and so no virtual thread's stack, alive.
 *
 * <p>An entry leaves the map when its thread ends. An entry whose thread the GC freed first lands on
 * {@link #QUEUE}: that thread never ended. With {@code -Djdk.trackAllThreads=false} that is what a
 * virtual thread blocked on something unreachable looks like, and proof mode reports it.
 *
 * <p>The public static methods are what leaklab-core calls reflectively; they exchange JDK types
 * only, so core never needs this jar on its class path.
 */
public final class Registry {
    private static final ConcurrentHashMap<Long, Entry> LIVE = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Thread> QUEUE = new ReferenceQueue<>();
    private static final LongAdder STARTED_PLATFORM = new LongAdder(), STARTED_VIRTUAL = new LongAdder();
    private static final LongAdder ENDED_PLATFORM = new LongAdder(), ENDED_VIRTUAL = new LongAdder();
    private static final ConcurrentHashMap<String, Proven> PROVEN = new ConcurrentHashMap<>();
    private static final String ROOT = "<root>";
    /** Ended platform threads that started threads, kept (bounded) for the creator chains of those. */
    private static final ConcurrentHashMap<Long, Entry> ENDED_CREATORS = new ConcurrentHashMap<>();
    private static final int MAX_ENDED_CREATORS = 4096;
    /** ENDED_CREATORS' ids in the order they ended: the first to go when it is full (a map's own order is its hash's). */
    private static final ConcurrentLinkedQueue<Long> ENDED_ORDER = new ConcurrentLinkedQueue<>();
    /** Pools created since the agent loaded, with their owners' scopes; workers made but not started yet. */
    private static final Owners POOLS = new Owners(), WORKERS = new Owners();
    /**
     * The live started threads of each scope, so that a test's check asks for its own threads
     * instead of walking every live thread. Only threads that carry a scope are here: an
     * application that never sets one pays nothing for it.
     */
    private static final ConcurrentHashMap<String, Set<Entry>> SCOPED = new ConcurrentHashMap<>();

    static volatile Options options = Options.DEFAULT;
    /** JFR has started and the agent's event classes are loaded (see JfrEvents): events may be created. */
    static volatile boolean jfrReady;
    private static volatile boolean installed;
    /** The last container seen and its name: executors start threads in bursts. Weak: it holds threads. */
    private static volatile NamedContainer lastContainer;
    /** The entry of the thread that last started a thread (see creatorEntry). */
    private static volatile Entry lastCreator;

    private Registry() {}

    static void install(Options o) {
        options = o;
        installed = true;
    }

    // ---- called by Hooks, on the creating / ending thread ----

    static void started(Thread thread, Object container) {
        Thread creator = Thread.currentThread();
        boolean virtual = Threads.isVirtual(thread);
        String containerName = containerName(container);
        long creatorId = Threads.id(creator);
        String scope = poolScope(thread);
        Entry parent = creatorEntry(creator, creatorId);
        if (parent != null && !parent.startedThreads) parent.startedThreads = true;
        if (scope == null) {
            scope = parent == null ? null : parent.scope;
        } else if (scope.isEmpty()) {
            scope = null;
        }
        if (jfrReady) recordEvent(thread, virtual, creatorId, containerName);
        var entry = new Entry(thread, QUEUE, true, virtual, creatorId, creator.getName(),
                Site.capture(options.depth(), options.stackRate()), containerName, scope);
        if (LIVE.putIfAbsent(entry.id, entry) == null) {
            (virtual ? STARTED_VIRTUAL : STARTED_PLATFORM).increment();
            index(entry, scope);
        }
        if (!options.prove()) expunge(8);
    }

    /**
     * The creator's own entry, or null. Threads are mostly started in runs by one creator (a loop, an
     * executor's submitter), so the last one found is kept: a run pays one map lookup, not one a
     * start. Only a found entry is kept, and it stays right while its thread runs (the creator is the
     * current thread): an entry leaves the map when its thread ends or is collected, and a thread id
     * is never reused; setScope changes an entry in place.
     */
    private static Entry creatorEntry(Thread creator, long creatorId) {
        Entry last = lastCreator;
        if (last != null && last.id == creatorId && last.refersTo(creator)) return last;
        Entry e = LIVE.get(creatorId);
        if (e != null) lastCreator = e;
        return e;
    }

    /**
     * A pool's worker belongs to the pool's owner, the scope the pool was created in, not to the
     * thread that happened to submit when the pool started it: the scope of the pool that made this
     * thread, "" for a pool created outside any scope, null when no known pool did (a pool created
     * before the agent, or any other thread: it inherits its creator's).
     */
    private static String poolScope(Thread thread) {
        String scope = WORKERS.remove(thread);
        if (scope == null && thread instanceof ForkJoinWorkerThread w) scope = POOLS.get(w.getPool());
        return scope;
    }

    /** A pool's constructor returned: its owner is the creating thread's scope. */
    static void poolCreated(Object pool) {
        Entry creator = LIVE.get(Threads.id(Thread.currentThread()));
        POOLS.put(pool, creator == null ? null : creator.scope);
    }

    /** A ThreadPoolExecutor's factory made this thread for a worker: it starts in the pool's scope. */
    static void workerCreated(Thread thread, Object pool) {
        if (thread == null) return;
        String scope = POOLS.get(pool);
        if (scope != null) WORKERS.put(thread, scope);
    }

    private static void recordEvent(Thread thread, boolean virtual, long creatorId, String containerName) {
        var event = new ThreadCreated();
        if (event.isEnabled()) {
            event.startedThreadId = Threads.id(thread);
            event.virtual = virtual;
            event.name = thread.getName();
            event.creatorThreadId = creatorId;
            event.container = containerName;
            event.commit();
        }
    }

    static void ended(Thread thread) {
        Entry e = LIVE.remove(Threads.id(thread));
        if (e == null) return;
        unindex(e, e.scope);
        e.clear(); // an ended thread must never be taken for a collected one
        if (e.seen) (e.virtual ? ENDED_VIRTUAL : ENDED_PLATFORM).increment();
        if (e.seen && e.startedThreads && !e.virtual) {
            // a library's thread that started others and ended: their creator chains go through it
            ENDED_CREATORS.put(e.id, e);
            ENDED_ORDER.add(e.id);
            while (ENDED_CREATORS.size() > MAX_ENDED_CREATORS) {
                Long oldest = ENDED_ORDER.poll();
                if (oldest == null) break;
                ENDED_CREATORS.remove(oldest);
            }
        }
    }

    private static void index(Entry e, String scope) {
        if (scope != null && e.seen) SCOPED.computeIfAbsent(scope, k -> ConcurrentHashMap.newKeySet()).add(e);
    }

    private static void unindex(Entry e, String scope) {
        if (scope == null) return;
        // computeIfPresent: the set goes with its last thread, atomically with a concurrent index()
        SCOPED.computeIfPresent(scope, (k, set) -> set.remove(e) && set.isEmpty() ? null : set);
    }

    private static String containerName(Object container) {
        if (container == null) return ROOT;
        NamedContainer last = lastContainer;
        if (last != null && last.refersTo(container)) return last.name;
        String name = String.valueOf(container); // ThreadContainer.toString: name, or name/identity
        lastContainer = new NamedContainer(container, name);
        return name;
    }

    private static final class NamedContainer extends WeakReference<Object> {
        final String name;

        NamedContainer(Object container, String name) {
            super(container);
            this.name = name;
        }
    }

    // ---- collected threads: cleanup, and proofs ----

    /** Handles up to {@code max} entries whose threads the GC freed; returns how many. */
    static int expunge(int max) {
        int n = 0;
        Reference<? extends Thread> ref;
        while (n < max && (ref = QUEUE.poll()) != null) {
            collected((Entry) ref, Instant.now());
            n++;
        }
        return n;
    }

    /** Blocks for the next freed thread (the prover thread). */
    static Entry awaitCollected() throws InterruptedException {
        return (Entry) QUEUE.remove();
    }

    static Entry pollCollected() {
        return (Entry) QUEUE.poll();
    }

    /** True when the entry was still live, i.e. its thread was freed before it ended. */
    static boolean collected(Entry e, Instant when) {
        if (!LIVE.remove(e.id, e)) return false;
        unindex(e, e.scope);
        if (!e.seen) return false;
        if (!options.prove() || !e.virtual) return false; // platform threads are GC roots: cannot happen
        PROVEN.computeIfAbsent(e.site().app, s -> new Proven(when)).add(when);
        return true;
    }

    private static final class Proven {
        final LongAdder count = new LongAdder();
        final Instant first;
        volatile Instant last;

        Proven(Instant first) {
            this.first = first;
            this.last = first;
        }

        void add(Instant when) {
            count.increment();
            last = when;
        }
    }

    /** A thread's origin, weakly holding the thread. */
    static final class Entry extends WeakReference<Thread> {
        final long id;
        /** False for threads the agent did not see start but {@link #setScope} named. */
        final boolean seen;
        final boolean virtual;
        final String name;
        final long creatorId;
        final String creatorName;
        /** The creator's stack: a Site, or a Throwable not decoded yet (see {@link #site()}). */
        private volatile Object stack;
        final String container;
        volatile String scope;
        /** It started a thread: when it ends, it is kept as a creator (see ENDED_CREATORS). */
        volatile boolean startedThreads;

        Entry(Thread t, ReferenceQueue<Thread> q, boolean seen, boolean virtual, long creatorId, String creatorName,
              Object stack, String container, String scope) {
            super(t, q);
            this.id = Threads.id(t);
            this.seen = seen;
            this.virtual = virtual;
            this.name = t.getName();
            this.creatorId = creatorId;
            this.creatorName = creatorName;
            this.stack = stack;
            this.container = container;
            this.scope = scope;
        }

        /** Decodes the stack on first use, and keeps the interned Site instead of the Throwable. */
        Site site() {
            Object s = stack;
            if (s instanceof Site site) return site;
            Site site = Site.of(s, options.depth());
            stack = site;
            return site;
        }
    }

    // ---- the API leaklab-core reads (JDK types only) ----

    /** True when the hooks are installed and on (core: ThreadOrigins.agentLoaded). */
    public static boolean active() {
        return installed && Hooks.on;
    }

    /**
     * {threadId, virtual, name, creatorId, creatorName, StackTraceElement[] site, container, scope},
     * or null when the agent did not see the thread start.
     */
    public static Object[] origin(Thread thread) {
        Entry e = find(thread);
        if (e == null || !e.seen) return null;
        return new Object[] {e.id, e.virtual, e.name, e.creatorId, e.creatorName, e.site().frames.clone(), e.container, e.scope};
    }

    public static void setScope(String scope) {
        Thread me = Thread.currentThread();
        Entry e = find(me);
        if (e == null) {
            if (scope == null) return;
            e = new Entry(me, QUEUE, false, Threads.isVirtual(me), -1, null, Site.NONE, null, null);
            Entry raced = LIVE.putIfAbsent(e.id, e);
            if (raced != null) e = raced;
        }
        synchronized (e) { // one thread moves its own entry; a lock keeps the index and the field in step
            String old = e.scope;
            if (old == null ? scope == null : old.equals(scope)) return;
            unindex(e, old);
            e.scope = scope;
            index(e, scope);
        }
    }

    /**
     * The live threads the agent saw start that carry this scope (a scope is inherited at start, or
     * set by a thread on itself), in no order; an empty array for none.
     */
    public static Thread[] liveInScope(String scope) {
        Set<Entry> set = scope == null ? null : SCOPED.get(scope);
        if (set == null) return new Thread[0];
        var list = new ArrayList<Thread>(set.size());
        for (Entry e : set) {
            Thread t = e.get();
            if (t != null) list.add(t);
        }
        return list.toArray(new Thread[0]);
    }

    /** {@link #origin} of a live thread by its id: how a check follows a thread's creator. */
    public static Object[] originById(long threadId) {
        Entry e = LIVE.get(threadId);
        if (e == null || !e.seen || e.refersTo(null)) return null;
        return new Object[] {e.id, e.virtual, e.name, e.creatorId, e.creatorName, e.site().frames.clone(), e.container, e.scope};
    }

    public static String scopeOf(Thread thread) {
        Entry e = find(thread);
        return e == null ? null : e.scope;
    }

    /** Rows {String site ("pkg.Class.method(File.java:42)"), Integer live}, largest first, at most {@code top}. */
    public static Object[][] liveBySite(int top) {
        if (!options.prove()) expunge(Integer.MAX_VALUE); // in proof mode the prover does it
        var counts = new HashMap<String, Integer>();
        for (Entry e : LIVE.values()) {
            if (e.seen && !e.refersTo(null)) counts.merge(e.site().app, 1, Integer::sum);
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(Math.max(0, top))
                .map(en -> new Object[] {en.getKey(), en.getValue()})
                .toArray(Object[][]::new);
    }

    /**
     * Every live thread the agent saw start, then the ended platform threads that started threads (their
     * creator chains go through them): rows {Long threadId, Boolean virtual, String name, Long creatorId,
     * StackTraceElement[] site, String container, Boolean ended}. The site arrays are the interned ones,
     * shared: read them, never write.
     */
    public static Object[][] live() {
        if (!options.prove()) expunge(Integer.MAX_VALUE);
        var rows = new ArrayList<Object[]>(LIVE.size());
        for (Entry e : LIVE.values()) {
            if (e.seen && !e.refersTo(null)) {
                rows.add(new Object[] {e.id, e.virtual, e.name, e.creatorId, e.site().frames, e.container, false});
            }
        }
        for (Entry e : ENDED_CREATORS.values()) {
            rows.add(new Object[] {e.id, e.virtual, e.name, e.creatorId, e.site().frames, e.container, true});
        }
        return rows.toArray(Object[][]::new);
    }

    public static long started(boolean virtual) {
        return (virtual ? STARTED_VIRTUAL : STARTED_PLATFORM).sum();
    }

    public static long ended(boolean virtual) {
        return (virtual ? ENDED_VIRTUAL : ENDED_PLATFORM).sum();
    }

    /** Proof mode: rows {String site, Long count, Long firstEpochMilli, Long lastEpochMilli}, largest count first. */
    public static Object[][] provenLeaks() {
        if (!options.prove()) return new Object[0][];
        var rows = new ArrayList<Object[]>();
        PROVEN.forEach((site, p) -> rows.add(new Object[] {site, p.count.sum(), p.first.toEpochMilli(), p.last.toEpochMilli()}));
        rows.sort((a, b) -> Long.compare((Long) b[1], (Long) a[1]));
        return rows.toArray(Object[][]::new);
    }

    private static Entry find(Thread thread) {
        if (thread == null) return null;
        Entry e = LIVE.get(Threads.id(thread));
        return e != null && e.refersTo(thread) ? e : null;
    }
}

package dev.leaklab.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.leaklab.origins.ThreadOrigins;

/**
 * The leak check, for any test framework or none, and for code that wants one block checked: the
 * counterpart of goleak's two verbs, {@code Find} ({@link #find}, returns what leaked) and
 * {@code VerifyNone} ({@link #verifyNone}, throws {@link ThreadLeakError}).
 *
 * <pre>{@code
 * ThreadLeaks.verifyNone(() -> client.fetchAll());                 // a block
 *
 * var watch = ThreadLeaks.start(ThreadLeaks.Options.defaults().withLinger(Duration.ofMillis(500)));
 * ...                                                              // set-up, test, tear-down
 * watch.verifyNone();                                              // on the same thread
 *
 * CheckResult found = ThreadLeaks.find(ThreadLeaks.Options.defaults(), () -> client.fetchAll());
 * found.leaks().forEach(leak -> log.warn(leak.name() + " created at " + leak.creationLine()));
 * }</pre>
 *
 * <p>Test frameworks (JUnit's {@code ThreadLeakExtension}, a TestNG listener, a Spock extension)
 * use {@link #watch} for a watch that covers only what runs between {@link Watch#enter()} and
 * {@link Watch#leave(String)}, such as a class's set-up and tear-down.
 *
 * <p>With the leaklab agent loaded, {@link #start} gives the current thread a scope of its own, and
 * the check blames exactly the live threads that inherited it: those this thread started, and those
 * they started, transitively. Other threads running at the same time cannot be blamed. Without the
 * agent it compares snapshots of the live threads, virtual ones included, and says so.
 */
public final class ThreadLeaks {

    /**
     * How long leaked threads get to end by themselves unless told otherwise. The check joins them
     * against this one deadline and returns as soon as the last one ends, so a clean test pays
     * nothing and a test whose threads were told to stop (interrupted, {@code shutdownNow()}
     * without an await, a short hold) pays only until they end; a real leak pays it in full.
     */
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(10);
    /** Leaked threads get this long to end after an interrupt before they are reported as not ending. */
    static final Duration INTERRUPT_GRACE = Duration.ofSeconds(1);
    /** How long leaked threads still running get to reach where they block, before they are described. */
    static final Duration SETTLE = Duration.ofSeconds(1);

    private static final AtomicLong SCOPES = new AtomicLong();
    /** The task of the threads made only for their id, never started. */
    private static final Runnable NOTHING = () -> { };
    /**
     * Threads already reported as started by a static initializer: they live as long as their
     * class, and are reported once per JVM, by the first check that finds them.
     */
    private static final Set<Thread> CLASS_LIFETIME = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));
    /** The live threads when leaklab first checked in this JVM: the test run's own (main, surefire's, ...). */
    private static volatile Set<Thread> baseline;

    private ThreadLeaks() {
    }

    /** Something to run and check. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} and fails with {@link ThreadLeakError} if it left threads running. */
    public static void verifyNone(Body body) throws Exception {
        verifyNone(Options.defaults(), body);
    }

    /** Runs {@code body} and acts on the threads it left running as {@code options} say. */
    public static void verifyNone(Options options, Body body) throws Exception {
        find(options, body).act();
    }

    /**
     * Runs {@code body} and returns the threads it left running (after the options' linger), without
     * throwing for them. An exception from the body is thrown as it is.
     */
    public static CheckResult find(Options options, Body body) throws Exception {
        var watch = start(options);
        try {
            body.run();
        } catch (Exception | Error e) {
            watch.restoreScope();
            throw e;
        }
        return watch.find();
    }

    /** Starts watching the current thread with the default options. */
    public static Watch start() {
        return start(Options.defaults());
    }

    /** Starts watching the current thread: what it starts from now on is checked by {@link Watch#verifyNone()}. */
    public static Watch start(Options options) {
        return new Watch(options, "the checked code", null, true, null);
    }

    /**
     * A watch for a framework: it covers only the code run between {@link Watch#enter()} and
     * {@link Watch#leave(String)} on any thread (with the agent; without it, everything started
     * meanwhile), and is ended by {@link Watch#find()} or {@link Watch#verifyNone()}.
     *
     * @param what      how the message names the watched code ({@code "OrderTest (class lifecycle)"})
     * @param scopeName a name for the agent's scope, unique in the run (a test's unique id), or null
     */
    public static Watch watch(Options options, String what, String scopeName) {
        return watch(options, what, scopeName, null);
    }

    /**
     * {@link #watch(Options, String, String)} for code in {@code home} (a test class): a thread that
     * a library's own thread started is reported with its chain of creators down to home's frame.
     */
    public static Watch watch(Options options, String what, String scopeName, Class<?> home) {
        return new Watch(options, Objects.requireNonNull(what, "what"), scopeName, false,
                home == null ? null : home.getName());
    }

    /** Whether the leaklab agent is loaded: then checks attribute by scope, not by snapshot. */
    public static boolean agentLoaded() {
        return Agent.LOADED;
    }

    static boolean agent() {
        return Agent.LOADED;
    }

    /** Read once: whether the agent is loaded does not change while the JVM runs. */
    private static final class Agent {
        static final boolean LOADED = ThreadOrigins.agentLoaded();
    }

    static Set<Thread> baseline() {
        Set<Thread> b = baseline;
        if (b == null) {
            synchronized (ThreadLeaks.class) {
                if ((b = baseline) == null) {
                    b = identitySet(Threads.live());
                    baseline = b;
                }
            }
        }
        return b;
    }

    static Set<Thread> identitySet(Collection<Thread> threads) {
        Set<Thread> set = Collections.newSetFromMap(new IdentityHashMap<>(threads.size() * 2));
        set.addAll(threads);
        return set;
    }

    /**
     * How to check: what to ignore, how long to wait, what to do. Immutable; each {@code with}
     * method returns a copy, the {@code ignore} ones adding to the lists.
     *
     * @param ignoreSites     {@code pkg.Class.method} prefixes of the code that created a thread
     * @param ignoreTopFrames {@code pkg.Class.method} prefixes of a thread's top frame, or top non-JDK frame
     * @param ignoreNames     regular expressions a whole thread name may match
     * @param ignoreCurrent   whether threads alive before the watch started are ignored
     * @param linger          one deadline for leaked threads to end by themselves
     * @param blameClassLifetime whether a thread started by a static initializer counts as a leak of
     *                        the code that first touched the class (by default it is reported once as a
     *                        class-lifetime thread instead)
     */
    public record Options(List<String> ignoreSites, List<String> ignoreTopFrames, List<String> ignoreNames,
                          boolean ignoreCurrent, Duration linger, LeakAction action, boolean blameClassLifetime) {

        public Options {
            ignoreSites = List.copyOf(ignoreSites);
            ignoreTopFrames = List.copyOf(ignoreTopFrames);
            ignoreNames = List.copyOf(ignoreNames);
            for (String regex : ignoreNames) {
                try {
                    Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("ignoreNames: \"" + regex + "\" is not a regular expression: "
                            + e.getDescription());
                }
            }
            Objects.requireNonNull(linger, "linger");
            if (linger.isNegative()) {
                throw new IllegalArgumentException("linger must not be negative: " + linger);
            }
            Objects.requireNonNull(action, "action");
            if (action == LeakAction.DEFAULT) {
                action = LeakAction.FAIL;
            }
        }

        /**
         * Nothing ignored but threads alive before, {@link ThreadLeaks#DEFAULT_LINGER}, fail; threads
         * started by static initializers reported apart.
         */
        public static Options defaults() {
            return new Options(List.of(), List.of(), List.of(), true, DEFAULT_LINGER, LeakAction.FAIL, false);
        }

        public Options ignoreSites(String... prefixes) {
            return new Options(plus(ignoreSites, prefixes), ignoreTopFrames, ignoreNames, ignoreCurrent, linger, action, blameClassLifetime);
        }

        public Options ignoreTopFrames(String... prefixes) {
            return new Options(ignoreSites, plus(ignoreTopFrames, prefixes), ignoreNames, ignoreCurrent, linger, action, blameClassLifetime);
        }

        public Options ignoreNames(String... regexes) {
            return new Options(ignoreSites, ignoreTopFrames, plus(ignoreNames, regexes), ignoreCurrent, linger, action, blameClassLifetime);
        }

        public Options withIgnoreCurrent(boolean ignore) {
            return new Options(ignoreSites, ignoreTopFrames, ignoreNames, ignore, linger, action, blameClassLifetime);
        }

        public Options withLinger(Duration d) {
            return new Options(ignoreSites, ignoreTopFrames, ignoreNames, ignoreCurrent, d, action, blameClassLifetime);
        }

        public Options withAction(LeakAction a) {
            return new Options(ignoreSites, ignoreTopFrames, ignoreNames, ignoreCurrent, linger, a, blameClassLifetime);
        }

        public Options withBlameClassLifetime(boolean blame) {
            return new Options(ignoreSites, ignoreTopFrames, ignoreNames, ignoreCurrent, linger, action, blame);
        }

        private static List<String> plus(List<String> list, String... more) {
            var set = new LinkedHashSet<>(list);
            set.addAll(List.of(more));
            return List.copyOf(set);
        }
    }

    /**
     * One watched stretch of code, begun on one thread by {@link ThreadLeaks#start} and ended on the
     * same thread by {@link #verifyNone()}.
     */
    public static final class Watch {
        private final Options options;
        private final String what;
        private final Thread owner;
        /** The watched code's class (binary name), or null: where a chain of creators ends. */
        private final String home;
        private final String scope;
        private final String previousScope;
        /**
         * Without the agent: the id the next thread created would get when the watch began. Ids only
         * grow, so the threads created since are those above it: one walk of the live threads at
         * the end, not a snapshot at the start too. -1 with the agent.
         */
        private final long firstId;
        /** With the agent: threads started in the JVM before the watch began. */
        private final long startedBefore;
        /** Started by static initializers, found by this watch first: reported apart, once. */
        private final List<LeakedThread> classLifetime = new ArrayList<>();
        /** Added to by the tests of a class, which may run at the same time. Threads compare by identity. */
        private final Set<Thread> excluded = ConcurrentHashMap.newKeySet();
        private boolean restored;

        /** With {@code enter} false the scope is only set by {@link #enter()}, around what belongs to it. */
        Watch(Options options, String what, String scopeName, boolean enter, String home) {
            this.options = Objects.requireNonNull(options, "options");
            this.home = home;
            this.what = what;
            this.owner = Thread.currentThread();
            baseline(); // the first watch in this JVM fixes what the test run itself runs
            if (agent()) {
                this.scope = "leaklab-" + SCOPES.incrementAndGet() + (scopeName == null ? "" : " " + scopeName);
                this.previousScope = ThreadOrigins.scopeOf(owner).orElse(null);
                if (enter) {
                    ThreadOrigins.setScope(scope);
                } else {
                    restored = true;
                }
                this.firstId = -1;
                this.startedBefore = startedSoFar();
            } else {
                this.scope = null;
                this.previousScope = null;
                this.firstId = new Thread(NOTHING).getId(); // never started: only its id is taken
                this.startedBefore = -1;
            }
        }

        /**
         * Makes the current thread's later threads this watch's, e.g. during each test of a
         * class-wide watch; returns the scope to give back to {@link #leave(String)}.
         */
        public String enter() {
            String previous = ThreadOrigins.scopeOf(Thread.currentThread()).orElse(null);
            if (scope != null) {
                ThreadOrigins.setScope(scope);
            }
            return previous;
        }

        /** Gives the current thread back the scope that {@link #enter()} returned. */
        public static void leave(String previous) {
            if (agent()) {
                ThreadOrigins.setScope(previous);
            }
        }

        /** Threads already reported elsewhere (by a test of this class) that this watch must not report again. */
        public void exclude(Collection<Thread> threads) {
            excluded.addAll(threads);
        }

        void restoreScope() {
            if (!restored && scope != null && Thread.currentThread() == owner) {
                ThreadOrigins.setScope(previousScope);
            }
            restored = true;
        }

        /**
         * Ends the watch: waits up to the linger for leaked threads to end, then acts as the options
         * say. Fails with {@link ThreadLeakError} unless the action is {@link LeakAction#WARN}, which
         * prints the report on standard error instead.
         */
        public void verifyNone() {
            var report = find();
            if (report.isEmpty()) {
                return;
            }
            report.act();
        }

        /** Ends the watch and returns what it found, having lingered and, if asked, interrupted. */
        public CheckResult find() {
            restoreScope();
            var ended = new ArrayList<EndedThread>();
            List<LeakedThread> leaked = lingering(ended);
            if (leaked.isEmpty() || options.action() != LeakAction.INTERRUPT_THEN_FAIL) {
                return new CheckResult(what, attribution(), options, leaked, null, ended, classLifetime);
            }
            for (LeakedThread l : leaked) {
                l.thread().interrupt();
            }
            long deadline = System.nanoTime() + INTERRUPT_GRACE.toNanos();
            int stillAlive = 0;
            for (LeakedThread l : leaked) {
                if (!join(l.thread(), deadline)) {
                    stillAlive++;
                }
            }
            return new CheckResult(what, attribution(), options, leaked, stillAlive, ended, classLifetime);
        }

        private CheckResult.Attribution attribution() {
            return scope != null ? CheckResult.Attribution.SCOPE : CheckResult.Attribution.SNAPSHOT;
        }

        /**
         * Leaked threads after the linger: joined one after another against one deadline, re-listed
         * after. Those that ended meanwhile go to {@code ended}, each with an upper bound of when:
         * whenever a join returns, every thread seen so far is looked at again.
         */
        private List<LeakedThread> lingering(List<EndedThread> ended) {
            List<LeakedThread> leaked = leakedNow();
            if (leaked.isEmpty() || options.linger().isZero()) {
                return leaked;
            }
            long start = System.nanoTime();
            long deadline = start + options.linger().toNanos();
            Map<Thread, LeakedThread> seen = new IdentityHashMap<>();
            Map<Thread, Long> endedAt = new IdentityHashMap<>();
            while (!leaked.isEmpty() && System.nanoTime() < deadline) {
                for (LeakedThread l : leaked) {
                    seen.putIfAbsent(l.thread(), l);
                }
                for (LeakedThread l : leaked) {
                    boolean over = !join(l.thread(), deadline) && System.nanoTime() >= deadline;
                    long now = System.nanoTime();
                    for (Thread t : seen.keySet()) {
                        if (!t.isAlive()) {
                            endedAt.putIfAbsent(t, now - start);
                        }
                    }
                    if (over) {
                        break;
                    }
                }
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                leaked = leakedNow(); // the ones that ended may have started others
            }
            for (LeakedThread l : leaked) {
                seen.remove(l.thread());
            }
            for (LeakedThread l : seen.values()) {
                Long nanos = endedAt.get(l.thread());
                if (nanos != null) {
                    ended.add(new EndedThread(l.name(), l.virtual(), l.site(), Math.max(1, (nanos + 999_999) / 1_000_000)));
                }
            }
            ended.sort((a, b) -> Long.compare(a.withinMillis(), b.withinMillis()));
            return leaked;
        }

        /** Joins until the deadline; true when the thread ended. Keeps an interrupt for the caller. */
        private static boolean join(Thread t, long deadlineNanos) {
            long left = deadlineNanos - System.nanoTime();
            try {
                if (left > 0) {
                    t.join(left / 1_000_000, (int) (left % 1_000_000));
                }
                return !t.isAlive();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !t.isAlive();
            }
        }

        /** The live threads this watch blames, minus the ignored ones, in thread-id order. */
        List<LeakedThread> leakedNow() {
            Set<Thread> base = options.ignoreCurrent() ? null : baseline();
            if (scope != null && base == null && startedSoFar() == startedBefore) {
                // No thread started anywhere since the watch began, so none can carry its scope,
                // which threads only inherit when they start: no need to walk the live threads.
                return List.of();
            }
            if (scope == null && base == null && new Thread(NOTHING).getId() == firstId + 1) {
                // Without the agent: no thread was even created since the watch began (the next
                // id is the one after the watch's own), so none of its threads can be alive.
                return List.of();
            }
            Thread me = Thread.currentThread();
            var candidates = new ArrayList<Thread>();
            var older = Collections.newSetFromMap(new IdentityHashMap<Thread, Boolean>());
            // With the agent's index of its scope, only this watch's own threads are looked at: a
            // test that started and joined threads costs what its threads cost, not a walk of the JVM's.
            var scoped = scope != null && base == null ? ThreadOrigins.liveInScope(scope) : Optional.<List<Thread>>empty();
            // Without the agent only threads created since the watch began can be its own: one
            // pass over the containers keeps those (ids only grow), instead of a list of them all.
            List<Thread> looked = scoped.isPresent() ? scoped.get()
                    : scope == null && base == null ? Threads.newerThan(firstId) : Threads.live();
            for (Thread t : looked) {
                // Whose it is first (an id compared, or the registry asked): of 10,000 live threads
                // most are not the watch's, and the set lookups below are for the few that are.
                boolean mine = scope != null
                        ? scope.equals(ThreadOrigins.scopeOf(t).orElse(null))
                        : t.getId() > firstId;
                boolean old = !mine && base != null && !base.contains(t);
                if (!mine && !old || t == me || t == owner || excluded.contains(t)
                        || !options.blameClassLifetime() && CLASS_LIFETIME.contains(t)) {
                    continue;
                }
                if (!Threads.isHarness(t) && t.isAlive()) {
                    candidates.add(t);
                    if (old) {
                        older.add(t);
                    }
                }
            }
            if (candidates.isEmpty()) {
                return List.of();
            }
            settle(candidates);
            var found = new ArrayList<LeakedThread>();
            for (Thread t : candidates) {
                LeakedThread leak = LeakedThread.of(t, older.contains(t), owner.getId(), home);
                if (!t.isAlive() || Ignores.ignored(leak, options)) {
                    continue;
                }
                if (!options.blameClassLifetime() && leak.initializer() != null) {
                    if (CLASS_LIFETIME.add(t)) {
                        classLifetime.add(leak);
                    }
                    continue;
                }
                found.add(leak);
            }
            found.sort((a, b) -> Long.compare(a.thread().getId(), b.thread().getId()));
            return found;
        }
    }

    private static long startedSoFar() {
        return ThreadOrigins.started(false) + ThreadOrigins.started(true);
    }

    /**
     * A thread found right after the code that started it returns is often not yet where it will
     * stay: running, even without a frame. Give such threads a moment (one deadline for all) to
     * block somewhere, so the stack that is matched and shown is where they wait. Costs nothing
     * when no thread leaked.
     */
    static void settle(List<Thread> threads) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        for (Thread t : threads) {
            while (t.getState() == Thread.State.RUNNABLE && System.nanoTime() < deadline) {
                try {
                    t.join(1);
                    if (!t.isAlive()) {
                        break;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}

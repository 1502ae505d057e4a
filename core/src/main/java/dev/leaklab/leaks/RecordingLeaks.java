package dev.leaklab.leaks;

import dev.leaklab.dump.DumpHeader;
import dev.leaklab.dump.DumpVisitor;
import dev.leaklab.dump.DumpedThread;
import dev.leaklab.internal.dump.Frames;
import dev.leaklab.internal.origins.CreatorChains;
import dev.leaklab.internal.origins.CreatorChains.Creation;
import dev.leaklab.dump.ThreadDumps;
import dev.leaklab.io.UserError;
import dev.leaklab.io.Writable;
import dev.leaklab.origins.ProvenLeak;
import dev.leaklab.profile.Count;
import dev.leaklab.internal.profile.Tally;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Threads started and never ended within a JFR recording, grouped by where they came from: the
 * "created by" that Java thread dumps lack.
 *
 * <p>Platform threads: {@code jdk.ThreadStart} carries the stack of the thread that called
 * {@code start()}; its first frame outside the JDK is the creation site. Virtual threads: JFR
 * records no creator ({@code jdk.VirtualThreadStart}'s stack is the new thread's own
 * {@code VirtualThread.run}), so they are grouped by their task's entry, the first non-JDK frame
 * from the bottom of their stack in a thread dump taken while they were alive; without one, by
 * thread name. Each group says which attribution it got. With the leaklab agent
 * ({@code -javaagent:leaklab-agent.jar}) every thread, virtual ones too, has a
 * {@code dev.leaklab.ThreadCreated} event with the creating thread's stack: that is used first. In
 * proof mode the agent also writes {@code dev.leaklab.ProvenLeak} events: virtual threads the GC
 * collected while blocked, reported in a section of their own.
 *
 * <p>"The application" is a set of class-name prefixes ({@code --app}); without it, a frame is the
 * application's when it is in the default package, or in the main class's package (from
 * {@code jdk.JVMInformation}) above any reflective call (a launcher such as Spring Boot's
 * {@code JarLauncher} calls the application's main reflectively), or else is the library's caller:
 * the first frame outside the creating frame's root package. When the first non-JDK frame of a
 * creator's stack is not the application's (a library started the thread on its behalf), the site
 * is the chain from that frame down to the first application frame; when the creator's stack has
 * no application frame at all (a library's own thread started it), the creating thread is followed
 * to its own creation, a few hops ({@code … ← thread httpclient-main-N ← …}). Groups are told
 * growing from steady by when their threads started, and the JDK's own threads are blamed on
 * nobody. JFR stores no source-file names: the
 * file is inferred from the class name ({@code Foo$Inner} → {@code Foo.java}), which holds for
 * every class javac compiled from a file named after its top-level class.
 */
public final class RecordingLeaks {

    /** How a group was attributed, strongest first. */
    public enum Attribution {
        AGENT_CREATION_SITE("created at", "the creating thread's stack in dev.leaklab.ThreadCreated (leaklab agent)"),
        CREATION_SITE("created at", "first non-JDK frame of the creating thread's stack in jdk.ThreadStart"),
        CREATOR_CHAIN("created at", "no application frame in the creating thread's stack: the creating thread was"
                + " followed to its own creation (creatorThreadId in dev.leaklab.ThreadCreated, parentThread in"
                + " jdk.ThreadStart) until one had an application frame"),
        TASK_ENTRY("task entry", "first non-JDK frame from the bottom of the thread's stack in the dump;"
                + " JFR records no creator for virtual threads"),
        JDK_INTERNAL("created inside the JDK", "no application frame in the creator's stack; grouped by thread name"),
        NO_STACK("no creator stack", "jdk.ThreadStart has no stack: started by the JVM itself, or stack traces"
                + " were off; grouped by thread name"),
        NO_APP_FRAME_IN_DUMP("thread name only", "in the dump, but no frame of its stack is outside the JDK;"
                + " grouped by thread name"),
        THREAD_NAME("thread name only", "virtual thread not in a dump taken before the recording ended;"
                + " grouped by thread name"),
        JDK_INFRASTRUCTURE("the JDK's own", "started by the JDK for its own work (virtual threads' carriers and"
                + " unblocker, jcmd's Attach Listener, the JVM's main and service threads), whoever's line came"
                + " first: blamed on nobody");

        public final String label;
        public final String explanation;

        Attribution(String label, String explanation) {
            this.label = label;
            this.explanation = explanation;
        }
    }

    /** Whether a group grew while it was recorded: the Go guide's "growth rate correlates with request rate or time". */
    public enum Trend {
        GROWING("growing", "threads of this group kept starting in the second half of the recording"),
        STEADY("steady", "its threads started before the recording's midpoint (all but at most one, or fewer than a"
                + " quarter of them) and it did not grow since: a pool or a one-off, not a growing leak"),
        JDK("the JDK's own", "started by the JDK for its own work: not a leak of the application's");

        public final String label;
        public final String explanation;

        Trend(String label, String explanation) {
            this.label = label;
            this.explanation = explanation;
        }
    }

    /**
     * Leaked threads with one origin. {@code calledFrom} tallies the next application frame below a
     * creation site (a thread-factory helper is often the first); {@code nowAt}, from the dump, the
     * application frame the threads are in now. {@code ratePerSecond}: for a growing group, how fast
     * its never-ended threads started, from its first start to its last (0 otherwise). {@code applicationFrame}:
     * false when neither the creator's stack nor its creators' named a frame of the application.
     */
    public record SiteGroup(Attribution attribution, String site, boolean virtual, int count, List<Count> names,
                        List<Count> calledFrom, List<Count> nowAt, Trend trend, double ratePerSecond,
                        Instant firstStart, Instant lastStart, boolean applicationFrame) {
    }

    /**
     * What the recording holds and what leaked. {@code creatorsRecorded}: the leaklab agent's
     * ThreadCreated events are in it; {@code app}: the class-name prefixes taken as the application,
     * given ({@code explicitApp}) or guessed from the main class (see {@link #analyze(Path, ThreadDumps.Source, List)});
     * {@code growthFrom}: the point after which a group must have gained threads to be growing;
     * {@code provenNeverEnded}: never-ended virtual threads that are the proven ones, not listed again.
     */
    public record Findings(Path recording, Instant start, Instant end, int startedPlatform, int startedVirtual,
                         int leakedPlatform, int leakedVirtual, boolean virtualEventsOn, boolean threadStartOn,
                         boolean creatorsRecorded, List<String> app, boolean explicitApp, List<ProvenLeak> proven,
                         DumpHeader dump, int foundInDump, List<SiteGroup> groups, Instant growthFrom,
                         int provenNeverEnded) implements Writable {

        @Override
        public void writeText(PrintWriter out) {
            LeakReports.writeText(this, out);
        }

        @Override
        public void writeJson(Writer out) throws IOException {
            LeakReports.writeJson(this, out);
        }

    }

    static final String THREAD_CREATED = "dev.leaklab.ThreadCreated";
    static final String PROVEN_LEAK = "dev.leaklab.ProvenLeak";
    private static final String AGENT_PACKAGE = "dev.leaklab.agent.";
    static final String CHAIN = CreatorChains.CHAIN;
    /** Creating threads followed, at most, to find an application frame. */
    static final int HOPS = CreatorChains.HOPS;
    /**
     * Threads the JDK starts for its own work, named as it names them: the application's line that
     * happened to come first (the first virtual thread, the first jcmd) does not own them.
     */
    static final Set<String> JDK_THREAD_NAMES = CreatorChains.JDK_THREAD_NAMES;


    /** Where a leaked thread came from. */
    private record Started(Attribution attribution, String site, String name, String calledFrom, boolean applicationFrame) {
        Started(Attribution attribution, String site, String name) {
            this(attribution, site, name, null, true);
        }
    }


    /** Everything the recording says about one thread started in it. */
    private static final class Seen implements CreatorChains.Node {
        boolean virtual;
        boolean startRecorded;
        boolean ended;
        String name;
        Instant start;
        long creator = -1;
        Creation jfr;
        Creation agent;

        @Override
        public Creation creation() {
            return agent != null ? agent : jfr;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long creator() {
            return creator;
        }
    }

    private RecordingLeaks() {
    }

    public static Findings analyze(Path recording, ThreadDumps.Source dump) throws UserError {
        return analyze(recording, dump, List.of());
    }

    /**
     * @param app class-name prefixes of the application ({@code com.acme.}); empty: guessed. The
     *            guess takes a frame as the application's when it is in the default package, or in
     *            the main class's package (its first two names) above any reflective call (a
     *            launcher such as Spring Boot's JarLauncher calls the application's main
     *            reflectively); failing both, the caller of the library: the first frame outside
     *            the creating frame's root package.
     */
    public static Findings analyze(Path recording, ThreadDumps.Source dump, List<String> app) throws UserError {
        if (Files.isDirectory(recording)) {
            throw new UserError(recording + " is a folder; name a .jfr recording in it");
        }
        if (!Files.isRegularFile(recording)) {
            throw new UserError(Files.exists(recording) ? recording + " is not a regular file; name a .jfr recording"
                    : "no such file: " + recording);
        }
        var scan = new Scan();
        try (var file = new RecordingFile(recording)) {
            for (var type : file.readEventTypes()) {
                scan.typeIds.put(type.getName(), type.getId());
            }
            while (file.hasMoreEvents()) {
                scan.accept(file.readEvent());
            }
        } catch (IOException | RuntimeException | InternalError | StackOverflowError e) {
            // the JDK's reader meets a damaged file with an IOException or, inside a chunk, almost anything
            throw new UserError(recording + " is not a readable JFR recording: " + e.getMessage());
        }
        var prefixes = app.isEmpty() ? scan.mainPackage() : app;
        var rule = new CreatorChains(prefixes, !app.isEmpty(), scan::node);
        var platformLeaks = new HashMap<Long, Seen>();
        var virtualLeaks = new HashMap<Long, Seen>();
        scan.seen.forEach((id, s) -> {
            if (s.startRecorded && !s.ended) {
                (s.virtual ? virtualLeaks : platformLeaks).put(id, s);
            }
        });
        var builders = new HashMap<List<Object>, GroupBuilder>();
        var plain = scan.plainVirtual;
        plain.prepareForDump();
        var inDump = new DumpMatch(virtualLeaks.keySet(), platformLeaks.keySet(), plain);
        if (dump != null) {
            ThreadDumps.visit(dump, inDump);
        }
        platformLeaks.forEach((id, s) -> {
            Creation c = s.creation();
            Started started;
            if (isJdkInfrastructure(s, c)) {
                started = new Started(Attribution.JDK_INFRASTRUCTURE, s.name, s.name);
            } else if (c == null) {
                started = new Started(Attribution.NO_STACK, s.name, s.name);
            } else {
                started = resolve(rule, s, s.agent != null ? Attribution.AGENT_CREATION_SITE : Attribution.CREATION_SITE);
            }
            add(builders, started, false, inDump.nowAt.get(id), epochNanos(s.start));
        });
        virtualLeaks.forEach((id, s) -> {
            String entry = inDump.entries.get(id);
            var started = s.agent != null ? resolve(rule, s, Attribution.AGENT_CREATION_SITE)
                    : entry != null ? new Started(Attribution.TASK_ENTRY, entry, s.name)
                    : inDump.foundVirtual.contains(id) ? new Started(Attribution.NO_APP_FRAME_IN_DUMP, s.name, s.name)
                    : new Started(Attribution.THREAD_NAME, s.name, s.name);
            add(builders, started, true, inDump.nowAt.get(id), epochNanos(s.start));
        });
        for (int slot : plain.slotsById()) { // the threads of which the recording has their start only
            String entry = plain.entry(slot), name = plain.name(slot);
            var started = entry != null ? new Started(Attribution.TASK_ENTRY, entry, name)
                    : plain.inDump(slot) ? new Started(Attribution.NO_APP_FRAME_IN_DUMP, name, name)
                    : new Started(Attribution.THREAD_NAME, name, name);
            add(builders, started, true, plain.nowAt(slot), plain.startNanos(slot));
        }
        var proven = new ArrayList<>(scan.proven.values());
        proven.sort(Comparator.comparingLong(ProvenLeak::count).reversed().thenComparing(ProvenLeak::site));
        int provenNeverEnded = countProvenOnce(proven, builders.values());
        Instant growthFrom = scan.first == null ? null
                : scan.first.plus(Duration.between(scan.first, scan.last).dividedBy(2));
        var groups = new ArrayList<SiteGroup>();
        for (GroupBuilder b : builders.values()) {
            if (b.count > 0) {
                groups.add(b.build(growthFrom));
            }
        }
        groups.sort(RecordingLeaks::byGrowth);
        return new Findings(recording, scan.first, scan.last, scan.startedPlatform, scan.startedVirtual,
                platformLeaks.size(), virtualLeaks.size() + plain.size(),
                // a JFR.dump copy may lack the jdk.ActiveSetting events: events seen were enabled
                scan.virtualOn || scan.startedVirtual > 0, scan.threadStartOn || scan.startedPlatform > 0,
                scan.typeIds.containsKey(THREAD_CREATED), prefixes, !app.isEmpty(), List.copyOf(proven),
                inDump.header, inDump.found, List.copyOf(groups), growthFrom, provenNeverEnded);
    }

    /** Growing groups first, fastest first; then steady ones, then the JDK's own, largest first. */
    private static int byGrowth(SiteGroup a, SiteGroup b) {
        int c = Integer.compare(a.trend().ordinal(), b.trend().ordinal());
        if (c == 0 && a.trend() == Trend.GROWING) {
            c = Double.compare(b.ratePerSecond(), a.ratePerSecond());
        }
        if (c == 0) {
            c = Integer.compare(b.count(), a.count());
        }
        return c != 0 ? c : a.site().compareTo(b.site());
    }

    /**
     * Proven threads never ended either (the GC freed them): they are taken out of the groups of
     * their site, so each thread is counted once. ProvenLeak names a site, not threads, so the
     * virtual groups whose site ends with it give them up, largest first.
     */
    private static int countProvenOnce(List<ProvenLeak> proven, Collection<GroupBuilder> builders) {
        int taken = 0;
        var virtual = new ArrayList<GroupBuilder>();
        for (GroupBuilder b : builders) {
            if (b.virtual && b.attribution != Attribution.JDK_INFRASTRUCTURE) virtual.add(b);
        }
        virtual.sort(Comparator.comparingInt((GroupBuilder b) -> b.count).reversed());
        for (ProvenLeak p : proven) {
            long left = p.count();
            for (GroupBuilder b : virtual) {
                if (left > 0 && (b.site.equals(p.site()) || b.site.endsWith(CHAIN + p.site()))) {
                    int n = (int) Math.min(left, b.count);
                    b.count -= n;
                    left -= n;
                    taken += n;
                }
            }
        }
        return taken;
    }

    /**
     * The JDK's own threads: named as the JDK names them and started by no application frame, or
     * a platform thread whose creation went through {@code java.lang.VirtualThread} (a carrier).
     */
    private static boolean isJdkInfrastructure(Seen s, Creation c) {
        return CreatorChains.isJdkInfrastructure(s.name, c);
    }

    /** An instant as nanoseconds since the epoch (a long holds them to the year 2262), or {@link #NO_TIME} for null. */
    static long epochNanos(Instant t) {
        if (t == null) {
            return NO_TIME;
        }
        long seconds = Math.max(-9_000_000_000L, Math.min(9_000_000_000L, t.getEpochSecond()));
        return seconds * 1_000_000_000L + t.getNano();
    }

    static final long NO_TIME = Long.MIN_VALUE;

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    private static void add(Map<List<Object>, GroupBuilder> builders, Started s, boolean virtual, String nowAt, long start) {
        var b = builders.computeIfAbsent(List.of(s.attribution(), s.site(), virtual),
                k -> new GroupBuilder(s.attribution(), s.site(), virtual));
        b.count++;
        b.applicationFrame &= s.applicationFrame();
        b.names.add(s.name(), 1);
        if (s.calledFrom() != null) {
            b.calledFrom.add(s.calledFrom(), 1);
        }
        if (nowAt != null) {
            b.nowAt.add(nowAt, 1);
        }
        if (start != NO_TIME) {
            b.starts.add(start);
        }
    }

    /** A leaked thread's creation as a site, by the rule the endpoint follows too ({@link CreatorChains}). */
    private static Started resolve(CreatorChains rule, Seen s, Attribution how) {
        CreatorChains.Site site = rule.resolve(s);
        return switch (site.kind()) {
            case OWN -> new Started(how, site.site(), s.name, site.calledFrom(), true);
            case CHAIN -> new Started(Attribution.CREATOR_CHAIN, site.site(), s.name, site.calledFrom(), true);
            case NO_APP_FRAME -> new Started(how, site.site(), s.name, site.calledFrom(), false);
            case NO_FRAMES -> new Started(Attribution.JDK_INTERNAL, s.name, s.name, null, false);
        };
    }

    /** {@code pkg.Outer$Inner.method(File.java:1)} → {@code pkg.Outer$Inner}. */
    static String className(String frame) {
        return CreatorChains.className(frame);
    }

    /** A library's root package (see {@link CreatorChains#root}). */
    static String root(String frame) {
        return CreatorChains.root(frame);
    }

    private static final class GroupBuilder {
        final Attribution attribution;
        final String site;
        final boolean virtual;
        int count;
        boolean applicationFrame = true;
        final Tally names = new Tally(4);
        final Tally calledFrom = new Tally(3);
        final Tally nowAt = new Tally(3);
        final Starts starts = new Starts(); // since the epoch, in nanoseconds: a million Instants were 24 MB

        GroupBuilder(Attribution attribution, String site, boolean virtual) {
            this.attribution = attribution;
            this.site = site;
            this.virtual = virtual;
        }

        SiteGroup build(Instant growthFrom) {
            long[] sorted = starts.sorted();
            Instant first = sorted.length == 0 ? null : instant(sorted[0]);
            Instant last = sorted.length == 0 ? null : instant(sorted[sorted.length - 1]);
            long from = epochNanos(growthFrom);
            int later = 0;
            for (long s : sorted) {
                if (growthFrom != null && s >= from) later++;
            }
            Trend trend = attribution == Attribution.JDK_INFRASTRUCTURE ? Trend.JDK
                    : later >= 2 && later * 4 >= sorted.length ? Trend.GROWING : Trend.STEADY;
            double rate = 0;
            if (trend == Trend.GROWING) {
                // while it grew: the starts of its never-ended threads (proven ones too) over their span
                double seconds = Duration.between(first, last).toNanos() / 1e9;
                rate = seconds > 0 ? (sorted.length - 1) / seconds : 0;
            }
            return new SiteGroup(attribution, site, virtual, count, upTo(names.sorted()), upTo(calledFrom.sorted()),
                    upTo(nowAt.sorted()), trend, rate, first, last, applicationFrame);
        }

        /** A tally of one key, as it was before proven threads were taken out, covers the threads left. */
        private List<Count> upTo(List<Count> tally) {
            if (tally.size() == 1 && tally.get(0).n() > count) {
                return List.of(new Count(tally.get(0).key(), count));
            }
            return tally;
        }
    }

    /** A growing array of start times. */
    private static final class Starts {
        private long[] values = new long[16];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] sorted() {
            long[] s = java.util.Arrays.copyOf(values, size);
            java.util.Arrays.sort(s);
            return s;
        }
    }

    /** One pass over the recording's events; thread ids are never reused, so order does not matter. */
    private static final class Scan {
        /**
         * The threads the recording saw start or created, by thread id; virtual ones only until they
         * end (a library's own threads, which a chain follows, are platform threads: a flood of
         * short virtual threads must not fill the heap).
         */
        final Map<Long, Seen> seen = new HashMap<>();
        /** Virtual threads of which only their start is known (most of them, without the agent), kept compactly. */
        final VirtualStarts plainVirtual = new VirtualStarts();
        // Ends read before their starts (events are not sorted across thread buffers), or of threads
        // started before the recording began.
        final Set<Long> endedUnseen = new HashSet<>();
        final Map<Object, Creation> creations = new HashMap<>();
        final Map<String, ProvenLeak> proven = new HashMap<>();
        String mainClass;
        final Map<Long, Boolean> jdkClass = new HashMap<>();
        final Map<String, String> sites = new HashMap<>();
        // jdk.ActiveSetting names an event type by its id in the recording's metadata.
        final Map<String, Long> typeIds = new HashMap<>();
        int startedPlatform, startedVirtual;
        boolean virtualOn, threadStartOn;
        Instant first, last;

        void accept(RecordedEvent e) {
            if (first == null || e.getStartTime().isBefore(first)) {
                first = e.getStartTime();
            }
            if (last == null || e.getEndTime().isAfter(last)) {
                last = e.getEndTime();
            }
            switch (e.getEventType().getName()) {
                case "jdk.ThreadStart" -> {
                    RecordedThread t = e.getThread("thread");
                    if (t != null) {
                        Seen s = seen(t.getJavaThreadId());
                        // a repeated start (a chunk read twice) must not count twice
                        if (!s.startRecorded) {
                            startedPlatform++;
                            s.ended |= endedUnseen.remove(t.getJavaThreadId());
                        }
                        s.startRecorded = true;
                        s.name = name(t.getJavaName());
                        s.start = e.getStartTime();
                        if (e.getStackTrace() != null && !e.getStackTrace().getFrames().isEmpty()) {
                            s.jfr = creation(e.getStackTrace());
                        }
                        RecordedThread parent = e.hasField("parentThread") ? e.getThread("parentThread") : e.getThread();
                        if (s.creator < 0 && parent != null && parent.getJavaThreadId() > 0) {
                            s.creator = parent.getJavaThreadId();
                        }
                    }
                }
                case "jdk.ThreadEnd" -> {
                    RecordedThread t = e.getThread("thread");
                    if (t != null) {
                        end(t.getJavaThreadId(), false);
                    }
                }
                case "jdk.VirtualThreadStart" -> {
                    RecordedThread t = e.getThread();
                    long id = e.getLong("javaThreadId");
                    if (!seen.containsKey(id)) { // nothing but its start known (yet): a compact slot
                        if (plainVirtual.slot(id) < 0) {
                            startedVirtual++;
                            if (endedUnseen.remove(id)) {
                                break;
                            }
                        }
                        plainVirtual.put(id, name(t == null ? null : t.getJavaName()), epochNanos(e.getStartTime()));
                        break;
                    }
                    Seen s = seen(id);
                    if (!s.startRecorded) {
                        startedVirtual++;
                        if (endedUnseen.remove(id)) {
                            seen.remove(id);
                            break;
                        }
                    }
                    s.startRecorded = true;
                    s.virtual = true;
                    s.name = name(t == null ? null : t.getJavaName());
                    s.start = e.getStartTime();
                }
                case "jdk.VirtualThreadEnd" -> end(e.getLong("javaThreadId"), true);
                case THREAD_CREATED -> {
                    long started = e.getLong("startedThreadId");
                    int slot = plainVirtual.slot(started);
                    if (slot >= 0) { // the agent's event comes with more: the thread gets a Seen of its own
                        Seen v = seen(started);
                        v.startRecorded = true;
                        v.virtual = true;
                        v.name = plainVirtual.name(slot);
                        v.start = instant(plainVirtual.startNanos(slot));
                        plainVirtual.remove(slot);
                    }
                    Seen s = seen(started);
                    s.agent = creation(e.getStackTrace());
                    s.creator = e.getLong("creatorThreadId");
                    if (s.name == null) {
                        s.name = name(e.getString("name"));
                        s.virtual = e.getBoolean("virtual");
                    }
                    if (s.start == null) {
                        s.start = e.getStartTime();
                    }
                }
                case PROVEN_LEAK -> {
                    String site = e.getString("site");
                    String stack = e.getString("stack");
                    ProvenLeak p = proven.get(site);
                    long n = p == null ? e.getLong("count") : p.count() + e.getLong("count");
                    Instant firstSeen = p == null ? e.getStartTime() : p.first();
                    List<String> frames = p != null ? p.stack() : stack == null ? List.of() : List.of(stack.split("\n"));
                    proven.put(site, new ProvenLeak(site, n, firstSeen, e.getStartTime(), frames));
                }
                case "jdk.JVMInformation" -> {
                    String args = e.getString("javaArguments");
                    if (args != null && !args.isBlank()) mainClass = args.strip().split("\\s+")[0];
                }
                case "jdk.ActiveSetting" -> {
                    if ("enabled".equals(e.getString("name")) && "true".equals(e.getString("value"))) {
                        long type = e.getLong("id");
                        virtualOn |= type == typeIds.getOrDefault("jdk.VirtualThreadStart", -1L);
                        threadStartOn |= type == typeIds.getOrDefault("jdk.ThreadStart", -1L);
                    }
                }
                default -> {
                }
            }
        }

        private void end(long id, boolean virtual) {
            int slot = virtual ? plainVirtual.slot(id) : -1;
            if (slot >= 0) {
                plainVirtual.remove(slot);
                return;
            }
            Seen s = seen.get(id);
            if (s == null || !s.startRecorded) {
                endedUnseen.add(id);
            } else if (virtual) {
                seen.remove(id);
            } else {
                s.ended = true;
            }
        }

        private Seen seen(long id) {
            return seen.computeIfAbsent(id, k -> new Seen());
        }

        /** A thread as a creator chain sees it; one kept compactly is made up again (no creation, no creator). */
        CreatorChains.Node node(long id) {
            Seen s = seen.get(id);
            int slot;
            if (s == null && (slot = plainVirtual.slot(id)) >= 0) {
                s = new Seen();
                s.virtual = true;
                s.startRecorded = true;
                s.name = plainVirtual.name(slot);
                s.start = instant(plainVirtual.startNanos(slot));
            }
            return s;
        }

        /** The name's pattern, an identity hash in it ({@code HttpClient@7a5e-12}) as N too: one per client. */
        private String name(String javaName) {
            return intern(CreatorChains.namePattern(javaName));
        }

        /** The non-JDK frames of a creator's stack, without the agent's own (its hook is the top frame). */
        private Creation creation(RecordedStackTrace stack) {
            var frames = new ArrayList<String>();
            int reflectiveFrom = -1;
            boolean forVirtualThreads = false;
            if (stack != null) {
                for (RecordedFrame f : stack.getFrames()) {
                    if (!f.isJavaFrame()) {
                        continue;
                    }
                    String type = f.getMethod().getType().getName();
                    if (!isJdk(f.getMethod().getType())) {
                        // the agent's hook, and lambdas' generated classes (no line, the lambda's body is the next frame)
                        if (!type.startsWith(AGENT_PACKAGE) && !type.contains("$$Lambda")) {
                            frames.add(intern(format(f)));
                        }
                    } else if (frames.isEmpty() && type.equals("java.lang.VirtualThread")) {
                        forVirtualThreads = true;
                    } else if (reflectiveFrom < 0 && !frames.isEmpty() && (type.startsWith("jdk.internal.reflect.")
                            || type.equals("java.lang.reflect.Method") && f.getMethod().getName().equals("invoke"))) {
                        reflectiveFrom = frames.size();
                    }
                }
            }
            int from = reflectiveFrom < 0 ? frames.size() : reflectiveFrom;
            var key = List.of(List.copyOf(frames), from, forVirtualThreads);
            boolean vt = forVirtualThreads;
            return creations.computeIfAbsent(key, k -> new Creation(List.copyOf(frames), from, vt));
        }

        List<String> mainPackage() {
            return CreatorChains.mainPackage(mainClass);
        }

        private boolean isJdk(RecordedClass c) {
            return jdkClass.computeIfAbsent(c.getId(), id -> {
                RecordedObject pkg = c.getValue("package");
                RecordedObject module = pkg == null ? null : pkg.getValue("module");
                if (module != null) {
                    return Frames.isJdkModule(module.getString("name"));
                }
                var loader = c.getClassLoader();
                return loader == null || "bootstrap".equals(loader.getName()) || "platform".equals(loader.getName());
            });
        }

        private String intern(String s) {
            String seen = sites.putIfAbsent(s, s);
            return seen == null ? s : seen;
        }
    }

    /** A JFR frame written as a stack trace element: {@code pkg.Outer$Inner.method(Outer.java:42)}. */
    static String format(RecordedFrame f) {
        String cls = f.getMethod().getType().getName();
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        int dollar = simple.indexOf('$');
        String file = (dollar > 0 ? simple.substring(0, dollar) : simple) + ".java";
        int line = f.getLineNumber();
        return cls + "." + f.getMethod().getName() + "(" + (line >= 0 ? file + ":" + line : "Unknown Source") + ")";
    }

    /** Reads the dump once, for the leaked threads only. */
    private static final class DumpMatch implements DumpVisitor {
        final Set<Long> virtualLeaks;
        final Set<Long> platformLeaks;
        final Map<Long, String> entries = new HashMap<>();
        final Map<Long, String> nowAt = new HashMap<>();
        final Set<Long> foundVirtual = new HashSet<>();
        final VirtualStarts plain;
        /** Per stack (the reader hands out one List per distinct stack): its task entry and top application frame. */
        final Map<List<String>, String[]> byStack = new java.util.IdentityHashMap<>();
        DumpHeader header;
        int found;

        DumpMatch(Set<Long> virtualLeaks, Set<Long> platformLeaks, VirtualStarts plain) {
            this.virtualLeaks = virtualLeaks;
            this.platformLeaks = platformLeaks;
            this.plain = plain;
        }

        private String[] frames(List<String> stack) {
            String[] f = byStack.get(stack);
            if (f == null) {
                f = new String[] {Frames.taskEntry(stack), Frames.topApplicationFrame(stack)};
                if (byStack.size() < 20_000) {
                    byStack.put(stack, f);
                }
            }
            return f;
        }

        @Override
        public void header(DumpHeader header) {
            this.header = header;
        }

        @Override
        public void thread(DumpedThread t) {
            long id;
            try {
                id = Long.parseLong(t.tid());
            } catch (NumberFormatException e) {
                return;
            }
            int slot = t.virtual() && !virtualLeaks.contains(id) ? plain.slot(id) : -1;
            boolean leaked = t.virtual() ? slot >= 0 || virtualLeaks.contains(id) : platformLeaks.contains(id);
            if (!leaked) {
                return;
            }
            found++;
            String[] f = frames(t.stack());
            if (slot >= 0) {
                plain.foundInDump(slot, f[0], f[1]);
                return;
            }
            if (t.virtual()) {
                foundVirtual.add(id);
                String entry = f[0];
                if (entry != null) {
                    entries.put(id, entry);
                }
            }
            String top = f[1];
            if (top != null) {
                nowAt.put(id, top);
            }
        }
    }
}

package dev.leaklab.leaks;

import dev.leaklab.dump.DumpHeader;
import dev.leaklab.dump.DumpVisitor;
import dev.leaklab.dump.DumpedThread;
import dev.leaklab.dump.Frames;
import dev.leaklab.dump.ThreadDumps;
import dev.leaklab.io.UserError;
import dev.leaklab.io.Writable;
import dev.leaklab.origins.ProvenLeak;
import dev.leaklab.profile.Count;
import dev.leaklab.profile.Tally;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
 * <p>"The application" is a set of class-name prefixes ({@code --app}), by default guessed from the
 * main class in {@code jdk.JVMInformation} (see {@code mainPackage}). When the first non-JDK frame of a creator's stack is not
 * the application's (a library started the thread on its behalf), the site is the chain from that
 * frame down to the first application frame. JFR stores no source-file names: the
 * file is inferred from the class name ({@code Foo$Inner} → {@code Foo.java}), which holds for
 * every class javac compiled from a file named after its top-level class.
 */
public final class RecordingLeaks {

    /** How a group was attributed, strongest first. */
    public enum Attribution {
        AGENT_CREATION_SITE("created at", "the creating thread's stack in dev.leaklab.ThreadCreated (leaklab agent)"),
        CREATION_SITE("created at", "first non-JDK frame of the creating thread's stack in jdk.ThreadStart"),
        TASK_ENTRY("task entry", "first non-JDK frame from the bottom of the thread's stack in the dump;"
                + " JFR records no creator for virtual threads"),
        JDK_INTERNAL("created inside the JDK", "no application frame in the creator's stack; grouped by thread name"),
        NO_STACK("no creator stack", "jdk.ThreadStart has no stack: started by the JVM itself, or stack traces"
                + " were off; grouped by thread name"),
        NO_APP_FRAME_IN_DUMP("thread name only", "in the dump, but no frame of its stack is outside the JDK;"
                + " grouped by thread name"),
        THREAD_NAME("thread name only", "virtual thread not in a dump taken before the recording ended;"
                + " grouped by thread name");

        public final String label;
        public final String explanation;

        Attribution(String label, String explanation) {
            this.label = label;
            this.explanation = explanation;
        }
    }

    /**
     * Leaked threads with one origin. {@code calledFrom} tallies the next application frame below a
     * creation site (a thread-factory helper is often the first); {@code nowAt}, from the dump, the
     * application frame the threads are in now.
     */
    public record SiteGroup(Attribution attribution, String site, boolean virtual, int count, List<Count> names,
                        List<Count> calledFrom, List<Count> nowAt) {
    }

    /**
     * What the recording holds and what leaked. {@code creatorsRecorded}: the leaklab agent's
     * ThreadCreated events are in it; {@code app}: the class-name prefixes taken as the application.
     */
    public record Findings(Path recording, Instant start, Instant end, int startedPlatform, int startedVirtual,
                         int leakedPlatform, int leakedVirtual, boolean virtualEventsOn, boolean threadStartOn,
                         boolean creatorsRecorded, List<String> app, List<ProvenLeak> proven,
                         DumpHeader dump, int foundInDump, List<SiteGroup> groups) implements Writable {

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
    private static final String CHAIN = " \u2190 ";

    /** Where a leaked thread came from; {@code creation} when it is resolved once the application is known. */
    private record Started(Attribution attribution, String site, String name, String calledFrom, Creation creation) {
        Started(Attribution attribution, String site, String name) {
            this(attribution, site, name, null, null);
        }
    }

    /**
     * A creator's stack, kept as its non-JDK frames only (innermost first, interned and shared by
     * the threads of one site) until the application's prefixes are known: jdk.JVMInformation may be
     * read after the starts.
     */
    record Creation(List<String> frames) {
        Started started(Attribution how, List<String> app, String name) {
            if (frames.isEmpty()) {
                return new Started(Attribution.JDK_INTERNAL, name, name);
            }
            int first = 0;
            if (!app.isEmpty()) {
                first = -1;
                for (int i = 0; i < frames.size() && first < 0; i++) {
                    if (isApp(frames.get(i), app)) first = i;
                }
            }
            if (first <= 0) {
                // the application's frame comes first, or none is the application's: the first non-JDK frame
                return new Started(how, frames.get(0), name, frames.size() > 1 ? frames.get(1) : null, null);
            }
            String site = frames.get(0) + CHAIN + (first > 1 ? "..." + CHAIN : "") + frames.get(first);
            return new Started(how, site, name, first + 1 < frames.size() ? frames.get(first + 1) : null, null);
        }

        private static boolean isApp(String frame, List<String> app) {
            for (String prefix : app) {
                if (frame.startsWith(prefix)) return true;
            }
            return false;
        }
    }

    private RecordingLeaks() {
    }

    public static Findings analyze(Path recording, ThreadDumps.Source dump) throws UserError {
        return analyze(recording, dump, List.of());
    }

    /**
     * @param app class-name prefixes of the application ({@code com.acme.}); empty: the main class's
     *            package, from the recording
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
        var builders = new HashMap<List<Object>, GroupBuilder>();
        var inDump = new DumpMatch(scan.virtualLeaks, scan.platformLeaks);
        if (dump != null) {
            ThreadDumps.visit(dump, inDump);
        }
        scan.platformLeaks.forEach((id, s) -> {
            Creation c = scan.created.get(id);
            add(builders, c != null ? c.started(Attribution.AGENT_CREATION_SITE, prefixes, s.name())
                    : s.creation() == null ? s : s.creation().started(Attribution.CREATION_SITE, prefixes, s.name()),
                    false, inDump.nowAt.get(id));
        });
        scan.virtualLeaks.forEach((id, name) -> {
            Creation c = scan.created.get(id);
            String entry = inDump.entries.get(id);
            var s = c != null ? c.started(Attribution.AGENT_CREATION_SITE, prefixes, name)
                    : entry != null ? new Started(Attribution.TASK_ENTRY, entry, name)
                    : inDump.foundVirtual.contains(id) ? new Started(Attribution.NO_APP_FRAME_IN_DUMP, name, name)
                    : new Started(Attribution.THREAD_NAME, name, name);
            add(builders, s, true, inDump.nowAt.get(id));
        });
        var groups = new ArrayList<SiteGroup>();
        builders.values().forEach(b -> groups.add(b.build()));
        groups.sort(Comparator.comparingInt(SiteGroup::count).reversed().thenComparing(SiteGroup::site));
        var proven = new ArrayList<>(scan.proven.values());
        proven.sort(Comparator.comparingLong(ProvenLeak::count).reversed().thenComparing(ProvenLeak::site));
        return new Findings(recording, scan.first, scan.last, scan.startedPlatform, scan.startedVirtual,
                scan.platformLeaks.size(), scan.virtualLeaks.size(),
                // a JFR.dump copy may lack the jdk.ActiveSetting events: events seen were enabled
                scan.virtualOn || scan.startedVirtual > 0, scan.threadStartOn || scan.startedPlatform > 0,
                scan.typeIds.containsKey(THREAD_CREATED), prefixes, List.copyOf(proven),
                inDump.header, inDump.found, List.copyOf(groups));
    }

    private static void add(Map<List<Object>, GroupBuilder> builders, Started s, boolean virtual, String nowAt) {
        var b = builders.computeIfAbsent(List.of(s.attribution(), s.site(), virtual),
                k -> new GroupBuilder(s.attribution(), s.site(), virtual));
        b.count++;
        b.names.add(s.name(), 1);
        if (s.calledFrom() != null) {
            b.calledFrom.add(s.calledFrom(), 1);
        }
        if (nowAt != null) {
            b.nowAt.add(nowAt, 1);
        }
    }

    private static final class GroupBuilder {
        final Attribution attribution;
        final String site;
        final boolean virtual;
        int count;
        final Tally names = new Tally(4);
        final Tally calledFrom = new Tally(3);
        final Tally nowAt = new Tally(3);

        GroupBuilder(Attribution attribution, String site, boolean virtual) {
            this.attribution = attribution;
            this.site = site;
            this.virtual = virtual;
        }

        SiteGroup build() {
            return new SiteGroup(attribution, site, virtual, count, names.sorted(), calledFrom.sorted(), nowAt.sorted());
        }
    }

    /** One pass over the recording's events; thread ids are never reused, so order does not matter. */
    private static final class Scan {
        final Map<Long, Started> platformLeaks = new HashMap<>();
        /** From the agent's ThreadCreated events, by started thread id. */
        final Map<Long, Creation> created = new HashMap<>();
        final Map<List<String>, Creation> creations = new HashMap<>();
        final Map<String, ProvenLeak> proven = new HashMap<>();
        String mainClass;
        final Map<Long, String> virtualLeaks = new HashMap<>();
        // Ends read before their starts (events are not sorted across thread buffers), or of threads
        // started before the recording began.
        final Set<Long> endedUnseen = new HashSet<>();
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
                        long id = t.getJavaThreadId();
                        // a repeated start (a chunk read twice) must not count twice
                        if (endedUnseen.remove(id) || platformLeaks.put(id, creation(e.getStackTrace(), t)) == null) {
                            startedPlatform++;
                        }
                    }
                }
                case "jdk.ThreadEnd" -> {
                    RecordedThread t = e.getThread("thread");
                    if (t != null && platformLeaks.remove(t.getJavaThreadId()) == null) {
                        endedUnseen.add(t.getJavaThreadId());
                    }
                }
                case "jdk.VirtualThreadStart" -> {
                    long id = e.getLong("javaThreadId");
                    RecordedThread t = e.getThread();
                    String name = intern(Frames.namePattern(t == null || t.getJavaName() == null ? "" : t.getJavaName()));
                    if (endedUnseen.remove(id) || virtualLeaks.put(id, name) == null) {
                        startedVirtual++;
                    }
                }
                case "jdk.VirtualThreadEnd" -> {
                    long id = e.getLong("javaThreadId");
                    if (virtualLeaks.remove(id) == null) {
                        endedUnseen.add(id);
                    }
                }
                case THREAD_CREATED -> created.put(e.getLong("startedThreadId"), creation(e.getStackTrace()));
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

        private Started creation(RecordedStackTrace stack, RecordedThread thread) {
            String name = intern(Frames.namePattern(thread.getJavaName() == null ? "" : thread.getJavaName()));
            if (stack == null || stack.getFrames().isEmpty()) {
                return new Started(Attribution.NO_STACK, name, name);
            }
            return new Started(Attribution.CREATION_SITE, null, name, null, creation(stack));
        }

        /** The non-JDK frames of a creator's stack, without the agent's own (its hook is the top frame). */
        private Creation creation(RecordedStackTrace stack) {
            var frames = new ArrayList<String>();
            if (stack != null) {
                for (RecordedFrame f : stack.getFrames()) {
                    if (f.isJavaFrame() && !isJdk(f.getMethod().getType())
                            && !f.getMethod().getType().getName().startsWith(AGENT_PACKAGE)) {
                        frames.add(intern(format(f)));
                    }
                }
            }
            return creations.computeIfAbsent(List.copyOf(frames), Creation::new);
        }

        /**
         * The application, guessed from the main class: its first two package names (com.acme.billing.Main →
         * com.acme.), so the application's other packages count too and a vendor's do not. None for -jar
         * (the main class is not in the recording), the default package, or no jdk.JVMInformation.
         */
        List<String> mainPackage() {
            if (mainClass == null || mainClass.endsWith(".jar") || mainClass.startsWith("-")) {
                return List.of();
            }
            String[] parts = mainClass.split("\\.");
            if (parts.length < 2) {
                return List.of();
            }
            return List.of(parts.length == 2 ? parts[0] + "." : parts[0] + "." + parts[1] + ".");
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
        final Map<Long, String> virtualLeaks;
        final Map<Long, Started> platformLeaks;
        final Map<Long, String> entries = new HashMap<>();
        final Map<Long, String> nowAt = new HashMap<>();
        final Set<Long> foundVirtual = new HashSet<>();
        DumpHeader header;
        int found;

        DumpMatch(Map<Long, String> virtualLeaks, Map<Long, Started> platformLeaks) {
            this.virtualLeaks = virtualLeaks;
            this.platformLeaks = platformLeaks;
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
            boolean leaked = t.virtual() ? virtualLeaks.containsKey(id) : platformLeaks.containsKey(id);
            if (!leaked) {
                return;
            }
            found++;
            if (t.virtual()) {
                foundVirtual.add(id);
                String entry = Frames.taskEntry(t.stack());
                if (entry != null) {
                    entries.put(id, entry);
                }
            }
            String top = Frames.topApplicationFrame(t.stack());
            if (top != null) {
                nowAt.put(id, top);
            }
        }
    }
}

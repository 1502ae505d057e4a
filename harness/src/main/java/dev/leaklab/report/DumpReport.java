package dev.leaklab.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.leaklab.dump.DumpHeader;
import dev.leaklab.leaks.RecordingLeaks;
import dev.leaklab.profile.Count;
import dev.leaklab.profile.ProfileDiff;
import dev.leaklab.profile.ProfileDiff.Change;
import dev.leaklab.profile.ProfileText;
import dev.leaklab.profile.StackGroup;
import dev.leaklab.profile.ThreadProfile;
import dev.leaklab.report.Page.Fact;

/**
 * What a report on the thread tools' output says: a thread dump's stack groups, the growth
 * between two dumps, or the leaks of {@code leaklab leaks}. Groups come largest first (for a
 * diff, most grown first), each with the stack or creation chains it expands to, and all of
 * them merged into one {@link FlameGraph}. {@link DumpReportHtml} writes it.
 *
 * @param proven shown before the groups: a leak report's proven leaks (the agent's proof mode)
 * @param hiddenGroups groups past {@link #MAX_GROUPS} or {@link #MAX_LISTED_CHARS}, left out of the list (they stay in the flame graph)
 */
record DumpReport(Kind kind, String title, String subtitle, List<Fact> facts, List<String> warnings, List<Card> proven,
                  String groupsTitle, String groupsIntro, List<Card> groups, int hiddenGroups, long hiddenThreads,
                  String flameIntro, FlameGraph flame) {

    /**
     * The list stays readable and the file small whatever the dump: at most 500 groups, and at most
     * 1.2 million characters of frames in their stacks (with the flame graph's cap, a page stays
     * under 5 MB even when every frame is long and distinct).
     */
    static final int MAX_GROUPS = 500;
    static final int MAX_LISTED_CHARS = 1_200_000;

    /** Counts what the list holds, so it stops at either cap. */
    private static final class Listed {
        int groups;
        long chars;

        boolean take(List<String> frames) {
            long c = 0;
            for (String f : frames) {
                c += f.length();
            }
            if (groups >= MAX_GROUPS || chars + c > MAX_LISTED_CHARS) {
                groups = MAX_GROUPS; // once full, stay full: the list is a prefix of the order
                return false;
            }
            groups++;
            chars += c;
            return true;
        }
    }

    enum Kind { DUMP, DIFF, LEAKS }

    /**
     * One group's line and what it expands to.
     *
     * @param count  as shown: {@code 10,000}, or {@code +120} for a diff
     * @param tone   {@code bad}, {@code good} or empty: colour that repeats what the text says
     * @param tags   short facts, each with a CSS class: the thread kind, states, what they wait on
     * @param lines  the expanded part: labelled frame lists (the stack, creation chains)
     * @param note   a sentence under them (how a leak group was attributed), or empty
     */
    record Card(String count, String tone, List<Tag> tags, String headline, List<Block> lines, String note) {
        Card(String count, String tone, List<Tag> tags, String headline, List<Block> lines) {
            this(count, tone, tags, headline, lines, "");
        }
    }

    record Tag(String text, String css) { }

    /** A labelled list of frames, innermost first as in a stack trace. */
    record Block(String label, List<String> frames) { }

    // ---- a thread dump

    static DumpReport dump(ThreadProfile p, String source) {
        var facts = new ArrayList<Fact>();
        facts.add(new Fact("Dump", source));
        header(facts, p.header(), "");
        facts.add(new Fact("Threads", threads(p.total(), p.platform(), p.virtual())));
        facts.add(new Fact("Stack groups", n(p.groups().size())));
        var flame = new FlameGraph("all threads", false);
        var groups = new ArrayList<Card>();
        var listed = new Listed();
        long hiddenThreads = 0;
        for (StackGroup g : p.groups()) {
            flame.add(g.stack(), g.count(), g.virtual(), 0);
            if (listed.take(g.stack())) {
                groups.add(new Card(n(g.count()), "", tags(g), g.headline(), List.of(new Block("stack", g.stack()))));
            } else {
                hiddenThreads += g.count();
            }
        }
        return new DumpReport(Kind.DUMP, "Threads of pid " + p.header().processId(),
                threads(p.total(), p.platform(), p.virtual()) + " in " + n(p.groups().size()) + " stack groups",
                facts, List.of(), List.of(), "Stack groups",
                "Threads with an identical stack, most threads first. Open a group for its stack (innermost frame first);"
                        + " the headline is its first frame outside the JDK.",
                groups, p.groups().size() - groups.size(), hiddenThreads, FLAME_INTRO, flame);
    }

    private static final String FLAME_INTRO = "Every stack merged into one icicle: the outermost frame at the top, each"
            + " frame as wide as the threads whose stack passes through it. Orange: platform threads only; blue: virtual"
            + " threads only; grey: both. Click a frame to zoom into it, click the top bar to zoom out; search"
            + " highlights matching frames and says how many threads pass through them.";

    private static List<Tag> tags(StackGroup g) {
        var tags = new ArrayList<Tag>();
        tags.add(kindTag(g.platform(), g.virtual()));
        tags.add(new Tag(ProfileText.counts(g.states(), g.count()), "state"));
        if (!g.blockers().isEmpty()) {
            tags.add(new Tag(ProfileText.counts(g.blockers(), g.count()), "blocker"));
        }
        if (!g.containers().isEmpty()) {
            var instances = new java.util.HashMap<String, Integer>();
            g.containerInstances().forEach(c -> instances.put(c.key(), c.n()));
            var text = new StringBuilder("in ");
            for (Count c : g.containers()) {
                text.append(text.length() > 3 ? ", " : "").append(c.key());
                if (g.containers().size() > 1) {
                    text.append(' ').append(n(c.n()));
                }
                int k = instances.getOrDefault(c.key(), 1);
                if (k > 1) {
                    text.append(" (").append(n(k)).append(" instances)");
                }
            }
            tags.add(new Tag(text.toString(), "container"));
        }
        if (!g.names().isEmpty()) {
            tags.add(new Tag("named " + ProfileText.counts(g.names(), g.count()), "names"));
        }
        return tags;
    }

    private static Tag kindTag(long platform, long virtual) {
        if (virtual == 0) {
            return new Tag("platform", "platform");
        }
        return platform == 0 ? new Tag("virtual", "virtual") : new Tag("platform " + n(platform) + ", virtual " + n(virtual), "mixed");
    }

    // ---- two dumps

    static DumpReport diff(ProfileDiff d, String baseSource, String nextSource) {
        ThreadProfile base = d.base(), next = d.next();
        var facts = new ArrayList<Fact>();
        facts.add(new Fact("Base", baseSource + " · " + threads(base.total(), base.platform(), base.virtual())));
        header(facts, base.header(), "Base ");
        facts.add(new Fact("New", nextSource + " · " + threads(next.total(), next.platform(), next.virtual())));
        header(facts, next.header(), "New ");
        Duration dt = d.elapsed();
        if (dt != null) {
            facts.add(new Fact("Between them", String.format(Locale.US, "%.1f s", dt.toMillis() / 1000.0)));
        }
        facts.add(new Fact("Change", String.format(Locale.US, "%+,d threads (platform %+,d, virtual %+,d)",
                next.total() - base.total(), next.platform() - base.platform(), next.virtual() - base.virtual())));
        var flame = new FlameGraph("all threads", true);
        var groups = new ArrayList<Card>();
        var listed = new Listed();
        long hiddenThreads = 0;
        int same = 0, hidden = 0;
        for (Change c : d.changes()) {
            StackGroup g = c.group();
            flame.add(g.stack(), c.next(), c.next() == 0 ? 0 : g.virtual(), c.base());
            if (c.mark() == ProfileDiff.Mark.SAME) {
                same++;
                continue; // unchanged groups are in the flame graph; the list is for what changed
            }
            if (!listed.take(g.stack())) {
                hidden++;
                hiddenThreads += Math.abs(c.growth());
                continue;
            }
            var tags = new ArrayList<Tag>();
            tags.add(new Tag(c.mark().name() + " " + n(c.base()) + " → " + n(c.next()), "mark " + c.mark().name().toLowerCase(Locale.ROOT)));
            tags.addAll(tags(g));
            String tone = c.growth() > 0 ? "bad" : c.growth() < 0 ? "good" : "";
            groups.add(new Card(String.format(Locale.US, "%+,d", c.growth()), tone, tags, g.headline(),
                    List.of(new Block("stack", g.stack()))));
        }
        return new DumpReport(Kind.DIFF, "Thread growth between two dumps",
                String.format(Locale.US, "%+,d threads: %s → %s", next.total() - base.total(), n(base.total()), n(next.total())),
                facts, List.of(), List.of(), "Stack groups that changed",
                "Per stack, threads in the new dump minus threads in the base, most grown first; NEW groups are only in"
                        + " the new dump, VANISHED only in the base. " + n(same) + " unchanged group" + (same == 1 ? "" : "s")
                        + " are left out of this list (not of the flame graph).",
                groups, hidden, hiddenThreads,
                "The new dump's stacks merged into one icicle, each frame as wide as its threads in the new dump and"
                        + " coloured by growth since the base: red grew (darker: more), blue shrank, grey unchanged; the strip"
                        + " under each frame is the thread kind (orange platform, blue virtual, grey both)."
                        + " Click a frame to zoom into it, click the top bar to zoom out; search highlights matching frames.",
                flame);
    }

    // ---- leaklab leaks --format json

    /** How {@code leaklab leaks} joins a creation site to the application frame that led to it. */
    static final String CHAIN = " \u2190 ";

    /**
     * Reads the JSON of {@code leaklab leaks} as a tree, leniently: fields it does not know are
     * ignored, and the agent's proven leaks come first when the file has any.
     */
    static DumpReport leaks(JsonNode r, String source) {
        var facts = new ArrayList<Fact>();
        facts.add(new Fact("Report", source));
        facts.add(new Fact("Recording", text(r, "recording")));
        facts.add(new Fact("Recorded", text(r, "start") + " to " + text(r, "end")));
        facts.add(new Fact("Started in it", "platform " + n(r.path("startedPlatform").asLong()) + ", virtual "
                + n(r.path("startedVirtual").asLong())));
        long leakedP = r.path("leakedPlatform").asLong(), leakedV = r.path("leakedVirtual").asLong();
        facts.add(new Fact("Never ended", threads(leakedP + leakedV, leakedP, leakedV)
                + (r.path("provenNeverEnded").asLong() > 0 ? " · " + n(r.path("provenNeverEnded").asLong())
                        + " of them proven, listed once, under proven" : "")));
        // schema 2: each group is growing, steady or the JDK's own
        var trends = new java.util.LinkedHashMap<String, long[]>();
        for (JsonNode g : r.path("groups")) {
            if (g.has("trend")) {
                long[] t = trends.computeIfAbsent(g.path("trend").asText(), k -> new long[2]);
                t[0] += g.path("count").asLong();
                t[1]++;
            }
        }
        if (!trends.isEmpty()) {
            var sb = new StringBuilder();
            for (String t : List.of("GROWING", "STEADY", "JDK")) {
                long[] v = trends.getOrDefault(t, new long[2]);
                sb.append(sb.isEmpty() ? "" : " · ").append(trendLabel(t)).append(' ').append(n(v[0]))
                        .append(v[0] == 1 ? " thread" : " threads").append(t.equals("JDK") ? "" : " in " + n(v[1]) + (v[1] == 1 ? " group" : " groups"));
            }
            facts.add(new Fact("Growth", sb + " (growing: its threads kept starting after " + text(r, "growthFrom")
                    + ", the recording's midpoint)"));
        }
        if (r.path("app").isArray() && !r.path("app").isEmpty()) {
            facts.add(new Fact("Application", "classes starting with " + String.join(", ", strings(r.path("app")))));
        }
        if (r.has("creatorsRecorded")) {
            facts.add(new Fact("Creators", r.path("creatorsRecorded").asBoolean()
                    ? "recorded by the leaklab agent (dev.leaklab.ThreadCreated)" : "not recorded (no leaklab agent)"));
        }
        if (r.has("source")) {
            JsonNode s = r.path("source");
            facts.add(new Fact("Dump", "pid " + text(s, "processId") + " · JDK " + text(s, "runtimeVersion") + " · "
                    + text(s, "time") + (r.has("foundInDump") ? " · " + n(r.path("foundInDump").asLong()) + " of the leaked threads in it" : "")));
        }
        var warnings = new ArrayList<String>();
        if (r.has("threadStartRecorded") && !r.path("threadStartRecorded").asBoolean()) {
            warnings.add("jdk.ThreadStart was not enabled: platform threads were not recorded.");
        }
        if (r.has("virtualThreadEventsRecorded") && !r.path("virtualThreadEventsRecorded").asBoolean()) {
            warnings.add("jdk.VirtualThreadStart/End were not enabled (they are off by default): virtual threads were not recorded.");
        }

        var proven = new ArrayList<Card>();
        for (JsonNode p : r.path("proven")) {
            long count = p.path("count").asLong();
            var tags = List.of(new Tag("virtual", "virtual"), new Tag("proven", "mark new"),
                    new Tag("collected " + text(p, "first") + (text(p, "first").equals(text(p, "last")) ? "" : " to " + text(p, "last")), "state"));
            var stack = strings(p.path("stack"));
            proven.add(new Card(n(count), "bad", tags, p.path("site").asText("?"),
                    stack.isEmpty() ? List.of() : List.of(new Block("creator's stack", stack)),
                    "Collected by the garbage collector while still blocked: nothing could ever have woken them."));
        }

        var flame = new FlameGraph("all leaked threads", false);
        var groups = new ArrayList<Card>();
        var listed = new Listed();
        long hiddenThreads = 0;
        int hidden = 0;
        for (JsonNode g : r.path("groups")) {
            long count = g.path("count").asLong();
            boolean virtual = g.path("virtual").asBoolean();
            String site = g.path("site").asText("?");
            // a site may be a chain: the creating frame, then the application frame that led to it
            List<String> chain = List.of(site.split(CHAIN));
            // the kind as the outermost frame: a site's platform and virtual threads stay apart (and keep their colour)
            var path = new ArrayList<>(chain.stream().filter(f -> !f.equals("...")).toList());
            path.add(virtual ? "virtual threads" : "platform threads");
            var calledFrom = counts(g.path("calledFrom"));
            long left = count;
            for (Count cf : calledFrom) {
                var withCaller = new ArrayList<>(path);
                withCaller.add(path.size() - 1, cf.key());
                flame.add(withCaller, cf.n(), virtual ? cf.n() : 0, 0);
                left -= cf.n();
            }
            if (left > 0) {
                flame.add(path, left, virtual ? left : 0, 0);
            }
            if (!listed.take(chain)) {
                hidden++;
                hiddenThreads += count;
                continue;
            }
            var tags = new ArrayList<Tag>();
            String trend = g.path("trend").asText("");
            if (!trend.isEmpty()) {
                tags.add(new Tag(trend.equals("GROWING") ? String.format(Locale.ROOT, "growing %.1f/s", g.path("ratePerSecond").asDouble())
                        : trendLabel(trend), trend.equals("GROWING") ? "mark new" : "state"));
            }
            tags.add(new Tag(virtual ? "virtual" : "platform", virtual ? "virtual" : "platform"));
            if (g.has("applicationFrame") && !g.path("applicationFrame").asBoolean()) {
                tags.add(new Tag("no application frame found", "state"));
            }
            String attribution = g.path("attribution").asText("");
            String label = attributionLabel(attribution);
            tags.add(new Tag(label, "attribution"));
            var names = counts(g.path("names"));
            if (!names.isEmpty()) {
                tags.add(new Tag("named " + ProfileText.counts(names, (int) count), "names"));
            }
            var blocks = new ArrayList<Block>();
            var frames = new ArrayList<>(chain);
            calledFrom.forEach(c -> frames.add(c.key() + (c.n() != count ? "   (" + n(c.n()) + " threads)" : "")));
            blocks.add(new Block(calledFrom.isEmpty() ? label : label + ", then called from", frames));
            var nowAt = counts(g.path("nowAt"));
            if (!nowAt.isEmpty()) {
                blocks.add(new Block("now at", nowAt.stream().map(c -> c.key() + (nowAt.size() > 1 || c.n() != count
                        ? "   (" + n(c.n()) + " threads)" : "")).toList()));
            }
            String explanation = explanation(attribution);
            if (g.has("firstStart") && !trend.equals("JDK")) {
                blocks.add(new Block("started", List.of(text(g, "firstStart") + " to " + text(g, "lastStart"))));
            }
            groups.add(new Card(n(count), trend.equals("GROWING") ? "bad" : "", tags, site, blocks,
                    explanation.isEmpty() ? "" : "Attribution: " + explanation + "."));
        }
        return new DumpReport(Kind.LEAKS, "Leaked threads", threads(leakedP + leakedV, leakedP, leakedV)
                + " started in the recording and never ended", facts, warnings, proven, "Where the leaked threads came from",
                trends.isEmpty() ? "Threads started in the recording and still running at its end, grouped by where they came from, most"
                        + " threads first. Open a group for its creation chain and where its threads are now."
                        : "Threads started in the recording and still running at its end, grouped by where they came from:"
                        + " the growing groups first (the leaks, fastest first), then the steady ones (pools made at start-up,"
                        + " one-offs), then the JDK's own threads, which are nobody's leak. Open a group for its creation chain"
                        + " and where its threads are now.",
                groups, hidden, hiddenThreads,
                "Where the leaked threads were created, merged into one icicle: the thread kind at the top, then the"
                        + " outermost caller, down to the creating frame, each frame as wide as the threads created through it. Orange:"
                        + " platform threads; blue: virtual threads. Click a frame to zoom, the top bar to zoom out; search"
                        + " highlights matching frames.",
                flame);
    }

    private static String trendLabel(String name) {
        try {
            return RecordingLeaks.Trend.valueOf(name).label;
        } catch (IllegalArgumentException e) {
            return name.toLowerCase(Locale.ROOT);
        }
    }

    private static String attributionLabel(String name) {
        try {
            return RecordingLeaks.Attribution.valueOf(name).label;
        } catch (IllegalArgumentException e) {
            return name.isEmpty() ? "created at" : name.toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    private static String explanation(String name) {
        try {
            return RecordingLeaks.Attribution.valueOf(name).explanation;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    // ---- small helpers

    private static void header(List<Fact> facts, DumpHeader h, String prefix) {
        if (!"?".equals(h.processId()) || !"?".equals(h.runtimeVersion())) { // jstack's text names no pid
            facts.add(new Fact(prefix.isEmpty() ? "Process" : prefix + "process", "pid " + h.processId() + " · JDK " + h.runtimeVersion() + " · taken " + h.time()));
        }
        if (h.note() != null) {
            facts.add(new Fact(prefix.isEmpty() ? "Note" : prefix + "note", h.note()));
        }
    }

    static String threads(long total, long platform, long virtual) {
        return n(total) + (total == 1 ? " thread" : " threads") + " (platform " + n(platform) + ", virtual " + n(virtual) + ")";
    }

    static String n(long v) {
        return String.format(Locale.US, "%,d", v);
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.path(field);
        return v.isMissingNode() || v.isNull() ? "?" : v.asText();
    }

    private static List<String> strings(JsonNode a) {
        var out = new ArrayList<String>();
        a.forEach(e -> out.add(e.isTextual() ? e.asText() : e.toString()));
        return out;
    }

    /** {@code {"key": n, ...}} (how leaklab writes tallies) in file order, largest first already. */
    private static List<Count> counts(JsonNode o) {
        var out = new ArrayList<Count>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            out.add(new Count(k, o.get(k).asInt()));
        }
        return out;
    }
}

package dev.leaklab.endpoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

import dev.leaklab.census.LiveThreads;
import dev.leaklab.internal.origins.CreatorChains;
import dev.leaklab.internal.origins.CreatorChains.Creation;
import dev.leaklab.internal.profile.Tally;
import dev.leaklab.origins.Origin;
import dev.leaklab.origins.ProvenLeak;
import dev.leaklab.origins.SiteCount;
import dev.leaklab.origins.ThreadOrigins;
import dev.leaklab.profile.Count;

/**
 * {@code GET /debug/threads/leaks}, the counterpart of pprof's goroutineleak profile: what the
 * leaklab agent knows, proven leaks first (proof mode), then live threads by creation site, named
 * by the rule {@code leaklab leaks} follows ({@link CreatorChains}): the application's line, through
 * the creating threads when a library's own thread started them; the JDK's own threads apart,
 * blamed on nobody. Without the agent, how to load it.
 */
final class LeaksPage {

    /** Sites listed, at most (the agent's liveBySite of an older agent: 20). */
    static final int TOP = 50;

    private LeaksPage() {
    }

    /** {@code app}: class-name prefixes, comma-separated, as {@code leaklab leaks --app}. */
    private static final java.util.regex.Pattern APP = java.util.regex.Pattern.compile("[\\w.$]+(,[\\w.$]+)*");

    /** One page at a time for each {@code app}, reused for a second: each is a pass over every live thread. */
    static void answer(HttpExchange x, Map<String, String> query, SharedAnswers shared) throws IOException, Http.BadRequest {
        String given = query.get("app");
        if (given != null && !APP.matcher(given).matches()) {
            throw new Http.BadRequest("app must be class-name prefixes, comma-separated: app=com.acme.,org.example.");
        }
        Http.send(x, 200, shared.get("leaks " + given, true, () -> Http.Answer.text(page(given))));
    }

    private static String page(String given) {
        if (!ThreadOrigins.agentLoaded()) {
            return "the leaklab agent is not loaded: run the JVM with -javaagent:leaklab-agent.jar"
                    + " (=prove and -Djdk.trackAllThreads=false for proven leaks)\n";
        }
        var b = new StringBuilder("proven leaks (virtual threads collected while blocked: could never run again)\n");
        var proven = ThreadOrigins.provenLeaks();
        if (proven.isEmpty()) {
            b.append("  none\n");
        }
        for (ProvenLeak p : proven) {
            b.append(String.format(Locale.ROOT, "  %d %s (first %s, last %s)%n", p.count(), p.site(), p.first(), p.last()));
        }
        var live = ThreadOrigins.live();
        if (live.isEmpty() && !ThreadOrigins.liveBySite(1).isEmpty()) {
            // an agent older than this core: its own sites, no chains
            b.append("live threads by creation site (the agent's first non-JDK frame: this agent cannot tell creators)\n");
            for (SiteCount s : ThreadOrigins.liveBySite(20)) {
                b.append(String.format(Locale.ROOT, "  %d %s%n", s.live(), s.site()));
            }
        } else {
            writeSites(withoutToolThreads(live), ThreadOrigins.endedCreators(),
                    given == null ? application() : List.of(given.split(",")), given != null, b);
        }
        b.append(String.format(Locale.ROOT, "started since the agent loaded: %d platform, %d virtual; ended: %d platform, %d virtual%n",
                ThreadOrigins.started(false), ThreadOrigins.started(true), ThreadOrigins.ended(false), ThreadOrigins.ended(true)));
        return b.toString();
    }

    /** Leaves out leaklab's own threads (the endpoint's server and the thread answering this request). */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() is 19+
    private static List<Origin> withoutToolThreads(List<Origin> live) {
        var tool = new java.util.HashSet<Long>();
        tool.add(Thread.currentThread().getId());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (LiveThreads.isToolThread(t)) tool.add(t.getId());
        }
        return live.stream().filter(o -> !tool.contains(o.threadId())).toList();
    }

    /** The application as {@code leaklab leaks} guesses it without --app: from the main class. */
    static List<String> application() {
        String command = System.getProperty("sun.java.command", "").strip();
        return CreatorChains.mainPackage(command.isEmpty() ? null : command.split("\\s+")[0]);
    }

    /** One live thread as the rule sees it. */
    private record Node(String name, long creator, Creation creation, boolean virtual) implements CreatorChains.Node {
    }

    /** A site's live threads. */
    record Group(String site, boolean applicationFrame, boolean jdk, int platform, int virtual, List<Count> names) {
        int count() {
            return platform + virtual;
        }
    }

    /** Live threads grouped by the shared rule's site; the application's first, then those with none, then the JDK's own. */
    static List<Group> group(List<Origin> live, List<Origin> endedCreators, List<String> app, boolean explicit) {
        var nodes = new HashMap<Long, Node>(live.size() * 2);
        var creations = new IdentityHashMap<List<StackTraceElement>, Creation>();
        for (Origin o : endedCreators) {
            Creation c = creations.computeIfAbsent(o.site(), s -> CreatorChains.of(s.toArray(StackTraceElement[]::new)));
            nodes.put(o.threadId(), new Node(CreatorChains.namePattern(o.name()), o.creatorId(), c, o.virtual()));
        }
        var liveNodes = new ArrayList<Node>(live.size());
        for (Origin o : live) {
            Creation c = creations.computeIfAbsent(o.site(), s -> CreatorChains.of(s.toArray(StackTraceElement[]::new)));
            var n = new Node(CreatorChains.namePattern(o.name()), o.creatorId(), c, o.virtual());
            nodes.put(o.threadId(), n);
            liveNodes.add(n);
        }
        var rule = new CreatorChains(app, explicit, nodes::get);
        var builders = new HashMap<String, Object[]>();
        for (Node n : liveNodes) {
            Resolved r = resolve(rule, n);
            Object[] g = builders.computeIfAbsent(r.site(), k -> new Object[] {new int[2], new Tally(4), r.applicationFrame(), r.jdk()});
            ((int[]) g[0])[n.virtual() ? 1 : 0]++;
            ((Tally) g[1]).add(n.name(), 1);
        }
        var groups = new ArrayList<Group>();
        builders.forEach((site, g) -> {
            int[] kinds = (int[]) g[0];
            groups.add(new Group(site, (boolean) g[2], (boolean) g[3], kinds[0], kinds[1], ((Tally) g[1]).sorted()));
        });
        groups.sort((a, c) -> {
            int r = Integer.compare(rank(a), rank(c));
            if (r == 0) r = Integer.compare(c.count(), a.count());
            return r != 0 ? r : a.site().compareTo(c.site());
        });
        return groups;
    }

    /** A thread's site by the shared rule. */
    record Resolved(String site, boolean applicationFrame, boolean jdk) {
    }

    private static Resolved resolve(CreatorChains rule, Node n) {
        // as leaks does: only platform threads are the JDK's (carriers, service threads); a virtual one is someone's task
        if (!n.virtual() && CreatorChains.isJdkInfrastructure(n.name(), n.creation())) {
            return new Resolved("the JDK's own: " + n.name(), false, true);
        }
        CreatorChains.Site s = rule.resolve(n);
        return new Resolved(s.site() != null ? s.site() : "created inside the JDK: " + n.name(), s.applicationFrame(), false);
    }

    /**
     * Every live thread's creation site by the shared rule, by thread id (as a dump writes it): what
     * the grouped dump's headlines name as their creator. Empty without the agent.
     */
    static Map<String, String> sitesByThread() {
        var live = ThreadOrigins.live();
        if (live.isEmpty()) {
            return Map.of();
        }
        var nodes = new HashMap<Long, Node>(live.size() * 2);
        var creations = new IdentityHashMap<List<StackTraceElement>, Creation>();
        var ids = new IdentityHashMap<Node, Long>(); // nodes are records: two threads can be equal
        for (List<Origin> list : List.of(ThreadOrigins.endedCreators(), live)) {
            for (Origin o : list) {
                Creation c = creations.computeIfAbsent(o.site(), s -> CreatorChains.of(s.toArray(StackTraceElement[]::new)));
                var n = new Node(CreatorChains.namePattern(o.name()), o.creatorId(), c, o.virtual());
                nodes.put(o.threadId(), n);
                if (list == live) ids.put(n, o.threadId());
            }
        }
        var rule = new CreatorChains(application(), false, nodes::get);
        var sites = new HashMap<String, String>(ids.size() * 2);
        ids.forEach((n, id) -> {
            Resolved r = resolve(rule, n);
            if (!r.jdk()) sites.put(Long.toString(id), r.site());
        });
        return sites;
    }

    private static int rank(Group g) {
        return g.jdk() ? 2 : g.applicationFrame() ? 0 : 1;
    }

    static void writeSites(List<Origin> live, List<Origin> endedCreators, List<String> app, boolean explicit, StringBuilder b) {
        b.append("live threads by creation site: the application's line, through the creating threads when a library's own"
                + " thread started them (as leaklab leaks names it); leaklab's own threads left out\n");
        if (explicit) {
            b.append("  application: classes starting with ").append(String.join(", ", app)).append(" (app=)\n");
        } else {
            b.append("  application: ").append(app.isEmpty() ? "" : "classes starting with " + String.join(", ", app)
                    + " above any reflective call, else ").append("the default package, else the caller of the library that"
                    + " started a thread (app=PREFIX to name it)\n");
        }
        var groups = group(live, endedCreators, app, explicit);
        int listed = 0;
        for (Group g : groups) {
            if (listed++ == TOP) {
                int rest = 0;
                for (Group more : groups.subList(TOP, groups.size())) rest += more.count();
                b.append(String.format(Locale.ROOT, "  ... %d more sites, %d threads%n", groups.size() - TOP, rest));
                break;
            }
            b.append(String.format(Locale.ROOT, "  %d %s%n", g.count(), g.site()));
            var names = new StringBuilder();
            for (Count c : g.names()) {
                names.append(names.isEmpty() ? "" : ", ").append(c.key());
                if (g.names().size() > 1) names.append(' ').append(c.n());
            }
            b.append("      ").append(g.virtual() == 0 ? "platform" : g.platform() == 0 ? "virtual"
                    : "platform " + g.platform() + ", virtual " + g.virtual()).append(" · names ").append(names);
            if (g.jdk()) {
                b.append(" · started by the JDK for its own work: blamed on nobody");
            } else if (!g.applicationFrame()) {
                b.append(" · no application frame: not in the creator's stack, nor in its creators' (up to ")
                        .append(CreatorChains.HOPS).append("); app=PREFIX names the application");
            }
            b.append('\n');
        }
        if (groups.isEmpty()) {
            b.append("  none\n");
        }
    }
}

package dev.leaklab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.leaklab.dump.DumpHeader;
import dev.leaklab.io.UserError;
import dev.leaklab.profile.Count;
import dev.leaklab.profile.StackGroup;
import dev.leaklab.profile.ThreadProfile;

/**
 * Reports on the thread tools' files, checked on real inputs (see {@link Fixtures#threads}): what
 * each kind lists, in which order, and that the page stays small whatever the dump.
 */
class DumpReportTest {

    static final String LEAKY_ENTRY = "dev.leaklab.scenario.SendWithoutReceiver$Leaky.lambda$submit$0(SendWithoutReceiver.java:61)";
    static final ObjectMapper JSON = new ObjectMapper();
    /** A JDK 17 service's stdout with two kill -3 dumps, 7 and then 13 leaked pool workers (core's fixture). */
    static final Path KILL3_LOG = Path.of("../core/src/test/resources/dumps/jdk17-kill3.log");

    static DumpReport report(String... names) throws IOException {
        var paths = new ArrayList<Path>();
        var kinds = new ArrayList<DumpInputs.Kind>();
        for (String n : names) {
            Path p = Fixtures.threads(n);
            paths.add(p);
            kinds.add(DumpInputs.sniff(p).orElseThrow());
        }
        return DumpInputs.read(paths, kinds);
    }

    @Test
    void aDumpListsItsGroupsLargestFirstEachWithItsStack() throws IOException {
        var r = report("dump-new.json");
        assertThat(r.kind()).isEqualTo(DumpReport.Kind.DUMP);
        assertThat(r.subtitle()).isEqualTo("173 threads (platform 14, virtual 159) in 14 stack groups");
        var top = r.groups().getFirst();
        assertThat(top.count()).isEqualTo("156");
        assertThat(top.headline()).isEqualTo(LEAKY_ENTRY);
        assertThat(top.tags()).extracting(DumpReport.Tag::text).contains("virtual", "WAITING",
                "parked on java.util.concurrent.SynchronousQueue$Transferer", "named leaklab-send-without-receiver-N");
        assertThat(top.lines().getFirst().frames()).contains(LEAKY_ENTRY,
                "java.base/java.util.concurrent.SynchronousQueue.put(SynchronousQueue.java:266)");
        var counts = r.groups().stream().map(g -> Integer.parseInt(g.count().replace(",", ""))).toList();
        assertThat(counts).isSortedAccordingTo((a, b) -> b - a);
        assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(173);
    }

    @Test
    void theFlameGraphIsOneNodePerCallPathWeightedByThreads() throws IOException {
        var r = report("dump-new.json");
        JsonNode flame = JSON.readTree(r.flame().toJson());
        JsonNode n = flame.get("n");
        var frames = flame.get("frames");
        assertThat(flame.get("diff").asBoolean()).isFalse();
        assertThat(n.get(2).asInt()).as("root: every thread").isEqualTo(173);
        assertThat(n.get(3).asInt()).as("root: the virtual ones").isEqualTo(159);
        // the 156 leaked threads share one path: one node for their entry frame, not 156
        int entries = 0;
        for (int i = 0; i < n.size(); i += 5) {
            if (frames.get(n.get(i + 1).asInt()).asText().equals(LEAKY_ENTRY)) {
                entries++;
                assertThat(n.get(i + 2).asInt()).isEqualTo(156);
                assertThat(n.get(i + 3).asInt()).isEqualTo(156);
                assertThat(frames.get(n.get(5 * n.get(i).asInt() + 1).asInt()).asText())
                        .as("its parent: the frame below it").isEqualTo("java.base/java.lang.VirtualThread.run(VirtualThread.java:460)");
            }
        }
        assertThat(entries).isEqualTo(1);
        // parents come before children, and a child is never wider than its parent
        for (int i = 5; i < n.size(); i += 5) {
            int parent = n.get(i).asInt();
            assertThat(parent).isLessThan(i / 5);
            assertThat(n.get(i + 2).asInt()).isLessThanOrEqualTo(n.get(5 * parent + 2).asInt());
        }
    }

    @Test
    void aDiffListsWhatChangedMostGrownFirstAndColoursByGrowth() throws IOException {
        var r = report("dump-base.json", "dump-new.json");
        assertThat(r.kind()).isEqualTo(DumpReport.Kind.DIFF);
        assertThat(r.subtitle()).isEqualTo("+70 threads: 103 → 173");
        assertThat(r.groups()).singleElement().satisfies(g -> {
            assertThat(g.count()).isEqualTo("+70");
            assertThat(g.tone()).isEqualTo("bad");
            assertThat(g.headline()).isEqualTo(LEAKY_ENTRY);
            assertThat(g.tags().getFirst().text()).isEqualTo("GREW 86 → 156");
        });
        assertThat(r.groupsIntro()).contains("13 unchanged groups are left out of this list");
        JsonNode flame = JSON.readTree(r.flame().toJson());
        assertThat(flame.get("diff").asBoolean()).isTrue();
        assertThat(flame.get("n").get(2).asInt()).as("root, new").isEqualTo(173);
        assertThat(flame.get("n").get(4).asInt()).as("root, base").isEqualTo(103);
    }

    @Test
    void aKeptGroupedDumpDiffsLikeTheJdkDumpItCameFrom() throws IOException {
        var fromJdk = report("dump-base.json", "dump-new.json");
        var fromGrouped = report("grouped-base.json", "dump-new.json");
        assertThat(fromGrouped.subtitle()).isEqualTo(fromJdk.subtitle());
        assertThat(fromGrouped.groups()).isEqualTo(fromJdk.groups());
        assertThat(fromGrouped.flame().toJson()).isEqualTo(fromJdk.flame().toJson());
    }

    static final String BILLING_LEAK = "com.example.billing.Billing.leakOnUnreachableQueue(Billing.java:48)";

    @Test
    void aLeakReportShowsTheProvenLeaksFirstWithTheCreatorsStack() throws IOException {
        var r = report("leaks-proven.json");
        assertThat(r.kind()).isEqualTo(DumpReport.Kind.LEAKS);
        assertThat(r.proven()).singleElement().satisfies(p -> {
            assertThat(p.count()).isEqualTo("300");
            assertThat(p.headline()).isEqualTo(BILLING_LEAK);
            assertThat(p.tags()).extracting(DumpReport.Tag::text).contains("virtual", "proven");
            assertThat(p.lines().getFirst().label()).isEqualTo("creator's stack");
            assertThat(p.lines().getFirst().frames()).contains(BILLING_LEAK, "com.example.billing.Billing.main(Billing.java:20)");
        });
        var top = r.groups().getFirst();
        assertThat(top.count()).isEqualTo("300");
        assertThat(top.headline()).isEqualTo(BILLING_LEAK);
        assertThat(top.lines().getFirst().label()).isEqualTo("created at, then called from");
        assertThat(top.lines().getFirst().frames()).containsExactly(BILLING_LEAK, "com.example.billing.Billing.main(Billing.java:20)");
        assertThat(top.note()).startsWith("Attribution: the creating thread's stack in dev.leaklab.ThreadCreated");
        String html = DumpReportHtml.render(r);
        assertThat(html.indexOf("id=\"proven\"")).as("proven leaks before the groups")
                .isPositive().isLessThan(html.indexOf("id=\"groups\""));
    }

    /** The agent names a library's frame and the application frame that led to it: one chain, drawn as one path. */
    @Test
    void anAgentsCreationChainIsListedAndDrawnOutermostFirst() throws IOException {
        var r = report("leaks-agent.json");
        assertThat(r.proven()).isEmpty();
        var vendor = r.groups().get(1);
        assertThat(vendor.count()).isEqualTo("50");
        assertThat(vendor.lines().getFirst().frames()).containsExactly("org.example.vendor.Dispatcher.spawn(Dispatcher.java:14)",
                "...", "com.example.billing.Billing.charge(Billing.java:43)", "com.example.billing.Billing.main(Billing.java:31)");
        JsonNode flame = JSON.readTree(r.flame().toJson());
        JsonNode n = flame.get("n");
        var frames = flame.get("frames");
        // walk up from the creating frame: charge, then main, then the kind, then the root
        int node = -1;
        for (int i = 0; i < n.size(); i += 5) {
            if (frames.get(n.get(i + 1).asInt()).asText().startsWith("org.example.vendor.Dispatcher.spawn")) {
                node = i / 5;
            }
        }
        var up = new ArrayList<String>();
        for (int p = n.get(5 * node).asInt(); p > 0; p = n.get(5 * p).asInt()) {
            up.add(frames.get(n.get(5 * p + 1).asInt()).asText());
        }
        assertThat(up).containsExactly("com.example.billing.Billing.charge(Billing.java:43)",
                "com.example.billing.Billing.main(Billing.java:31)", "virtual threads");
        assertThat(n.get(5 * node + 2).asInt()).isEqualTo(50);
        assertThat(frames.toString()).doesNotContain("\"...\"");
    }

    @Test
    void aLeakReportWithoutTheAgentShowsTheCreationSiteAndItsCaller() throws IOException {
        var r = report("leaks-platform.json");
        assertThat(r.proven()).isEmpty();
        var top = r.groups().getFirst();
        assertThat(top.headline()).isEqualTo("dev.leaklab.scenario.SendWithoutReceiver$Leaky.submit(SendWithoutReceiver.java:65)");
        assertThat(top.tags()).extracting(DumpReport.Tag::text).contains("platform", "created at");
        assertThat(top.lines().getFirst().frames()).containsExactly(
                "dev.leaklab.scenario.SendWithoutReceiver$Leaky.submit(SendWithoutReceiver.java:65)",
                "dev.leaklab.load.LiveRun.execute(LiveRun.java:66)");
        assertThat(r.warnings()).singleElement().asString().contains("virtual threads were not recorded");
        assertThat(DumpReportHtml.render(r)).doesNotContain("id=\"proven\"");
    }

    @Test
    void thePageIsSelfContainedAndReadsWithoutJavaScript() throws IOException {
        String html = DumpReportHtml.render(report("dump-new.json"));
        assertThat(html).contains("Content-Security-Policy\" content=\"default-src 'none'",
                "<details class=\"group\" id=\"group-1\"><summary><span class=\"count\">156</span>",
                "<li>" + HtmlReport.esc(LEAKY_ENTRY) + "</li>", "<noscript>");
        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//").doesNotContain("@import", "url(");
        // nothing in the data closes the script early
        String data = html.substring(html.indexOf("id=\"leaklab-flame\">"), html.indexOf("</script>", html.indexOf("id=\"leaklab-flame\">")));
        assertThat(data).doesNotContain("</");
    }

    /** {@code n} virtual threads, each with its own stack of five frames: more distinct stacks than any real dump. */
    static ThreadProfile distinctStacks(int n) {
        var groups = new ArrayList<StackGroup>();
        for (int i = 0; i < n; i++) {
            var stack = List.of("app.Worker.leaf" + i + "(Worker.java:" + (i % 997) + ")",
                    "app.Sub.call" + (i % 100) + "(Sub.java:20)", "app.Layer.call" + (i % 10) + "(Layer.java:10)",
                    "app.Pool.run(Pool.java:5)", "java.base/java.lang.Thread.run(Thread.java:1474)");
            groups.add(new StackGroup(stack, 1, 0, 1, List.of(new Count("WAITING", 1)),
                    List.of(new Count("<root>", 1)), List.of(new Count("<root>", 1)), List.of(), List.of(new Count("w-N", 1))));
        }
        return new ThreadProfile(new DumpHeader("1", "25", "2026-12-01T00:00:00Z"), n, 0, n, groups);
    }

    @Test
    void aHundredThousandDistinctStacksStayUnderFiveMegabytes() {
        var profile = distinctStacks(100_000);
        var r = DumpReport.dump(profile, "synthetic");
        assertThat(r.groups()).hasSize(DumpReport.MAX_GROUPS);
        assertThat(r.hiddenGroups()).isEqualTo(100_000 - DumpReport.MAX_GROUPS);
        assertThat(r.flame().size()).isGreaterThan(FlameGraph.MAX_NODES);
        String html = DumpReportHtml.render(r);
        assertThat(html.length()).as("characters (all ASCII here)").isLessThan(5_000_000);
        assertThat(html).contains("And 99,500 smaller groups (99,500 threads) not listed");
    }

    /** The largest page there can be: every frame long and distinct, 40 to a stack. */
    @Test
    void longDistinctFramesStillStayUnderFiveMegabytes() {
        var groups = new ArrayList<StackGroup>();
        String pad = "x".repeat(110);
        for (int i = 0; i < 20_000; i++) {
            var stack = new ArrayList<String>();
            for (int d = 0; d < 40; d++) {
                stack.add("com.example.generated.Module" + d + "." + pad + ".method" + i + "(Generated.java:" + d + ")");
            }
            groups.add(new StackGroup(List.copyOf(stack), 20_000 - i, 20_000 - i, 0, List.of(new Count("RUNNABLE", 20_000 - i)),
                    List.of(), List.of(), List.of(), List.of()));
        }
        var r = DumpReport.dump(new ThreadProfile(DumpHeader.UNKNOWN, 0, 0, 0, groups), "synthetic");
        assertThat(r.groups().size()).isLessThan(DumpReport.MAX_GROUPS);
        String html = DumpReportHtml.render(r);
        assertThat(html.length()).as("characters (all ASCII here)").isLessThan(5_000_000);
    }

    @Test
    void pastTheCapTheNarrowestNodesAreLeftOutAndCounted() throws IOException {
        var flame = new FlameGraph("all", false);
        flame.add(List.of("wide.leaf()", "wide.root()"), 1000, 0, 0);
        for (int i = 0; i < FlameGraph.MAX_NODES + 500; i++) {
            flame.add(List.of("narrow" + i + "()", "wide.root()"), 1, 1, 0);
        }
        JsonNode json = JSON.readTree(flame.toJson());
        int nodes = json.get("n").size() / 5;
        assertThat(nodes).isLessThanOrEqualTo(FlameGraph.MAX_NODES);
        assertThat(json.get("hidden").asLong()).isEqualTo(flame.size() - nodes);
        assertThat(json.get("frames").toString()).contains("wide.leaf()");
        assertThat(json.get("n").get(2).asInt()).as("the root still counts every thread").isEqualTo(1000 + FlameGraph.MAX_NODES + 500);
    }

    @Test
    void filesAreToldApartByTheirFirstField(@TempDir Path tmp) throws IOException {
        assertThat(DumpInputs.sniff(Fixtures.threads("dump-new.json"))).contains(DumpInputs.Kind.DUMP);
        assertThat(DumpInputs.sniff(Fixtures.threads("leaks-virtual.json"))).contains(DumpInputs.Kind.LEAKS);
        Path grouped = Files.writeString(tmp.resolve("grouped.json"), "{\"leaklab\": \"thread-profile\", \"schemaVersion\": 1}");
        assertThat(DumpInputs.sniff(grouped)).contains(DumpInputs.Kind.DUMP);
        assertThat(DumpInputs.sniff(Fixtures.resource("run-quick/run.json"))).isEmpty();
        assertThat(DumpInputs.sniff(Fixtures.resource("jmh/small.json"))).isEmpty();
        assertThat(DumpInputs.sniff(Fixtures.resource("run-quick"))).isEmpty();
        Path diff = Files.writeString(tmp.resolve("diff.json"), "{\"leaklab\": \"thread-diff\", \"schemaVersion\": 1}");
        assertThatThrownBy(() -> DumpInputs.sniff(diff)).isInstanceOf(UserError.class)
                .hasMessageContaining("give the two dumps instead");
        Path notJson = Files.writeString(tmp.resolve("notes.json"), "hello");
        assertThat(DumpInputs.sniff(notJson)).isEmpty();
    }

    @Test
    void textDumpsReportLikeJsonOnesAndALogsTwoDumpsDiff(@TempDir Path tmp) throws IOException {
        assertThat(DumpInputs.sniff(KILL3_LOG)).contains(DumpInputs.Kind.DUMP);
        var one = DumpInputs.read(List.of(KILL3_LOG), List.of(DumpInputs.Kind.DUMP));
        assertThat(one.subtitle()).isEqualTo("27 threads (platform 27, virtual 0) in 13 stack groups");
        assertThat(one.facts()).extracting(Page.Fact::name).contains("Process", "Note");
        assertThat(one.groups().getFirst().count()).isEqualTo("13");

        Path log = Files.copy(KILL3_LOG, tmp.resolve("app.log"));
        var made = Reports.make(List.of(Path.of(log + "#1"), Path.of(log + "#2")), tmp.resolve("out"));
        assertThat(Files.readString(made.html())).contains("thread dump #1 of 2 in " + log, "thread dump #2 of 2 in " + log);
        var diff = DumpInputs.read(List.of(Path.of(log + "#1"), Path.of(log + "#2")), List.of(DumpInputs.Kind.DUMP, DumpInputs.Kind.DUMP));
        assertThat(diff.groups().getFirst().tags()).extracting(DumpReport.Tag::text).contains("platform", "WAITING");
        assertThatThrownBy(() -> Reports.make(List.of(Path.of(log + "#3")), tmp.resolve("out3"))).isInstanceOf(UserError.class)
                .hasMessageContaining("holds 2 thread dumps, so there is no #3");
        Path json = Files.copy(Fixtures.threads("dump-new.json"), tmp.resolve("d.json"));
        assertThatThrownBy(() -> Reports.make(List.of(Path.of(json + "#2")), tmp.resolve("out4"))).isInstanceOf(UserError.class)
                .hasMessageContaining("is a JSON thread dump: it holds one dump, so there is no #2");
    }

    @Test
    void aDumpAndALeakReportAreNotCompared() {
        assertThatThrownBy(() -> report("dump-new.json", "leaks-virtual.json")).isInstanceOf(UserError.class)
                .hasMessage("to compare, give two thread dumps (BASE NEW); a leak report is drawn on its own");
    }
}

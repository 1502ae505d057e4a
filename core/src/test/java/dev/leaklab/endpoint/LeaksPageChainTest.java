package dev.leaklab.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.leaklab.origins.Origin;

/**
 * The endpoint's leak page names sites by the rule {@code leaklab leaks} follows: threads a library's
 * own thread started (Apache HttpClient 5's dispatchers, started by its {@code httpclient-main-N})
 * are followed through that thread to the application's line; the JDK's carriers are blamed on
 * nobody; a thread with no application frame anywhere says so.
 */
class LeaksPageChainTest {

    private static StackTraceElement f(String cls, String method, int line) {
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        return new StackTraceElement(cls, method, simple.replaceAll("\\$.*", "") + ".java", line);
    }

    private static StackTraceElement jdk(String cls, String method) {
        return new StackTraceElement(null, "java.base", null, cls, method, null, -1);
    }

    private static Origin thread(long id, String name, long creator, StackTraceElement... site) {
        return new Origin(id, false, name, creator, null, List.of(site), "<root>", null);
    }

    // the application's thread, then the library's main thread it started, then the dispatchers that one started
    private static final StackTraceElement[] MAIN_STARTED_BY = {jdk("java.lang.Thread", "start"),
            f("org.apache.hc.core5.reactor.IOReactorWorkerStack", "start", 60),
            f("org.apache.hc.client5.http.impl.async.AbstractHttpAsyncClientBase", "start", 78),
            f("com.acme.apache.ApacheAsync", "lookup", 41), f("com.acme.apache.ApacheAsync", "main", 12)};
    private static final StackTraceElement[] DISPATCHER_STARTED_BY = {jdk("java.lang.Thread", "start"),
            f("org.apache.hc.core5.reactor.MultiCoreIOReactor", "start", 72),
            f("org.apache.hc.core5.reactor.AbstractSingleCoreIOReactor", "execute", 80),
            jdk("java.lang.Thread", "run")};

    @Test
    void aCreatorThatEndedStillLeadsToTheApplication() {
        // httpclient-main-1 started the dispatchers, then ended: the agent keeps it as a creator
        var live = List.of(thread(21, "httpclient-dispatch-1", 20, DISPATCHER_STARTED_BY));
        var ended = List.of(thread(20, "httpclient-main-1", 1, MAIN_STARTED_BY));
        assertThat(LeaksPage.group(live, ended, List.of(), false)).singleElement()
                .satisfies(g -> assertThat(g.site()).contains("\u2190 thread httpclient-main-N \u2190")
                        .endsWith("com.acme.apache.ApacheAsync.lookup(ApacheAsync.java:41)"))
                .extracting(LeaksPage.Group::count).isEqualTo(1);
        // without it, nothing names the application: the page says so
        assertThat(LeaksPage.group(live, List.of(), List.of("com.acme."), true)).singleElement()
                .extracting(LeaksPage.Group::applicationFrame).isEqualTo(false);
    }

    @Test
    void threadsStartedByALibrarysOwnThreadAreNamedThroughItsCreation() {
        var live = List.of(thread(1, "main", -1),
                thread(20, "httpclient-main-1", 1, MAIN_STARTED_BY),
                thread(21, "httpclient-dispatch-1", 20, DISPATCHER_STARTED_BY),
                thread(22, "httpclient-dispatch-2", 20, DISPATCHER_STARTED_BY),
                thread(30, "ForkJoinPool-1-worker-1", 1, jdk("java.lang.Thread", "start"),
                        jdk("java.lang.VirtualThread", "submitRunContinuation"), f("com.acme.apache.ApacheAsync", "main", 14)),
                thread(40, "orphan-1", 99, f("org.other.lib.Spawner", "spawn", 5), f("org.other.lib.Spawner", "run", 9)));

        var groups = LeaksPage.group(live, List.of(), List.of(), false);

        var top = groups.get(0);
        assertThat(top.site()).isEqualTo("org.apache.hc.core5.reactor.MultiCoreIOReactor.start(MultiCoreIOReactor.java:72)"
                + " \u2190 thread httpclient-main-N \u2190 org.apache.hc.core5.reactor.IOReactorWorkerStack.start(IOReactorWorkerStack.java:60)"
                + " \u2190 ... \u2190 com.acme.apache.ApacheAsync.lookup(ApacheAsync.java:41)");
        assertThat(top.count()).isEqualTo(2);
        assertThat(top.applicationFrame()).isTrue();
        assertThat(groups).filteredOn(g -> g.site().equals(
                        "org.apache.hc.core5.reactor.IOReactorWorkerStack.start(IOReactorWorkerStack.java:60) \u2190 ... \u2190"
                                + " com.acme.apache.ApacheAsync.lookup(ApacheAsync.java:41)"))
                .singleElement().extracting(LeaksPage.Group::count).isEqualTo(1);
        assertThat(groups).filteredOn(LeaksPage.Group::jdk).extracting(LeaksPage.Group::site)
                .containsExactlyInAnyOrder("the JDK's own: main", "the JDK's own: ForkJoinPool-N-worker-N");
        // one root package all along and nothing said otherwise: taken as the application's own
        var orphan = groups.stream().filter(g -> g.site().startsWith("org.other.lib.Spawner.spawn")).findFirst().orElseThrow();
        assertThat(orphan.applicationFrame()).isTrue();

        // the same with the application named (app=): the same chain, and the orphan has none
        var named = LeaksPage.group(live, List.of(), List.of("com.acme."), true);
        assertThat(named.get(0).site()).isEqualTo(top.site());
        assertThat(named).filteredOn(g -> g.site().startsWith("org.other.lib.Spawner.spawn")).singleElement()
                .extracting(LeaksPage.Group::applicationFrame).isEqualTo(false);
        var page = new StringBuilder();
        LeaksPage.writeSites(live, List.of(), List.of("com.acme."), true, page);
        assertThat(page.toString()).contains("  2 org.apache.hc.core5.reactor.MultiCoreIOReactor.start(",
                "      platform · names httpclient-dispatch-N\n",
                "no application frame: not in the creator's stack, nor in its creators'",
                "started by the JDK for its own work: blamed on nobody");
        // the application's sites first, the JDK's last
        assertThat(page.indexOf("MultiCoreIOReactor")).isLessThan(page.indexOf("org.other.lib")).isLessThan(page.indexOf("the JDK's own"));
    }
}

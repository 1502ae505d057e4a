package dev.leaklab.endpoint;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;

import dev.leaklab.census.LiveThreads;
import dev.leaklab.dump.ThreadDumps;
import dev.leaklab.endpoint.Http.Answer;
import dev.leaklab.monitor.LeakRule;
import dev.leaklab.profile.StackGroups;

/**
 * {@code GET /debug/threads/count}: application threads by kind, the baseline taken when the
 * endpoint started and the {@link LeakRule} level between them. With the JDK's thread containers
 * exported to us the count is a census (cheap, JVM threads apart); else a thread dump, where every
 * thread counts.
 */
final class CountPage {

    private final SharedAnswers shared;
    /**
     * Application threads when the endpoint started, counted the way every later count is (a census,
     * else a dump of this JVM): what the level is judged against. -1 only when that first count
     * failed; then the first request's count becomes the baseline, and the page says so.
     */
    final AtomicInteger baseline = new AtomicInteger(countAtStart());
    private final boolean baselineAtStart = baseline.get() >= 0;

    CountPage(SharedAnswers shared) {
        this.shared = shared;
    }

    void answer(HttpExchange x) throws IOException {
        Http.send(x, 200, shared.get("count", false, this::count));
    }

    private record Count(int platform, int virtual, int jvm, String method) {
        int app() {
            return platform + virtual;
        }
    }

    private static Count take() {
        if (LiveThreads.available()) {
            var c = LiveThreads.census();
            return new Count(c.appPlatform(), c.appVirtual(), c.jvmPlatform() + c.tool(),
                    "census of the thread containers (JVM threads apart)");
        }
        var groups = new StackGroups();
        ThreadDumps.visitLive(ProcessHandle.current().pid(), groups);
        var p = groups.profile();
        return new Count(p.platform(), p.virtual(), 0,
                "thread dump, every thread counted (run with --add-exports java.base/jdk.internal.vm=ALL-UNNAMED"
                        + " for a cheaper count that leaves the JVM's own threads apart)");
    }

    /** The endpoint must start in any JVM: a first count that fails leaves the baseline to the first request. */
    private static int countAtStart() {
        try {
            return take().app();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private Answer count() {
        var c = take();
        int app = c.app();
        baseline.compareAndSet(-1, app);
        return Answer.text("platform " + c.platform() + "\nvirtual " + c.virtual() + "\ntotal " + app
                + "\njvm " + c.jvm() + "\nbaseline " + baseline.get() + "\nlevel " + LeakRule.level(app, baseline.get())
                + "\ncounted by " + c.method()
                + (baselineAtStart ? "" : "\nbaseline taken at the first request (the count at start failed)") + "\n");
    }
}

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
    /** Application threads at start (at the first count without a census): what the level is judged against. */
    final AtomicInteger baseline = new AtomicInteger(LiveThreads.available() ? LiveThreads.census().app() : -1);

    CountPage(SharedAnswers shared) {
        this.shared = shared;
    }

    void answer(HttpExchange x) throws IOException {
        Http.send(x, 200, shared.get("count", false, this::count));
    }

    private Answer count() {
        int platform, virtual, jvm;
        String method;
        if (LiveThreads.available()) {
            var c = LiveThreads.census();
            platform = c.appPlatform();
            virtual = c.appVirtual();
            jvm = c.jvmPlatform() + c.tool();
            method = "census of the thread containers (JVM threads apart)";
        } else {
            var groups = new StackGroups();
            ThreadDumps.visitLive(ProcessHandle.current().pid(), groups);
            var p = groups.profile();
            platform = p.platform();
            virtual = p.virtual();
            jvm = 0;
            method = "thread dump, every thread counted (run with --add-exports java.base/jdk.internal.vm=ALL-UNNAMED"
                    + " for a cheaper count that leaves the JVM's own threads apart)";
        }
        int app = platform + virtual;
        baseline.compareAndSet(-1, app);
        return Answer.text("platform " + platform + "\nvirtual " + virtual + "\ntotal " + app
                + "\njvm " + jvm + "\nbaseline " + baseline.get() + "\nlevel " + LeakRule.level(app, baseline.get())
                + "\ncounted by " + method + "\n");
    }
}

package dev.leaklab.endpoint;

import java.io.IOException;
import java.util.Locale;

import com.sun.net.httpserver.HttpExchange;

import dev.leaklab.origins.ProvenLeak;
import dev.leaklab.origins.SiteCount;
import dev.leaklab.origins.ThreadOrigins;

/**
 * {@code GET /debug/threads/leaks}, the counterpart of pprof's goroutineleak profile: what the
 * leaklab agent knows, proven leaks first (proof mode), then live threads by creation site.
 * Without the agent, how to load it.
 */
final class LeaksPage {

    private LeaksPage() {
    }

    static void answer(HttpExchange x) throws IOException {
        if (!ThreadOrigins.agentLoaded()) {
            Http.send(x, 200, "the leaklab agent is not loaded: run the JVM with -javaagent:leaklab-agent.jar"
                    + " (=prove and -Djdk.trackAllThreads=false for proven leaks)\n");
            return;
        }
        var b = new StringBuilder("proven leaks (virtual threads collected while blocked: could never run again)\n");
        var proven = ThreadOrigins.provenLeaks();
        if (proven.isEmpty()) {
            b.append("  none\n");
        }
        for (ProvenLeak p : proven) {
            b.append(String.format(Locale.ROOT, "  %d %s (first %s, last %s)%n", p.count(), p.site(), p.first(), p.last()));
        }
        b.append("live threads by creation site\n");
        for (SiteCount s : ThreadOrigins.liveBySite(20)) {
            b.append(String.format(Locale.ROOT, "  %d %s%n", s.live(), s.site()));
        }
        b.append(String.format(Locale.ROOT, "started since the agent loaded: %d platform, %d virtual; ended: %d platform, %d virtual%n",
                ThreadOrigins.started(false), ThreadOrigins.started(true), ThreadOrigins.ended(false), ThreadOrigins.ended(true)));
        Http.send(x, 200, b.toString());
    }
}

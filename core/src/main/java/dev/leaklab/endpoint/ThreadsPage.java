package dev.leaklab.endpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Semaphore;

import com.sun.net.httpserver.HttpExchange;

import dev.leaklab.dump.ThreadDumps;
import dev.leaklab.endpoint.Http.Answer;
import dev.leaklab.endpoint.Http.BadRequest;
import dev.leaklab.internal.profile.ProfileJson;
import dev.leaklab.io.UserError;
import dev.leaklab.origins.ThreadOrigins;
import dev.leaklab.profile.ProfileText;
import dev.leaklab.profile.StackGroups;
import dev.leaklab.internal.profile.ThreadList;

/**
 * {@code GET /debug/threads?debug=1|2&format=text|json}: this JVM's threads grouped by stack
 * (shared between requests), or one entry per thread (streamed, one list at a time).
 */
final class ThreadsPage {

    private final SharedAnswers shared;
    private final Semaphore lists = new Semaphore(1);

    ThreadsPage(SharedAnswers shared) {
        this.shared = shared;
    }

    void answer(HttpExchange x, Map<String, String> query) throws IOException, UserError, BadRequest {
        String debug = query.getOrDefault("debug", "1");
        String format = query.getOrDefault("format", "text");
        if (!debug.equals("1") && !debug.equals("2")) {
            throw new BadRequest("debug must be 1 (grouped by stack) or 2 (one entry per thread)");
        }
        if (!format.equals("text") && !format.equals("json")) {
            throw new BadRequest("format must be text or json");
        }
        long self = ProcessHandle.current().pid();
        if (debug.equals("1")) {
            Http.send(x, 200, shared.get("threads-" + format, true, () -> {
                // with the agent, each group's creation sites (by the rule leaks follows): a pool's headline names them
                var sites = ThreadOrigins.agentLoaded() ? LeaksPage.sitesByThread() : Map.<String, String>of();
                var groups = new StackGroups(sites.isEmpty() ? null : sites::get);
                ThreadDumps.visitLive(self, groups);
                var profile = groups.profile();
                var bytes = new ByteArrayOutputStream();
                try (var out = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8))) {
                    if (format.equals("json")) {
                        ProfileJson.write(profile, out);
                    } else {
                        ProfileText.write(profile, out);
                    }
                }
                return new Answer(Http.contentType(format), bytes.toByteArray());
            }));
        } else if (!lists.tryAcquire()) {
            Http.send(x, 429, "a per-thread list is already being sent; try again later\n");
        } else {
            try (var out = Http.stream(x, format)) {
                if (format.equals("json")) {
                    try (var list = ThreadList.json(out)) {
                        ThreadDumps.visitLive(self, list);
                    }
                } else {
                    ThreadDumps.visitLive(self, ThreadList.text(out));
                }
            } finally {
                lists.release();
            }
        }
    }
}

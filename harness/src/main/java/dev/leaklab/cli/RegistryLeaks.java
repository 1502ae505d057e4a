package dev.leaklab.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.leaklab.internal.dump.Targets;
import dev.leaklab.io.UserError;

/**
 * {@code leaklab leaks PID}: the agent's registry in a running JVM, read through the debug endpoint the
 * agent serves there ({@code /debug/threads/leaks}), whose address the agent left in a system property.
 * The endpoint rather than a JFR recording started now: the registry has every live thread since the agent
 * loaded, a recording only those started after it began.
 */
final class RegistryLeaks {
    private RegistryLeaks() {
    }

    static String read(long pid, Duration timeout) {
        String address;
        try (var link = AgentLink.open(pid, timeout)) {
            var p = link.properties();
            if (!Boolean.parseBoolean(p.getProperty(AgentLink.LOADED))) {
                throw new UserError("pid " + pid + " runs no leaklab agent: 'leaklab attach " + pid + " endpoint=127.0.0.1:0' loads it"
                        + " (threads started before then have no creator)");
            }
            address = p.getProperty(AgentLink.ENDPOINT);
            if (address == null) {
                throw new UserError("the leaklab agent in pid " + pid + " serves no endpoint: 'leaklab attach " + pid
                        + " endpoint=127.0.0.1:0' adds it");
            }
        }
        String page;
        try (var http = HttpClient.newBuilder().connectTimeout(timeout).build()) {
            var reply = http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/debug/threads/leaks"))
                    .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() == 401) {
                throw new UserError("pid " + pid + "'s endpoint http://" + address + "/debug/ asks for its bearer token: read it with"
                        + " curl -H \"Authorization: Bearer $TOKEN\" http://" + address + "/debug/threads/leaks");
            }
            if (reply.statusCode() != 200) {
                throw new UserError("pid " + pid + "'s endpoint answered " + reply.statusCode() + ": " + AgentLink.printable(reply.body()));
            }
            page = reply.body();
        } catch (java.net.http.HttpTimeoutException e) { // a stopped JVM's endpoint accepts, then says nothing
            throw Targets.noAnswer(pid, timeout);
        } catch (IOException e) {
            throw new UserError("cannot read pid " + pid + "'s endpoint http://" + address + "/debug/: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted reading pid " + pid + "'s endpoint");
        }
        // The endpoint's own threads, which the agent started, are leaklab's, not the application's.
        // A site's details are the indented lines under it: they go with it.
        var kept = new StringBuilder();
        boolean dropping = false;
        for (String l : page.lines().toList()) {
            if (l.matches("  \\S.*") || !l.startsWith(" ")) {
                dropping = l.matches("\\s+\\d+ dev\\.leaklab\\.agent\\.internal\\..*");
            }
            if (!dropping) kept.append(l).append('\n');
        }
        String body = kept.toString();
        return "leaks in pid " + pid + ": the leaklab agent's registry, from http://" + address + "/debug/threads/leaks"
                + " (threads started before the agent loaded have no creator)\n" + body;
    }
}

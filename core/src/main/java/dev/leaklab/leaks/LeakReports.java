package dev.leaklab.leaks;

import dev.leaklab.dump.ThreadDumps;
import dev.leaklab.internal.io.Printable;
import dev.leaklab.internal.profile.ProfileJson;
import dev.leaklab.profile.ProfileText;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.leaklab.leaks.RecordingLeaks.Attribution;
import dev.leaklab.leaks.RecordingLeaks.Findings;
import dev.leaklab.leaks.RecordingLeaks.SiteGroup;
import dev.leaklab.leaks.RecordingLeaks.Trend;
import dev.leaklab.origins.ProvenLeak;

/**
 * The report of {@code leaklab leaks}, as text or JSON: growing groups (the leaks) first, then
 * steady ones, then the JDK's own threads. The JSON is {@code "leaklab": "thread-leaks"},
 * {@code schemaVersion} {@value #SCHEMA_VERSION} (results/schema/thread-leaks-v2.schema.json);
 * version 1 had no trend, rate or chain fields. {@link RecordingLeaks.Findings} writes itself through these.
 */
final class LeakReports {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** 2: groups have trend, ratePerSecond, firstStart, lastStart, applicationFrame; growthFrom, provenNeverEnded. */
    public static final int SCHEMA_VERSION = 2;

    private LeakReports() {
    }

    static void writeText(Findings r, PrintWriter out) {
        out.printf(Locale.ROOT, "leaks in %s: %s%n", Printable.escape(String.valueOf(r.recording())),
                r.start() == null ? "the recording has no events" : seconds(r) + " recorded (" + r.start() + " to " + r.end() + ")");
        out.printf(Locale.ROOT, "  started in the recording: %d platform, %d virtual; never ended: %d platform, %d virtual%s%n",
                r.startedPlatform(), r.startedVirtual(), r.leakedPlatform(), r.leakedVirtual(),
                r.provenNeverEnded() > 0 ? " (" + r.provenNeverEnded() + " of them proven, listed once, under proven)" : "");
        int[] threads = new int[Trend.values().length];
        int[] groups = new int[Trend.values().length];
        for (SiteGroup g : r.groups()) {
            threads[g.trend().ordinal()] += g.count();
            groups[g.trend().ordinal()]++;
        }
        if (!r.groups().isEmpty()) {
            out.printf(Locale.ROOT, "  growing: %s; steady: %s; the JDK's own: %d %s (a group grows when its threads kept"
                    + " starting after %s, the recording's midpoint)%n", tally(threads, groups, Trend.GROWING),
                    tally(threads, groups, Trend.STEADY), threads[Trend.JDK.ordinal()],
                    threads[Trend.JDK.ordinal()] == 1 ? "thread" : "threads", offset(r, r.growthFrom()));
        }
        if (r.explicitApp()) {
            out.println("  application: classes starting with " + String.join(", ", r.app()) + " (--app)");
        }
        if (!r.explicitApp()) {
            out.println("  application: " + (r.app().isEmpty() ? "" : "classes starting with " + String.join(", ", r.app())
                    + " above any reflective call (a launcher's main calls the application's so), else ")
                    + "the default package, else the caller of the library that started a thread (--app PREFIX to name it)");
        }
        if (!r.creatorsRecorded()) {
            out.println("  hint: for the exact creator of every thread, virtual ones too, record with the leaklab agent:"
                    + " java -javaagent:$(scripts/leaklab agent) ...");
        }
        if (!r.threadStartOn()) {
            out.println("  warning: jdk.ThreadStart was not enabled: platform threads were not recorded");
        }
        if (!r.virtualEventsOn()) {
            out.println("  warning: jdk.VirtualThreadStart/End were not enabled (they are off by default): virtual threads"
                    + " were not recorded; record with -XX:StartFlightRecording:jdk.VirtualThreadStart#enabled=true,"
                    + "jdk.VirtualThreadEnd#enabled=true");
        }
        if (r.dump() != null) {
            out.printf(Locale.ROOT, "  dump: %s; %d of the %d leaked threads are in it%n", r.dump().describe(),
                    r.foundInDump(), r.leakedPlatform() + r.leakedVirtual());
            if (r.dump().note() != null) {
                out.println("  dump note: " + Printable.escape(r.dump().note()));
            }
        } else if (r.leakedVirtual() > 0 && !r.creatorsRecorded()) {
            out.println("  no --dump: virtual threads are grouped by name only; pass a JSON thread dump taken before"
                    + " the recording ended to group them by task entry");
        }
        for (ProvenLeak p : r.proven()) {
            out.println();
            out.printf(Locale.ROOT, "proven: %d virtual %s · collected while blocked: could never run again · created at %s%n",
                    p.count(), p.count() == 1 ? "thread" : "threads", Printable.escape(p.site()));
            out.printf(Locale.ROOT, "    first %s, last %s (leaklab agent, proof mode: the GC freed them before they ended)%n",
                    p.first(), p.last());
        }
        Trend section = null;
        for (SiteGroup g : r.groups()) {
            if (g.trend() != section) {
                section = g.trend();
                out.println();
                out.println(switch (section) {
                    case GROWING -> "growing: threads kept starting until the recording's end, fastest first (the leaks)";
                    case STEADY -> "steady: started early and not growing since (pools, one-offs)";
                    case JDK -> "the JDK's own threads, blamed on nobody";
                });
            }
            out.println();
            out.printf(Locale.ROOT, "%d %s %s · %s %s%n", g.count(), g.virtual() ? "virtual" : "platform",
                    g.count() == 1 ? "thread" : "threads", g.attribution().label, Printable.escape(g.site()));
            if (g.trend() == Trend.GROWING) {
                out.printf(Locale.ROOT, "    growing: %.1f threads/s, started from %s to %s%n", g.ratePerSecond(),
                        offset(r, g.firstStart()), offset(r, g.lastStart()));
            } else if (g.trend() == Trend.STEADY && g.lastStart() != null) {
                out.printf(Locale.ROOT, "    steady: started from %s to %s%n", offset(r, g.firstStart()), offset(r, g.lastStart()));
            }
            out.println("    attribution: " + g.attribution().explanation);
            if (!g.applicationFrame()) {
                out.println("    no application frame: not in the creator's stack, nor in its creators' (up to "
                        + RecordingLeaks.HOPS + "); --app PREFIX names the application");
            }
            if (g.attribution() == Attribution.CREATION_SITE || g.attribution() == Attribution.AGENT_CREATION_SITE
                    || g.attribution() == Attribution.CREATOR_CHAIN || g.attribution() == Attribution.TASK_ENTRY) {
                out.println("    names " + ProfileText.counts(g.names(), g.count()));
            }
            if (!g.calledFrom().isEmpty()) {
                out.println("    called from " + ProfileText.counts(g.calledFrom(), g.count()));
            }
            if (!g.nowAt().isEmpty()) {
                out.println("    now at " + ProfileText.counts(g.nowAt(), g.count()));
            }
        }
        if (r.groups().isEmpty() && r.proven().isEmpty()) {
            out.println();
            out.println("no thread started in the recording is still running at its end");
        }
    }

    static void writeJson(Findings r, Writer w) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField(ProfileJson.MARKER, "thread-leaks");
            g.writeNumberField("schemaVersion", SCHEMA_VERSION);
            g.writeStringField("recording", r.recording().toString());
            g.writeStringField("start", String.valueOf(r.start()));
            g.writeStringField("end", String.valueOf(r.end()));
            g.writeNumberField("startedPlatform", r.startedPlatform());
            g.writeNumberField("startedVirtual", r.startedVirtual());
            g.writeNumberField("leakedPlatform", r.leakedPlatform());
            g.writeNumberField("leakedVirtual", r.leakedVirtual());
            g.writeBooleanField("threadStartRecorded", r.threadStartOn());
            g.writeBooleanField("virtualThreadEventsRecorded", r.virtualEventsOn());
            g.writeBooleanField("creatorsRecorded", r.creatorsRecorded());
            g.writeStringField("growthFrom", String.valueOf(r.growthFrom()));
            g.writeNumberField("provenNeverEnded", r.provenNeverEnded());
            g.writeArrayFieldStart("app");
            for (String prefix : r.app()) {
                g.writeString(prefix);
            }
            g.writeEndArray();
            g.writeBooleanField("appGiven", r.explicitApp());
            g.writeArrayFieldStart("proven");
            for (ProvenLeak p : r.proven()) {
                g.writeStartObject();
                g.writeStringField("site", p.site());
                g.writeNumberField("count", p.count());
                g.writeStringField("first", String.valueOf(p.first()));
                g.writeStringField("last", String.valueOf(p.last()));
                g.writeArrayFieldStart("stack");
                for (String f : p.stack()) {
                    g.writeString(f);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            if (r.dump() != null) {
                ProfileJson.writeSource(g, r.dump());
                g.writeNumberField("foundInDump", r.foundInDump());
            }
            g.writeArrayFieldStart("groups");
            for (SiteGroup group : r.groups()) {
                g.writeStartObject();
                g.writeNumberField("count", group.count());
                g.writeBooleanField("virtual", group.virtual());
                g.writeStringField("attribution", group.attribution().name());
                g.writeStringField("site", group.site());
                g.writeStringField("trend", group.trend().name());
                g.writeNumberField("ratePerSecond", Math.round(group.ratePerSecond() * 1000) / 1000.0);
                g.writeStringField("firstStart", String.valueOf(group.firstStart()));
                g.writeStringField("lastStart", String.valueOf(group.lastStart()));
                g.writeBooleanField("applicationFrame", group.applicationFrame());
                ProfileJson.writeCounts(g, "names", group.names());
                ProfileJson.writeCounts(g, "calledFrom", group.calledFrom());
                ProfileJson.writeCounts(g, "nowAt", group.nowAt());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static String tally(int[] threads, int[] groups, Trend t) {
        int n = threads[t.ordinal()], k = groups[t.ordinal()];
        return n + (n == 1 ? " thread" : " threads") + " in " + k + (k == 1 ? " group" : " groups");
    }

    /** {@code +2.4s}: an instant as seconds from the recording's start. */
    private static String offset(Findings r, Instant t) {
        if (t == null || r.start() == null) {
            return "?";
        }
        return String.format(Locale.ROOT, "+%.1fs", Duration.between(r.start(), t).toMillis() / 1000.0);
    }

    private static String seconds(Findings r) {
        if (r.start() == null || r.end() == null) {
            return "nothing";
        }
        return String.format(Locale.ROOT, "%.1fs", Duration.between(r.start(), r.end()).toMillis() / 1000.0);
    }
}

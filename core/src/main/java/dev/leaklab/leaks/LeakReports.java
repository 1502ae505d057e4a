package dev.leaklab.leaks;

import dev.leaklab.dump.ThreadDumps;
import dev.leaklab.internal.io.Printable;
import dev.leaklab.internal.profile.ProfileJson;
import dev.leaklab.profile.ProfileText;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.leaklab.leaks.RecordingLeaks.Attribution;
import dev.leaklab.leaks.RecordingLeaks.Findings;
import dev.leaklab.leaks.RecordingLeaks.SiteGroup;
import dev.leaklab.origins.ProvenLeak;

/** The report of {@code leaklab leaks}, as text or JSON ({@link RecordingLeaks.Findings} writes itself through these). */
final class LeakReports {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private LeakReports() {
    }

    static void writeText(Findings r, PrintWriter out) {
        out.printf(Locale.ROOT, "leaks in %s: %s%n", Printable.escape(String.valueOf(r.recording())),
                r.start() == null ? "the recording has no events" : seconds(r) + " recorded (" + r.start() + " to " + r.end() + ")");
        out.printf(Locale.ROOT, "  started in the recording: %d platform, %d virtual; never ended: %d platform, %d virtual%n",
                r.startedPlatform(), r.startedVirtual(), r.leakedPlatform(), r.leakedVirtual());
        if (!r.app().isEmpty()) {
            out.println("  application: classes starting with " + String.join(", ", r.app()) + " (--app to change)");
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
        } else if (r.leakedVirtual() > 0 && !r.creatorsRecorded()) {
            out.println("  no --dump: virtual threads are grouped by name only; pass a JSON thread dump taken before"
                    + " the recording ended to group them by task entry");
        }
        for (ProvenLeak p : r.proven()) {
            out.println();
            out.printf(Locale.ROOT, "proven: %d virtual %s · collected while blocked: could never run again · created at %s%n",
                    p.count(), p.count() == 1 ? "thread" : "threads", p.site());
            out.printf(Locale.ROOT, "    first %s, last %s (leaklab agent, proof mode: the GC freed them before they ended)%n",
                    p.first(), p.last());
        }
        for (SiteGroup g : r.groups()) {
            out.println();
            out.printf(Locale.ROOT, "%d %s %s · %s %s%n", g.count(), g.virtual() ? "virtual" : "platform",
                    g.count() == 1 ? "thread" : "threads", g.attribution().label, Printable.escape(g.site()));
            out.println("    attribution: " + g.attribution().explanation);
            if (g.attribution() == Attribution.CREATION_SITE || g.attribution() == Attribution.AGENT_CREATION_SITE
                    || g.attribution() == Attribution.TASK_ENTRY) {
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
            g.writeNumberField("schemaVersion", ProfileJson.SCHEMA_VERSION);
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
            g.writeArrayFieldStart("app");
            for (String prefix : r.app()) {
                g.writeString(prefix);
            }
            g.writeEndArray();
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
                ProfileJson.writeCounts(g, "names", group.names());
                ProfileJson.writeCounts(g, "calledFrom", group.calledFrom());
                ProfileJson.writeCounts(g, "nowAt", group.nowAt());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }


    private static String seconds(Findings r) {
        if (r.start() == null || r.end() == null) {
            return "nothing";
        }
        return String.format(Locale.ROOT, "%.1fs", Duration.between(r.start(), r.end()).toMillis() / 1000.0);
    }
}

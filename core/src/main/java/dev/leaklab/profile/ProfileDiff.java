package dev.leaklab.profile;

import dev.leaklab.internal.profile.ProfileJson;
import dev.leaklab.dump.ThreadDumps;
import dev.leaklab.io.Writable;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Growth per stack group between two dumps, the counterpart of {@code pprof -base}: a group is
 * identified by its exact stack; groups only in the new dump are NEW, groups gone from it VANISHED.
 */
public record ProfileDiff(ThreadProfile base, ThreadProfile next, List<Change> changes) implements Writable {

    public enum Mark { NEW, GREW, SHRANK, VANISHED, SAME }

    /** One stack group in either dump. {@code group} is the newer one's when it has one. */
    public record Change(StackGroup group, int base, int next, Mark mark) {
        public int growth() {
            return next - base;
        }
    }

    public static ProfileDiff of(ThreadProfile base, ThreadProfile next) {
        var before = new HashMap<List<String>, StackGroup>();
        base.groups().forEach(g -> before.put(g.stack(), g));
        var changes = new ArrayList<Change>();
        for (StackGroup g : next.groups()) {
            StackGroup old = before.remove(g.stack());
            int was = old == null ? 0 : old.count();
            Mark mark = old == null ? Mark.NEW : g.count() > was ? Mark.GREW : g.count() < was ? Mark.SHRANK : Mark.SAME;
            changes.add(new Change(g, was, g.count(), mark));
        }
        before.values().forEach(g -> changes.add(new Change(g, g.count(), 0, Mark.VANISHED)));
        changes.sort(Comparator.comparingInt(Change::growth).reversed()
                .thenComparing(c -> c.group().headline()).thenComparing(c -> String.join("\n", c.group().stack())));
        return new ProfileDiff(base, next, List.copyOf(changes));
    }

    /** The time between the two dumps, when both say when they were taken. */
    public Duration elapsed() {
        try {
            return Duration.between(Instant.parse(base.header().time()), Instant.parse(next.header().time()));
        } catch (DateTimeParseException e) {
            // text dumps give the target's local time, 2026-12-03 13:15:55: comparable when both do
        }
        try {
            var local = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", java.util.Locale.ROOT);
            return Duration.between(java.time.LocalDateTime.parse(base.header().time(), local),
                    java.time.LocalDateTime.parse(next.header().time(), local));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public void writeText(PrintWriter out) {
        Duration dt = elapsed();
        out.printf(Locale.ROOT, "base: %d threads · %s%n", base.total(), base.header().describe());
        out.printf(Locale.ROOT, "new:  %d threads · %s%s%n", next.total(), next.header().describe(),
                dt == null ? "" : String.format(Locale.ROOT, " (%.1fs later)", dt.toMillis() / 1000.0));
        if (base.header().note() != null && base.header().note().equals(next.header().note())) {
            out.print(base.header().noteLine());
        } else {
            out.print(base.header().noteLine().replaceFirst("^note:", "note (base):"));
            out.print(next.header().noteLine().replaceFirst("^note:", "note (new):"));
        }
        out.printf(Locale.ROOT, "change: %+d threads (platform %+d, virtual %+d)%n", next.total() - base.total(),
                next.platform() - base.platform(), next.virtual() - base.virtual());
        int same = 0;
        for (Change c : changes) {
            if (c.mark() == Mark.SAME) {
                same++;
                continue;
            }
            out.println();
            out.printf(Locale.ROOT, "%+d %s (%d → %d) · %s%n", c.growth(), c.mark().name(), c.base(), c.next(),
                    ProfileText.groupLine(c.group()));
            out.println(ProfileText.INDENT + ProfileText.details(c.group()));
            ProfileText.writeStack(c.group().stack(), out);
        }
        out.println();
        out.printf(Locale.ROOT, "%d unchanged stack group%s%n", same, same == 1 ? "" : "s");
    }

    @Override
    public void writeJson(Writer w) throws IOException {
        try (JsonGenerator g = ProfileJson.JSON.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField(ProfileJson.MARKER, "thread-diff");
            g.writeNumberField("schemaVersion", ProfileJson.SCHEMA_VERSION);
            g.writeFieldName("base");
            summary(g, base);
            g.writeFieldName("new");
            summary(g, next);
            g.writeArrayFieldStart("changes");
            for (Change c : changes) {
                g.writeStartObject();
                g.writeStringField("mark", c.mark().name());
                g.writeNumberField("growth", c.growth());
                g.writeNumberField("base", c.base());
                g.writeNumberField("new", c.next());
                g.writeFieldName("group");
                ProfileJson.writeGroup(g, c.group());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void summary(JsonGenerator g, ThreadProfile p) throws IOException {
        g.writeStartObject();
        ProfileJson.writeSource(g, p.header());
        g.writeNumberField("total", p.total());
        g.writeNumberField("platform", p.platform());
        g.writeNumberField("virtual", p.virtual());
        g.writeEndObject();
    }
}

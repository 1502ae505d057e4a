package dev.leaklab.internal.profile;

import dev.leaklab.dump.DumpHeader;
import dev.leaklab.dump.ThreadDumps;
import dev.leaklab.io.UserError;
import dev.leaklab.profile.Count;
import dev.leaklab.profile.StackGroup;
import dev.leaklab.profile.ThreadProfile;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * leaklab's grouped dump as JSON: a few KB where the JDK's dump is 120 MB, so it can be kept and
 * diffed later ({@code leaklab diff base.json PID}). Versioned by {@code schemaVersion}.
 *
 * <pre>{@code
 * {"leaklab": "thread-profile", "schemaVersion": 1,
 *  "source": {"processId": "7431", "runtimeVersion": "25.0.3+9-LTS", "time": "2026-...",
 *             "note": "... (only when the dump cannot show everything, e.g. a text dump)"},
 *  "total": 10014, "platform": 14, "virtual": 10000,
 *  "groups": [{"count": 10000, "platform": 0, "virtual": 10000,
 *              "states": {"WAITING": 10000}, "containers": {"<root>": 10000}, "containerInstances": {"<root>": 1},
 *              "blockers": {"parked on java.util.concurrent.SynchronousQueue$Transferer": 10000},
 *              "names": {"leaklab-send-without-receiver-N": 10000},
 *              "creators": {"com.acme.Orders.enrich(Orders.java:41)": 10000},   (only when the agent told)
 *              "stack": ["java.base/java.lang.VirtualThread.park(VirtualThread.java:742)", "..."]}]}
 * }</pre>
 */
public final class ProfileJson {

    /** The first field of the document; it tells a grouped dump from the JDK's. */
    public static final String MARKER = ThreadDumps.GROUPED_MARKER;
    public static final JsonFactory JSON = JsonFactory.builder().build();
    static final String KIND = "thread-profile";
    public static final int SCHEMA_VERSION = 1;

    private ProfileJson() {
    }

    public static void write(ThreadProfile profile, Writer out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField(MARKER, KIND);
            g.writeNumberField("schemaVersion", SCHEMA_VERSION);
            writeSource(g, profile.header());
            g.writeNumberField("total", profile.total());
            g.writeNumberField("platform", profile.platform());
            g.writeNumberField("virtual", profile.virtual());
            g.writeArrayFieldStart("groups");
            for (StackGroup group : profile.groups()) {
                writeGroup(g, group);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    public static void writeSource(JsonGenerator g, DumpHeader h) throws IOException {
        g.writeObjectFieldStart("source");
        g.writeStringField("processId", h.processId());
        g.writeStringField("runtimeVersion", h.runtimeVersion());
        g.writeStringField("time", h.time());
        if (h.note() != null) {
            g.writeStringField("note", h.note());
        }
        g.writeEndObject();
    }

    public static void writeGroup(JsonGenerator g, StackGroup group) throws IOException {
        g.writeStartObject();
        g.writeNumberField("count", group.count());
        g.writeNumberField("platform", group.platform());
        g.writeNumberField("virtual", group.virtual());
        writeCounts(g, "states", group.states());
        writeCounts(g, "containers", group.containers());
        writeCounts(g, "containerInstances", group.containerInstances());
        writeCounts(g, "blockers", group.blockers());
        writeCounts(g, "names", group.names());
        if (!group.creators().isEmpty()) {
            writeCounts(g, "creators", group.creators());
        }
        writeStack(g, group.stack());
        g.writeEndObject();
    }

    public static void writeStack(JsonGenerator g, List<String> stack) throws IOException {
        g.writeArrayFieldStart("stack");
        for (String f : stack) {
            g.writeString(f);
        }
        g.writeEndArray();
    }

    /** Counts as a JSON object of key to count, under {@code field}. */
    public static void writeCounts(JsonGenerator g, String field, List<Count> counts) throws IOException {
        g.writeObjectFieldStart(field);
        for (Count c : counts) {
            g.writeNumberField(c.key(), c.n());
        }
        g.writeEndObject();
    }

    /** Reads the rest of a document whose first field, {@link #MARKER}, the parser has just read. */
    public static ThreadProfile read(JsonParser p, String what) throws IOException, UserError {
        var r = new Reader(p, what);
        if (p.nextToken() != JsonToken.VALUE_STRING || !KIND.equals(p.getText())) {
            throw new UserError(what + " is a leaklab file but not a thread profile");
        }
        DumpHeader header = DumpHeader.UNKNOWN;
        int total = 0, platform = 0, virtual = 0, version = -1;
        var groups = new ArrayList<StackGroup>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "schemaVersion" -> {
                    version = r.count("schemaVersion");
                    if (version != SCHEMA_VERSION) {
                        throw new UserError(what + " has schemaVersion " + version
                                + "; this leaklab reads version " + SCHEMA_VERSION);
                    }
                }
                case "source" -> header = r.source();
                case "total" -> total = r.count("total");
                case "platform" -> platform = r.count("platform");
                case "virtual" -> virtual = r.count("virtual");
                case "groups" -> {
                    r.require(JsonToken.START_ARRAY, "groups", "an array");
                    while (r.nextInArray(JsonToken.START_OBJECT, "groups")) {
                        groups.add(r.group());
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (version < 0) {
            throw new UserError(what + " has no schemaVersion");
        }
        // Its numbers must add up: an edited or damaged file is refused, not reported as it reads.
        long grouped = groups.stream().mapToLong(StackGroup::count).sum();
        if (total != platform + virtual || grouped != total) {
            throw r.malformed("its counts do not add up: total " + total + ", platform " + platform + " + virtual "
                    + virtual + ", " + grouped + " in its groups");
        }
        return new ThreadProfile(header, total, platform, virtual, List.copyOf(groups));
    }

    /** Strict reading: a value of the wrong kind is an error, never skipped. */
    private record Reader(JsonParser p, String what) {

        DumpHeader source() throws IOException {
            require(JsonToken.START_OBJECT, "source", "an object");
            String pid = "?", version = "?", time = "?", note = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "processId" -> pid = string("source.processId");
                    case "runtimeVersion" -> version = string("source.runtimeVersion");
                    case "time" -> time = string("source.time");
                    case "note" -> note = string("source.note");
                    default -> p.skipChildren();
                }
            }
            return new DumpHeader(pid, version, time, note);
        }

        StackGroup group() throws IOException {
            int count = 0, platform = 0, virtual = 0;
            List<Count> states = List.of(), containers = List.of(), instances = List.of(), blockers = List.of(), names = List.of(), creators = List.of();
            List<String> stack = List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "count" -> count = count("count");
                    case "platform" -> platform = count("platform");
                    case "virtual" -> virtual = count("virtual");
                    case "states" -> states = counts("states");
                    case "containers" -> containers = counts("containers");
                    case "containerInstances" -> instances = counts("containerInstances");
                    case "blockers" -> blockers = counts("blockers");
                    case "names" -> names = counts("names");
                    case "creators" -> creators = counts("creators");
                    case "stack" -> {
                        require(JsonToken.START_ARRAY, "stack", "an array");
                        var frames = new ArrayList<String>();
                        while (nextInArray(JsonToken.VALUE_STRING, "stack")) {
                            frames.add(p.getText());
                        }
                        stack = List.copyOf(frames);
                    }
                    default -> p.skipChildren();
                }
            }
            if (count != platform + virtual) {
                throw malformed("a group of " + count + " threads has " + platform + " platform and " + virtual + " virtual");
            }
            return new StackGroup(stack, count, platform, virtual, states, containers, instances, blockers, names, creators);
        }

        List<Count> counts(String field) throws IOException {
            require(JsonToken.START_OBJECT, field, "an object");
            var list = new ArrayList<Count>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                list.add(new Count(key, count(field + "." + key)));
            }
            return List.copyOf(list);
        }

        int count(String field) throws IOException {
            require(JsonToken.VALUE_NUMBER_INT, field, "a whole number");
            long n = p.getLongValue();
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw malformed("\"" + field + "\" is " + n + ", not a count");
            }
            return (int) n;
        }

        String string(String field) throws IOException {
            require(JsonToken.VALUE_STRING, field, "a string");
            return p.getText();
        }

        boolean nextInArray(JsonToken kind, String array) throws IOException {
            JsonToken t = p.nextToken();
            if (t == kind) {
                return true;
            }
            if (t == JsonToken.END_ARRAY) {
                return false;
            }
            throw malformed("\"" + array + "\" has " + t + " where only " + kind + " belongs");
        }

        void require(JsonToken token, String field, String kind) {
            if (p.currentToken() != token) {
                throw malformed("\"" + field + "\" is " + p.currentToken() + ", not " + kind);
            }
        }

        UserError malformed(String problem) {
            return new UserError(what + " is not a well-formed grouped dump: " + problem
                    + " (line " + p.currentLocation().getLineNr() + ")");
        }
    }
}

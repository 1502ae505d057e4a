package dev.leaklab.internal.profile;

import dev.leaklab.profile.ProfileText;
import dev.leaklab.internal.profile.ProfileJson;
import dev.leaklab.dump.DumpHeader;
import dev.leaklab.dump.DumpVisitor;
import dev.leaklab.dump.DumpedThread;
import dev.leaklab.dump.ThreadDumps;

import dev.leaklab.internal.io.Printable;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * One entry per thread, the counterpart of pprof's {@code debug=2}, written as each thread streams
 * past: nothing is held, so a dump of any size lists in constant memory.
 */
public final class ThreadList {

    private ThreadList() {
    }

    /** Text: a line per thread ({@code #27 "p-0" platform WAITING · parked on ... · container <root>}) and its stack. */
    public static DumpVisitor text(PrintWriter out) {
        return new DumpVisitor() {
            @Override
            public void header(DumpHeader header) {
                out.println("threads of " + header.describe());
                out.print(header.noteLine());
            }

            @Override
            public void thread(DumpedThread t) {
                out.println();
                out.printf(Locale.ROOT, "#%s \"%s\" %s %s%s · container %s%n", Printable.escape(t.tid()),
                        Printable.escape(t.name()), t.virtual() ? "virtual" : "platform", Printable.escape(t.state()),
                        t.blocker() == null ? "" : " · " + Printable.escape(t.blocker()), Printable.escape(t.container()));
                ProfileText.writeStack(t.stack(), out);
            }
        };
    }

    /** JSON, streamed: {@code {"leaklab": "thread-list", "schemaVersion": 1, "source": {...}, "threads": [...], "total": N}}. */
    public static JsonList json(Writer out) throws IOException {
        return new JsonList(ProfileJson.JSON.createGenerator(out).useDefaultPrettyPrinter());
    }

    /** A JSON list being written; {@link #close()} ends the document. */
    public static final class JsonList implements DumpVisitor, AutoCloseable {
        private final JsonGenerator g;
        private final KindTally kinds = new KindTally();

        private JsonList(JsonGenerator g) throws IOException {
            this.g = g;
            g.writeStartObject();
            g.writeStringField(ProfileJson.MARKER, "thread-list");
            g.writeNumberField("schemaVersion", ProfileJson.SCHEMA_VERSION);
        }

        @Override
        public void header(DumpHeader header) {
            try {
                ProfileJson.writeSource(g, header);
                g.writeArrayFieldStart("threads");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void thread(DumpedThread t) {
            kinds.add(t.virtual());
            try {
                g.writeStartObject();
                g.writeStringField("tid", t.tid());
                g.writeStringField("name", t.name());
                g.writeBooleanField("virtual", t.virtual());
                g.writeStringField("state", t.state());
                if (t.blocker() != null) {
                    g.writeStringField("blocker", t.blocker());
                }
                g.writeStringField("container", t.container());
                ProfileJson.writeStack(g, t.stack());
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            g.writeEndArray();
            g.writeNumberField("total", kinds.total);
            g.writeNumberField("platform", kinds.platform);
            g.writeNumberField("virtual", kinds.virtual);
            g.writeEndObject();
            g.close();
        }
    }
}

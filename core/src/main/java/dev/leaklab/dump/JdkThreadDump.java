package dev.leaklab.dump;

import dev.leaklab.io.UserError;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads the JDK's JSON thread dump ({@code jcmd PID Thread.dump_to_file -format=json}, or
 * {@code HotSpotDiagnosticMXBean.dumpThreads(file, JSON)}) as a stream of tokens, handing each
 * thread to a {@link DumpVisitor} and forgetting it: a dump of 100,000 virtual threads is about
 * 120 MB of JSON, and memory must not grow with it.
 *
 * <p>The format is the one JDK 25 writes ({@code com/sun/management/doc-files/threadDump.schema.json}):
 * {@code threadDump} with {@code processId}, {@code time}, {@code runtimeVersion}, then
 * {@code threadContainers}, each with {@code container}, {@code parent}, {@code owner},
 * {@code threads} (each {@code tid}, {@code name}, {@code state}, {@code virtual}, {@code parkBlocker},
 * {@code blockedOn}, {@code waitingOn}, {@code stack}, ...) and {@code threadCount}. JDK 21 to 24
 * wrote an older format without thread states or the virtual flag; it is refused, not half-read.
 * Ids may be strings (JDK 25) or numbers (the schema allows both).
 */
final class JdkThreadDump {

    /** The first JDK whose dump has the fields leaklab reads. */
    static final int FIRST_FEATURE = 25;

    private final JsonParser p;
    private final String what;
    private final DumpVisitor visitor;
    private final Interner interner = new Interner();

    private JdkThreadDump(JsonParser p, String what, DumpVisitor visitor) {
        this.p = p;
        this.what = what;
        this.visitor = visitor;
    }

    /**
     * Reads the dump whose top-level field {@code threadDump} the parser has just read.
     *
     * @param what names the source in messages, e.g. {@code threads.json} or {@code pid 7431}
     */
    static void read(JsonParser p, String what, DumpVisitor visitor) throws IOException, UserError {
        new JdkThreadDump(p, what, visitor).threadDump();
    }

    private void threadDump() throws IOException, UserError {
        expect(JsonToken.START_OBJECT, "\"threadDump\" to be an object");
        String pid = "?", version = null, time = "?";
        boolean headerSent = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "processId" -> pid = p.getValueAsString();
                case "time" -> time = p.getValueAsString();
                case "runtimeVersion" -> version = p.getValueAsString();
                case "threadContainers" -> {
                    sendHeader(pid, version, time);
                    headerSent = true;
                    containers();
                }
                default -> p.skipChildren();
            }
        }
        if (!headerSent) {
            sendHeader(pid, version, time);
        }
    }

    private void sendHeader(String pid, String version, String time) throws UserError {
        if (version == null) {
            throw new UserError(what + " is not a JDK thread dump: it has no \"runtimeVersion\"");
        }
        int feature = feature(version);
        if (feature > 0 && feature < FIRST_FEATURE) {
            throw olderFormat("JDK " + version);
        }
        visitor.header(new DumpHeader(pid, version, time));
    }

    private UserError olderFormat(String writer) {
        return new UserError(what + " was written by " + writer + " in the older thread-dump format"
                + " (no thread state, no virtual flag); leaklab reads dumps from JDK " + FIRST_FEATURE
                + " or newer: take the dump on a JDK " + FIRST_FEATURE + " JVM");
    }

    private static int feature(String version) {
        try {
            return Runtime.Version.parse(version).feature();
        } catch (IllegalArgumentException e) {
            return -1; // an unusual vendor string: judge by the fields instead
        }
    }

    private void containers() throws IOException, UserError {
        expectCurrent(JsonToken.START_ARRAY, "\"threadContainers\" to be an array");
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String container = "?";
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "container" -> container = p.getValueAsString();
                    case "threads" -> threads(container);
                    default -> p.skipChildren();
                }
            }
        }
    }

    private void threads(String container) throws IOException, UserError {
        expectCurrent(JsonToken.START_ARRAY, "\"threads\" to be an array");
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String tid = null, name = "", state = null, blocker = null;
            boolean virtual = false;
            List<String> stack = List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "tid" -> tid = p.getValueAsString();
                    case "name" -> name = p.getValueAsString();
                    case "state" -> state = intern();
                    case "virtual" -> virtual = p.getValueAsBoolean();
                    case "parkBlocker" -> blocker = parkBlocker();
                    case "blockedOn" -> blocker = "blocked on " + p.getValueAsString();
                    case "waitingOn" -> blocker = "waiting on " + p.getValueAsString();
                    case "stack" -> stack = stack();
                    default -> p.skipChildren();
                }
            }
            if (state == null) {
                throw olderFormat("a JDK older than " + FIRST_FEATURE + " (thread " + tid + " has no \"state\")");
            }
            visitor.thread(new DumpedThread(tid, name, virtual, state, container, blocker, stack));
        }
    }

    private String parkBlocker() throws IOException {
        String object = null;
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("object")) {
                object = p.getValueAsString();
            } else {
                p.skipChildren();
            }
        }
        return object == null ? null : "parked on " + object;
    }

    private List<String> stack() throws IOException, UserError {
        expectCurrent(JsonToken.START_ARRAY, "\"stack\" to be an array");
        interner.beginStack();
        while (p.nextToken() == JsonToken.VALUE_STRING) {
            interner.addFrame(intern());
        }
        return interner.endStack();
    }

    /** The current string token, without making a new String when it was seen before. */
    private String intern() throws IOException {
        return interner.intern(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    private void expect(JsonToken token, String description) throws IOException, UserError {
        p.nextToken();
        expectCurrent(token, description);
    }

    private void expectCurrent(JsonToken token, String description) throws UserError {
        if (p.currentToken() != token) {
            throw new UserError(what + " is not a JDK thread dump: expected " + description
                    + " at line " + p.currentLocation().getLineNr());
        }
    }
}

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
 * write the same shape with only {@code tid}, {@code name} and {@code stack} per thread
 * (jdk.internal.vm.ThreadDumper of JDK 21): their states read as {@code ?}, with no blocker, and a
 * thread is virtual when its stack starts at {@code java.lang.VirtualThread.run}, as every started
 * virtual thread's does; the header's note says so. Ids and counts may be strings (JDK 21 to 26) or
 * numbers (JDK 27's {@code "formatVersion": 2}, its doc-files/threadDump.html; the schema allowed both).
 */
final class JdkThreadDump {

    /** The first JDK whose dump has thread states, blockers and the virtual flag (JDK-8356870). */
    static final int FIRST_FEATURE = 25;
    /** The newest {@code formatVersion} this reader knows. */
    static final int KNOWN_FORMAT = 2;
    static final String NO_STATE = "?";
    private static final String VIRTUAL_ENTRY = "java.base/java.lang.VirtualThread.run(";

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
        String pid = "?", version = null, time = "?", format = null;
        boolean headerSent = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "processId" -> pid = scalar("processId");
                case "time" -> time = scalar("time");
                case "runtimeVersion" -> version = string("runtimeVersion");
                case "formatVersion" -> format = scalar("formatVersion");
                case "threadContainers" -> {
                    if (headerSent) {
                        throw malformed("a second \"threadContainers\"");
                    }
                    sendHeader(pid, version, time, format);
                    headerSent = true;
                    containers();
                }
                default -> p.skipChildren();
            }
        }
        if (!headerSent) {
            sendHeader(pid, version, time, format);
        }
    }

    private void sendHeader(String pid, String version, String time, String format) throws UserError {
        if (version == null) {
            throw new UserError(what + " is not a JDK thread dump: it has no \"runtimeVersion\"");
        }
        var header = new DumpHeader(pid, version, time);
        int feature = feature(version);
        if (feature > 0 && feature < FIRST_FEATURE) {
            header = header.withNote("JDK " + feature + "'s JSON dump has no thread states or blockers (JDK "
                    + FIRST_FEATURE + "'s has): states show as " + NO_STATE
                    + ", and a thread whose stack starts at VirtualThread.run counts as virtual");
        }
        if (format != null && !format.equals("1") && !format.equals(Integer.toString(KNOWN_FORMAT))) {
            header = header.withNote("formatVersion " + format + " is newer than this leaklab knows ("
                    + KNOWN_FORMAT + "): read as version " + KNOWN_FORMAT);
        }
        visitor.header(header);
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
        while (nextInArray(JsonToken.START_OBJECT, "threadContainers", "objects")) {
            String container = "?";
            long seen = -1, count = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "container" -> container = string("container");
                    case "threads" -> seen = threads(container);
                    case "threadCount" -> count = count(scalar("threadCount"));
                    default -> p.skipChildren();
                }
            }
            // The JDK counts the threads it writes (more when it cannot track them all): never fewer.
            if (seen >= 0 && count >= 0 && seen > count) {
                throw malformed("container " + container + " lists " + seen + " threads but its \"threadCount\" is " + count);
            }
        }
    }

    private long count(String text) throws UserError {
        try {
            long n = Long.parseLong(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw malformed("\"threadCount\" is " + text + ", not a count");
    }

    private long threads(String container) throws IOException, UserError {
        expectCurrent(JsonToken.START_ARRAY, "\"threads\" to be an array");
        long n = 0;
        while (nextInArray(JsonToken.START_OBJECT, "threads", "objects")) {
            String tid = null, name = "", state = null, blocker = null;
            Boolean virtual = null;
            List<String> stack = List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "tid" -> tid = scalar("tid");
                    case "name" -> name = string("name");
                    case "state" -> {
                        require(JsonToken.VALUE_STRING, "state", "a string");
                        state = intern();
                    }
                    case "virtual" -> {
                        if (!p.currentToken().isBoolean()) {
                            throw malformed("\"virtual\" of thread " + tid + " is " + describe() + ", not true or false");
                        }
                        virtual = p.getBooleanValue();
                    }
                    case "parkBlocker" -> blocker = parkBlocker();
                    case "blockedOn" -> blocker = "blocked on " + string("blockedOn");
                    case "waitingOn" -> blocker = "waiting on " + string("waitingOn");
                    case "stack" -> stack = stack(tid);
                    default -> p.skipChildren();
                }
            }
            if (virtual == null) { // JDK 21 to 24: a virtual thread's stack begins at VirtualThread.run
                virtual = !stack.isEmpty() && stack.get(stack.size() - 1).startsWith(VIRTUAL_ENTRY);
            }
            visitor.thread(new DumpedThread(tid, name, virtual, state == null ? NO_STATE : state, container, blocker, stack));
            n++;
        }
        return n;
    }

    private String parkBlocker() throws IOException, UserError {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        require(JsonToken.START_OBJECT, "parkBlocker", "an object");
        String object = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("object")) {
                object = scalar("parkBlocker.object");
            } else {
                p.skipChildren();
            }
        }
        return object == null ? null : "parked on " + object;
    }

    private List<String> stack(String tid) throws IOException, UserError {
        expectCurrent(JsonToken.START_ARRAY, "\"stack\" to be an array");
        interner.beginStack();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw malformed("the stack of thread " + tid + " has " + describe() + " where a frame (a string) belongs");
            }
            interner.addFrame(intern());
        }
        return interner.endStack();
    }

    /**
     * Moves to the next element of an array: true for one of the expected kind, false at the end.
     * Anything else is an error: skipping it would silently drop part of the dump.
     */
    private boolean nextInArray(JsonToken kind, String array, String kinds) throws IOException, UserError {
        JsonToken t = p.nextToken();
        if (t == kind) {
            return true;
        }
        if (t == JsonToken.END_ARRAY) {
            return false;
        }
        throw malformed("\"" + array + "\" has " + describe() + " where only " + kinds + " belong");
    }

    /** A string or a number (the schema allows both for ids and counts), as text. */
    private String scalar(String field) throws IOException, UserError {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
            throw malformed("\"" + field + "\" is " + describe() + ", not a string or a whole number");
        }
        return p.getText();
    }

    private String string(String field) throws IOException, UserError {
        require(JsonToken.VALUE_STRING, field, "a string");
        return p.getText();
    }

    private void require(JsonToken token, String field, String kind) throws UserError {
        if (p.currentToken() != token) {
            throw malformed("\"" + field + "\" is " + describe() + ", not " + kind);
        }
    }

    /** The current token as a reader would name it: {@code a number}, {@code an object}, ... */
    private String describe() {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    private UserError malformed(String problem) {
        return new UserError(what + " is not a well-formed JDK thread dump: " + problem + " (line "
                + p.currentLocation().getLineNr() + ")");
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

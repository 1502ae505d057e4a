package dev.leaklab.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.leaklab.dump.ThreadDumps;
import dev.leaklab.io.UserError;
import dev.leaklab.result.ResultJson;
import dev.leaklab.result.RunResult;

/**
 * The one way leaklab opens a file the user named: a run folder becomes its {@code run.json};
 * the kind comes from the first token or field of the content ({@link #kind}), read as a stream so
 * a 100 MB thread dump is not parsed to find out what it is; JSON is parsed strictly
 * ({@link #json}). Every problem is a {@link UserError} that names the file.
 */
public final class InputFiles {

    // JMH writes NaN and infinities as strings, but other tools write them bare: accept both.
    // Nothing leaklab reads nests deeper than a few levels: a crafted file is refused, not recursed into.
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION) // a key twice: refused, never a smaller answer
            .build();

    private InputFiles() {
    }

    /** The file behind what the user named: itself, or a run folder's run.json. */
    public static Path resolve(Path given) {
        if (Files.isDirectory(given)) {
            Path file = given.resolve(ResultJson.FILE_NAME);
            if (!Files.isRegularFile(file)) {
                throw new UserError(given + ": a folder without " + ResultJson.FILE_NAME
                        + " (name a run folder of 'leaklab stress', a run.json or a JMH JSON file)");
            }
            return file;
        }
        if (!Files.exists(given)) {
            throw new UserError(given + ": no such file or folder");
        }
        if (!Files.isRegularFile(given)) {
            throw new UserError(given + ": not a regular file");
        }
        if (!Files.isReadable(given)) {
            throw new UserError(given + ": cannot be read (permissions)");
        }
        return given;
    }

    /** What the file holds, from its first JSON token (an array is JMH's) or its first field; not JSON, a text thread dump. */
    public static InputKind kind(Path file) {
        try (JsonParser p = MAPPER.createParser(file.toFile())) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new UserError(file + (Files.size(file) == 0 ? ": empty file" : ": empty file (only white space)"));
            }
            if (first == JsonToken.START_ARRAY) {
                return InputKind.JMH;
            }
            if (first == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME) {
                switch (p.currentName()) {
                    case "threadDump" -> {
                        return InputKind.THREAD_DUMP;
                    }
                    case ThreadDumps.GROUPED_MARKER -> {
                        return InputKind.LEAKLAB_THREADS;
                    }
                    default -> {
                        // a run's "kind" need not come first: look for it below
                    }
                }
            }
        } catch (JsonProcessingException e) {
            if (ThreadDumps.holdsTextDump(file)) { // jstack, Thread.print, a log with kill -3 dumps
                return InputKind.THREAD_DUMP;
            }
            throw notJson(file, e);
        } catch (IOException e) {
            throw new UserError(file + ": cannot be read (" + e.getMessage() + ")");
        }
        JsonNode tree = json(file);
        if (tree.isObject() && RunResult.KIND.equals(tree.path("kind").asText())) {
            return InputKind.LEAKLAB_RUN;
        }
        throw new UserError(file + ": neither a leaklab run (run.json), JMH's JSON (-rf json) nor a thread dump");
    }

    /** The whole file as a JSON tree: nothing may follow the value, and an early end says so. */
    public static JsonNode json(Path file) {
        try {
            if (Files.size(file) == 0) {
                throw new UserError(file + ": empty file");
            }
            try (JsonParser p = MAPPER.createParser(file.toFile())) {
                JsonNode tree = MAPPER.readTree(p);
                if (tree == null || tree.isMissingNode()) {
                    throw new UserError(file + ": empty file (only white space)");
                }
                if (p.nextToken() != null) {
                    throw new UserError(file + ": not valid JSON (more content after the end of the JSON value, at line "
                            + p.currentLocation().getLineNr() + ")");
                }
                return tree;
            }
        } catch (JsonProcessingException e) {
            throw notJson(file, e);
        } catch (IOException e) {
            throw new UserError(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static UserError notJson(Path file, JsonProcessingException e) {
        var at = e.getLocation();
        if (e instanceof JsonEOFException || e.getOriginalMessage() != null && e.getOriginalMessage().contains("end-of-input")) {
            // Jackson reports some early ends as parse errors, not JsonEOFException
            return new UserError(file + ": truncated: the JSON ends early (at line " + (at == null ? "?" : at.getLineNr())
                    + "); was it written completely?");
        }
        return new UserError(file + ": not valid JSON" + (at == null ? "" : " at line " + at.getLineNr()
                + ", column " + at.getColumnNr()) + " (" + firstLine(e.getOriginalMessage()) + ")");
    }

    /** The first line of a library's message. */
    public static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}

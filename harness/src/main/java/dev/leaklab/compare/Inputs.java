package dev.leaklab.compare;

import dev.leaklab.io.UserError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.leaklab.result.ResultJson;

/**
 * Opens what the user named — a run folder, a {@code run.json} or a JMH JSON file — and hands the
 * JSON to the reader of its kind. The kind comes from the content: a run is an object with
 * {@code "kind": "leaklab-run"}, JMH writes an array of benchmarks. Every problem is a {@link UserError}
 * that names the file.
 */
public final class Inputs {

    // JMH writes NaN and infinities as strings, but other tools write them bare: accept both.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private Inputs() {
    }

    public static Dataset read(String given) {
        Path path = Path.of(given);
        Path file = path;
        if (Files.isDirectory(path)) {
            file = path.resolve(ResultJson.FILE_NAME);
            if (!Files.isRegularFile(file)) {
                throw new UserError(given + ": a folder without " + ResultJson.FILE_NAME
                        + " (name a run folder, a run.json or a JMH JSON file)");
            }
            given = file.toString();
        } else if (!Files.exists(path)) {
            throw new UserError(given + ": no such file or folder");
        } else if (!Files.isReadable(path)) {
            throw new UserError(given + ": cannot be read (permissions)");
        }
        JsonNode tree = parse(given, file);
        if (tree.isObject()) {
            return RunReader.read(given, tree);
        }
        if (tree.isArray()) {
            return JmhReader.read(given, tree);
        }
        throw new UserError(given + ": neither a leaklab run.json (a JSON object) nor JMH results (a JSON array)");
    }

    private static JsonNode parse(String given, Path file) {
        try {
            if (Files.size(file) == 0) {
                throw new UserError(given + ": empty file");
            }
            try (JsonParser p = MAPPER.createParser(file.toFile())) {
                JsonNode tree = MAPPER.readTree(p);
                if (tree == null || tree.isMissingNode()) {
                    throw new UserError(given + ": empty file (only white space)");
                }
                if (p.nextToken() != null) {
                    throw new UserError(given + ": not valid JSON (more content after the end of the JSON value, at line "
                            + p.currentLocation().getLineNr() + ")");
                }
                return tree;
            }
        } catch (JsonEOFException e) {
            throw new UserError(given + ": truncated: the JSON ends early (at line " + e.getLocation().getLineNr()
                    + "); was it written completely?");
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            if (e.getOriginalMessage() != null && e.getOriginalMessage().contains("end-of-input")) {
                // Jackson reports some early ends as parse errors, not JsonEOFException
                throw new UserError(given + ": truncated: the JSON ends early (at line " + (at == null ? "?" : at.getLineNr())
                        + "); was it written completely?");
            }
            throw new UserError(given + ": not valid JSON" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + " (" + firstLine(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw new UserError(given + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}

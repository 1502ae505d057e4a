package dev.leaklab.input;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.leaklab.io.UserError;
import dev.leaklab.result.ResultJson;
import dev.leaklab.result.RunResult;

/** The one reader of leaklab's run.json, every schema version written so far (written by {@link ResultJson}). */
public final class RunJson {

    private RunJson() {
    }

    /** Readers of each schema version written so far, each into today's {@link RunResult}. */
    private static final Map<Integer, Function<JsonNode, RunResult>> READERS = Map.of(1, RunJson::readV1);
    private static final int NEWEST = READERS.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();

    /**
     * Reads a run: a {@code run.json} or the run folder holding one. Every schema version written
     * so far reads; anything else is a {@link UserError} that names the file and the problem.
     */
    public static RunResult read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(ResultJson.FILE_NAME) : path;
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": no such file" + (Files.isDirectory(path) ? " (is this a run folder?)" : ""));
        }
        JsonNode tree = InputFiles.json(file);
        if (!tree.isObject() || !RunResult.KIND.equals(tree.path("kind").asText())) {
            throw new UserError(file + ": not a leaklab run (no \"kind\": \"" + RunResult.KIND + "\")");
        }
        JsonNode v = tree.get("schemaVersion");
        if (v == null || !v.canConvertToExactIntegral()) {
            throw new UserError(file + ": no integer schemaVersion");
        }
        int version = v.asInt();
        var reader = READERS.get(version);
        if (reader == null) {
            throw new UserError(file + ": schemaVersion " + version + (version > NEWEST
                    ? " is newer than this leaklab reads (" + NEWEST + "); use a newer leaklab"
                    : " is not one this leaklab reads (" + READERS.keySet() + ")"));
        }
        try {
            return reader.apply(tree);
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ": does not match run schema version " + version + " ("
                    + InputFiles.firstLine(e.getCause() instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")");
        }
    }

    private static RunResult readV1(JsonNode tree) {
        try {
            return ResultJson.mapper().treeToValue(tree, RunResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

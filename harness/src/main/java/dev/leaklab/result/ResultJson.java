package dev.leaklab.result;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Reads and writes {@code run.json}. Writes go to a temporary file first and are renamed into place. */
public final class ResultJson {

    public static final String FILE_NAME = "run.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // newer minor fields must not break old readers

    private ResultJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes atomically: a reader sees the old file or the new one, never half of one. */
    public static void write(Path file, Object value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        MAPPER.writeValue(tmp.toFile(), value);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Reads a run: a {@code run.json} or the run folder holding one. Every schema version written
     * so far reads; anything else is an {@link IllegalArgumentException} that names the file and the problem.
     */
    public static RunResult read(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file" + (Files.isDirectory(path) ? " (is this a run folder?)" : ""));
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (tree == null || !tree.isObject() || !RunResult.KIND.equals(tree.path("kind").asText())) {
            throw new IllegalArgumentException(file + ": not a leaklab run (no \"kind\": \"" + RunResult.KIND + "\")");
        }
        int version = tree.path("schemaVersion").asInt(-1);
        if (version != 1) {
            throw new IllegalArgumentException(file + ": schemaVersion " + version + " is not one this leaklab reads (1)");
        }
        try {
            return MAPPER.treeToValue(tree, RunResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": does not match schema version " + version + " (" + e.getOriginalMessage() + ")");
        }
    }
}

package dev.leaklab.result;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.leaklab.internal.io.AtomicFile;

/** Reads and writes {@code run.json}. Writes go to a temporary file first and are renamed into place. */
public final class ResultJson {

    public static final String FILE_NAME = "run.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // newer minor fields must not break old readers
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION); // a key twice: refused

    private ResultJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes atomically: a reader sees the old file or the new one, never half of one. */
    public static void write(Path file, Object value) throws IOException {
        AtomicFile.write(file, MAPPER.writeValueAsBytes(value));
    }
}

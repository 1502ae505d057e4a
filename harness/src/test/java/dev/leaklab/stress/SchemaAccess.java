package dev.leaklab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/** Validates a run.json against results/schema/run-v1.schema.json. */
public final class SchemaAccess {

    static final Path SCHEMA = Path.of("..", "results", "schema", "run-v1.schema.json");

    private SchemaAccess() {
    }

    public static void assertValid(Path runJson) throws IOException {
        assertThat(errors(runJson)).as("schema errors in %s", runJson).isEmpty();
    }

    /** What the schema finds wrong with the file, in words. */
    public static java.util.List<String> errors(Path runJson) throws IOException {
        var mapper = new ObjectMapper();
        var registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        var schema = registry.getSchema(mapper.readTree(SCHEMA.toFile()));
        return schema.validate(mapper.readTree(runJson.toFile())).stream().map(Object::toString).toList();
    }
}

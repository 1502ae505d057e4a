package dev.leaklab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The kept {@code leaklab leaks --format json} files of every schema version against their schema
 * in results/schema, and the report still draws each of them.
 */
public class LeaksSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Fails with the schema's errors unless {@code leaks} is valid against its version's schema. */
    public static void assertValid(JsonNode leaks) throws IOException {
        int version = leaks.path("schemaVersion").asInt();
        Path schemaFile = Path.of("..", "results", "schema", "thread-leaks-v" + version + ".schema.json");
        var schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(JSON.readTree(schemaFile.toFile()));
        assertThat(schema.validate(leaks)).as("errors against %s", schemaFile).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"leaks-platform.json, 1", "leaks-virtual.json, 1", "leaks-agent.json, 1", "leaks-proven.json, 1",
            "leaks-growing.json, 2"})
    void everyKeptVersionIsValidAndDrawn(String file, int version) throws Exception {
        JsonNode leaks = JSON.readTree(Fixtures.threads(file).toFile());
        assertThat(leaks.get("schemaVersion").asInt()).isEqualTo(version);
        assertValid(leaks);
        var report = DumpReport.leaks(leaks, file);
        assertThat(report.groups()).isNotEmpty();
    }

    @org.junit.jupiter.api.Test
    void schemaTwoSaysWhichGroupsGrowAndWhichAreSteady() throws Exception {
        var report = DumpReport.leaks(JSON.readTree(Fixtures.threads("leaks-growing.json").toFile()), "leaks-growing.json");
        var top = report.groups().get(0);
        assertThat(top.tone()).isEqualTo("bad");
        assertThat(top.tags()).extracting(DumpReport.Tag::text).contains("growing 46.8/s", "virtual");
        assertThat(report.groups()).filteredOn(g -> g.tone().equals("bad")).hasSize(2);
        assertThat(report.groups()).flatExtracting(DumpReport.Card::tags).extracting(DumpReport.Tag::text)
                .contains("steady", "the JDK's own");
        assertThat(report.facts()).anySatisfy(f -> assertThat(f.value()).contains("growing 58 threads in 2 groups",
                "steady 4 threads in 2 groups", "the JDK's own 5 threads"));
        assertThat(report.facts()).anySatisfy(f -> assertThat(f.value()).contains("50 of them proven, listed once"));
    }
}

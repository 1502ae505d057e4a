package dev.leaklab.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way an input can be wrong: one line on stderr that names the file and the problem, exit code 2. */
class MalformedInputTest {

    static final String GOOD_RUN = Cli.RES + "runs/killed1.run.json";
    static final String GOOD_JMH = Cli.RES + "synthetic/base.json";

    @TempDir
    Path tmp;

    /** Compares {@code bad} with a good file of the same kind and checks the one-line message. */
    static void assertBadInput(Cli r, String file, String problem) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("leaklab compare: ").contains(file).contains(problem).doesNotContain("\tat ");
    }

    Path write(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "empty.json         | ``                                             | empty file",
        "blank.json         | `   `                                          | empty file (only white space)",
        "garbage.json       | this is not json                               | not valid JSON at line 1, column 1 (Unrecognized token 'this'",
        "scalar.json        | 42                                             | neither a leaklab run (run.json), JMH's JSON (-rf json) nor a thread dump",
        "trailing.json      | `{\"kind\": \"leaklab-run\"} }`                | not valid JSON",
        "nokind.json        | `{\"schemaVersion\": 1, \"cells\": []}`        | neither a leaklab run (run.json), JMH's JSON (-rf json) nor a thread dump",
        "noversion.json     | `{\"kind\": \"leaklab-run\"}`                  | no integer schemaVersion",
        "future.json        | `{\"kind\": \"leaklab-run\", \"schemaVersion\": 2}` | schemaVersion 2 is newer than this leaklab reads (1); use a newer leaklab",
        "ancient.json       | `{\"kind\": \"leaklab-run\", \"schemaVersion\": 0}` | schemaVersion 0 is not one this leaklab reads ([1])",
        "nocells.json       | `{\"kind\": \"leaklab-run\", \"schemaVersion\": 1}` | no \"cells\" array",
        "emptyjmh.json      | []                                             | an empty JSON array: no JMH benchmarks in it",
        "numbers.json       | [1, 2]                                         | benchmark #1 is not a JSON object: not JMH results",
        "noprimary.json     | `[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\"}]` | benchmark #1 (a.B.c): no primaryMetric object",
        "nounit.json        | `[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\", \"primaryMetric\": {\"score\": 1}}]` | benchmark #1 (a.B.c): primaryMetric: no \"scoreUnit\" text",
        "nomode.json        | `[{\"benchmark\": \"a.B.c\", \"primaryMetric\": {}}]` | benchmark #1 (a.B.c): no \"mode\" text",
        "rawword.json       | `[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\", \"primaryMetric\": {\"scoreUnit\": \"ns/op\", \"rawData\": [[1, \"fast\"]]}}]` | primaryMetric.rawData holds \"fast\", not a number",
        "rawflat.json       | `[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\", \"primaryMetric\": {\"scoreUnit\": \"ns/op\", \"rawData\": 5}}]` | primaryMetric.rawData is 5, not an array",
        "secondary.json     | `[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\", \"primaryMetric\": {\"scoreUnit\": \"ns/op\", \"rawData\": [[1]]}, \"secondaryMetrics\": {\"gc\": 3}}]` | secondary metric 'gc' is not an object",
        "twice.json         | `[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\", \"primaryMetric\": {\"scoreUnit\": \"ns/op\", \"rawData\": [[1]]}}, {\"benchmark\": \"a.B.c\", \"mode\": \"avgt\", \"primaryMetric\": {\"scoreUnit\": \"ns/op\", \"rawData\": [[1]]}}]` | benchmark #2 (a.B.c): appears twice",
    })
    void malformedContent(String name, String content, String problem) throws IOException {
        Path bad = write(name, content == null ? "" : content);
        String other = content != null && content.strip().startsWith("[") ? GOOD_JMH : GOOD_RUN;
        assertBadInput(Cli.leaklab("compare", other, bad.toString()), bad.toString(), problem);
        // either side
        assertBadInput(Cli.leaklab("compare", bad.toString(), other), bad.toString(), problem);
    }

    @Test
    void aTruncatedRunSaysSo() throws IOException {
        String whole = Files.readString(Path.of(GOOD_RUN));
        Path cut = write("cut.run.json", whole.substring(0, whole.length() / 2));
        assertBadInput(Cli.leaklab("compare", GOOD_RUN, cut.toString()), cut.toString(),
                "truncated: the JSON ends early (at line ");
    }

    @Test
    void aTruncatedJmhFileSaysSo() throws IOException {
        String whole = Files.readString(Path.of(GOOD_JMH));
        Path cut = write("cut.jmh.json", whole.substring(0, 1000));
        assertBadInput(Cli.leaklab("compare", cut.toString(), GOOD_JMH), cut.toString(), "truncated: the JSON ends early");
    }

    @Test
    void aCellThatDoesNotMatchTheSchemaIsNamed() throws IOException {
        String whole = Files.readString(Path.of(GOOD_RUN));
        Path sideways = write("sideways.run.json", whole.replace("\"variant\" : \"LEAKY\"", "\"variant\" : \"SIDEWAYS\""));
        assertBadInput(Cli.leaklab("compare", GOOD_RUN, sideways.toString()), sideways.toString(),
                "does not match run schema version 1 (Cannot deserialize value of type `dev.leaklab.result.Variant` from String \"SIDEWAYS\"");
        Path noScenario = write("noscenario.run.json", whole.replace("\"scenario\" : \"send-without-receiver\",", ""));
        assertBadInput(Cli.leaklab("compare", noScenario.toString(), GOOD_RUN), noScenario.toString(),
                "cell #1 lacks one of scenario, variant, kind, ratePerSec, outcome, verdict");
    }

    @Test
    void missingFilesAndFoldersWithoutARun() throws IOException {
        String missing = tmp.resolve("nope.json").toString();
        assertBadInput(Cli.leaklab("compare", GOOD_RUN, missing), missing, "no such file or folder");
        Path empty = Files.createDirectory(tmp.resolve("emptyrun"));
        assertBadInput(Cli.leaklab("compare", empty.toString(), GOOD_RUN), empty.toString(),
                "a folder without run.json (name a run folder of 'leaklab stress', a run.json or a JMH JSON file)");
    }

    @Test
    void mixingKindsIsAClearError() {
        var r = Cli.leaklab("compare", GOOD_RUN, GOOD_JMH);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("leaklab compare: cannot compare leaklab run (" + GOOD_RUN
                + ") with JMH results (" + GOOD_JMH + "): give two of the same kind");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--alpha 0          | --alpha must be between 0 and 1, e.g. 0.05",
        "--alpha 1.5        | --alpha must be between 0 and 1, e.g. 0.05",
        "--alpha often      | Invalid value for option '--alpha'",
        "--threshold -5%    | --threshold '-5%' is not a percentage: write it as 5% or 0.5%",
        "--threshold lots   | --threshold 'lots' is not a percentage",
        "--fail-on sometimes | expected one of [REGRESSION, ANY]",
        "--format html      | expected one of [TEXT, MARKDOWN, JSON]",
    })
    void badOptions(String option, String problem) {
        String[] o = option.trim().split("\\s+");
        var r = Cli.leaklab("compare", GOOD_JMH, GOOD_JMH, o[0], o[1]);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(problem);
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void bothFilesAreRequired() {
        var r = Cli.leaklab("compare", GOOD_JMH);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter: 'NEW'");
    }
}

package dev.leaklab.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

import dev.leaklab.endpoint.Promtool;
import dev.leaklab.metrics.ThreadSeries;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** monitoring/leaklab-alerts.yml: well-formed Prometheus rules whose thresholds are the code's levels. */
class AlertRulesTest {

    static final Path RULES = Path.of("..", "monitoring", "leaklab-alerts.yml");
    static final Pattern DURATION = Pattern.compile("\\d+[smhdwy]");
    static final String APP = "sum without (kind) (" + ThreadSeries.prometheusName(ThreadSeries.APPLICATION, ThreadSeries.UNIT) + ")";
    static final String BASELINE = ThreadSeries.prometheusName(ThreadSeries.BASELINE, ThreadSeries.UNIT);

    @Test
    void everyLevelHasOneRuleWithTheCodesThreshold() throws Exception {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(RULES));
        var rules = new ArrayList<JsonNode>();
        root.get("groups").forEach(g -> {
            assertThat(g.path("name").asText()).isNotBlank();
            g.get("rules").forEach(rules::add);
        });

        var severities = new ArrayList<String>();
        for (JsonNode rule : rules) {
            assertThat(rule.path("alert").asText()).as("alert name").matches("[A-Za-z_][A-Za-z0-9_]*");
            assertThat(rule.path("expr").asText()).as("expr of " + rule.path("alert")).isNotBlank();
            assertThat(rule.path("for").asText()).as("for of " + rule.path("alert")).matches(DURATION);
            assertThat(rule.path("labels").path("severity").asText()).as("labels.severity of " + rule.path("alert")).isNotBlank();
            assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
            severities.add(rule.path("labels").path("severity").asText());
        }
        var levels = List.of(Level.WARNING, Level.CRITICAL, Level.EMERGENCY);
        assertThat(severities).containsExactlyElementsOf(levels.stream().map(l -> l.name().toLowerCase(Locale.ROOT)).toList());

        assertThat(rules.get(0).path("expr").asText()).isEqualTo(APP + " - " + BASELINE + " > " + Level.WARNING_ABOVE_BASELINE);
        assertThat(rules.get(1).path("expr").asText()).isEqualTo(APP + " - " + BASELINE + " > " + Level.CRITICAL_ABOVE_BASELINE);
        assertThat(rules.get(2).path("expr").asText()).isEqualTo(APP + " > " + Level.EMERGENCY_TOTAL);
        // strictly above, as LeakRule.level: at the threshold itself nothing fires
        assertThat(LeakRule.level(Level.WARNING_ABOVE_BASELINE, 0)).isEqualTo(Level.OK);
    }

    /**
     * Prometheus itself loads the rules and evaluates them over test series
     * (monitoring/leaklab-alerts.test.yml): nothing at exactly 100 above the baseline, WARNING at
     * 101 after 15 minutes, CRITICAL at 1,001 after 5, EMERGENCY at 10,001 in all after 1.
     */
    @Test
    void prometheusLoadsTheRulesAndTheyFireAtTheLevels() throws Exception {
        var promtool = Promtool.find();
        Assumptions.assumeTrue(promtool.isPresent(), "promtool is not on the PATH (Debian package prometheus)");
        var check = Promtool.run(promtool.get(), "", "check", "rules", RULES.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 3 rules found");
        var test = Promtool.run(promtool.get(), "", "test", "rules", RULES.resolveSibling("leaklab-alerts.test.yml").toString());
        assertThat(test.exitCode()).as(test.output()).isZero();
    }
}

package dev.leaklab.cli;

import java.util.Locale;
import java.util.concurrent.Callable;

import dev.leaklab.io.UserError;
import dev.leaklab.compare.Comparison;
import dev.leaklab.compare.Inputs;
import dev.leaklab.compare.ReportFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Compare two results, benchstat-style: leaklab runs or JMH JSON files.",
            "Give two run folders (or their run.json) or two JMH JSON files (-rf json); the",
            "kind is read from the content.",
            "",
            "Rows pair by benchmark, mode and params (JMH) or by scenario, variant, kind and",
            "rate (runs). Each side shows the median of its samples and a 95%% interval; then",
            "the change and the p-value of a two-sided Mann-Whitney U test on the samples:",
            "JMH's iterations across forks, or the cells of 'leaklab stress --repeat N'.",
            "'~' means no significant difference; 'need >=N' means too few samples for the",
            "test ever to reach --alpha. For runs, verdict changes (LEAKING, HEALTHY) and",
            "outcome changes (COMPLETED, CAPPED, CRASHED...) come first.",
            "",
            "Exit codes: 0 done; 1 --fail-on triggered; 2 bad input (a missing, truncated",
            "or malformed file, an unknown schema version, a run against a JMH file).",
            ""})
final class CompareCommand implements Callable<Integer> {

    enum FailOn {
        /** A significant change beyond --threshold in the bad direction, or a worse verdict or outcome. */
        REGRESSION,
        /** Any significant change beyond --threshold either way, or any verdict or outcome change. */
        ANY
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASE", description = "The baseline: a run folder, a run.json, or a JMH JSON file.")
    String base;

    @Parameters(index = "1", paramLabel = "NEW", description = "What to compare with it, of the same kind.")
    String next;

    @Option(names = "--alpha", defaultValue = "0.05", paramLabel = "P",
            description = "Significance level of the two-sided test, between 0 and 1 (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--threshold", defaultValue = "5%", paramLabel = "PCT",
            description = "Changes smaller than this are not regressions, however significant, e.g. 5%% or 0.5%% (default: 5%%).")
    String threshold;

    @Option(names = "--fail-on", paramLabel = "regression|any",
            description = "Exit 1 on a regression (a significant change beyond --threshold for the worse: time/op, bytes,"
                    + " slopes, threads left behind, latency up; throughput down; or a worse verdict or outcome),"
                    + " or on any significant change or verdict/outcome change. Default: exit 0.")
    FailOn failOn;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|markdown|json",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Override
    public Integer call() {
        if (!(alpha > 0 && alpha < 1)) {
            throw new UserError("--alpha must be between 0 and 1, e.g. 0.05");
        }
        double thresholdPercent = percent(threshold);
        var report = Comparison.compare(Inputs.read(base), Inputs.read(next), alpha, thresholdPercent);
        String failOnName = failOn == null ? null : failOn.name().toLowerCase(Locale.ROOT);
        var out = spec.commandLine().getOut();
        out.print(format.render(report, failOnName));
        out.flush();
        if (failOn != null) {
            var hits = failOn == FailOn.REGRESSION ? report.regressions() : report.changes();
            if (!hits.isEmpty()) {
                spec.commandLine().getErr().println("leaklab compare: --fail-on " + failOnName + ": " + hits.size()
                        + (failOn == FailOn.REGRESSION ? " regression" : " change") + (hits.size() == 1 ? "" : "s"));
                return 1;
            }
        }
        return 0;
    }

    /** "5%", "5" and "0.5%" are percentages. */
    static double percent(String text) {
        String t = text.strip();
        if (t.endsWith("%")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        try {
            double v = Double.parseDouble(t);
            if (v >= 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError("--threshold '" + text + "' is not a percentage: write it as 5% or 0.5%");
    }
}

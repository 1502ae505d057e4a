package dev.leaklab.cli;

import dev.leaklab.io.UserError;

import dev.leaklab.internal.io.Printable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.leaklab.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Draw a stress run, a JMH result, a thread dump or a leak report as one self-contained report.html.",
            "",
            "Writes report.html (opens offline: every script, style and image inlined) and, for runs and JMH, a PNG per chart in charts/. Given two inputs of the same kind (BASE NEW), draws them side by side; two thread dumps, the growth between them.",
            "",
            "A run: live threads over time per scenario (leaky against fixed, platform and virtual, with the fitted slope), heap, RSS and native stacks over time, bytes per thread, and the flood's latency percentiles from the cells' .hlog files. JMH: each benchmark's score per parameter set as bars with error bars, platform beside virtual where there is a 'kind' parameter.",
            "",
            "A thread dump (jcmd PID Thread.dump_to_file -format=json, a text dump: jstack, Thread.print or a log with kill -3 dumps, LOG#N for the N-th; or 'leaklab dump --format json'): its stack groups, largest first, each opening to its stack, and a flame graph of every stack weighted by thread count (platform and virtual apart; search, click to zoom). Two dumps: the groups that changed, most grown first, and the flame graph coloured by growth. The JSON of 'leaklab leaks': proven leaks first when the agent found any, then where the leaked threads came from, with their creation chains.",
            "",
            "Examples:",
            "  leaklab report results/runs/20261128-004450",
            "  leaklab report results/jmh/20261128T010203Z.json -o /tmp/bench-report",
            "  leaklab report results/runs/BEFORE results/runs/AFTER",
            "  leaklab report threads.json",
            "  leaklab report base.json threads.json",
            "  leaklab report leaks.json -o /tmp/leaks.html"})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..2", paramLabel = "INPUT",
            description = "A run folder of 'leaklab stress' (or its run.json), a JMH JSON file (-rf json), a JSON thread dump"
                    + " (the JDK's or leaklab's) or the JSON of 'leaklab leaks'; two to compare: BASE NEW.")
    List<Path> inputs;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Folder for report.html and charts/ (default: the run folder; for a JMH file or a thread file X.json,"
                    + " X-report/ beside it; for two inputs, a folder beside or inside NEW named after BASE). For a thread"
                    + " file, a name ending in .html is the page itself.")
    Path out;

    @Override
    public Integer call() throws IOException {
        Reports.Made made = Reports.make(inputs, out);
        var w = spec.commandLine().getOut();
        w.println("Report: " + Printable.escape(made.html().toAbsolutePath().toString()));
        if (!made.charts().isEmpty()) {
            w.println("Charts: " + made.charts().size() + " PNG files in "
                    + Printable.escape(made.html().toAbsolutePath().resolveSibling(Reports.CHART_DIR).toString()));
        }
        made.replacedLinks().ifPresent(line -> spec.commandLine().getErr().println("leaklab report: " + line));
        return 0;
    }
}

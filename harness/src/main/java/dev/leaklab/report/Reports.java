package dev.leaklab.report;

import dev.leaklab.dump.ThreadDumps;
import dev.leaklab.input.RunJson;
import dev.leaklab.internal.io.FileNames;
import dev.leaklab.io.UserError;

import dev.leaklab.internal.io.Printable;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.leaklab.input.InputFiles;
import dev.leaklab.input.JmhResults;
import dev.leaklab.result.RunResult;

/**
 * Makes a report from files: a stress run (its folder or its run.json), a JMH JSON file, or two
 * of the same kind to compare. Writes {@code report.html} and {@code charts/<id>.png} into the
 * output folder. The thread tools' files (a thread dump, two to diff, a leak report) go to
 * {@link DumpInputs}, which writes {@code report.html} alone. Reading is strict and says what was wrong ({@link UserError});
 * nothing is written until every input has been read.
 */
public final class Reports {

    public static final String HTML = "report.html";
    public static final String CHART_DIR = "charts";

    private Reports() {
    }

    /**
     * What was written; {@code replacedLinks} is one line when symbolic links stood where the
     * report's own files go, and were replaced ({@link OwnFiles}).
     */
    public record Made(Path html, List<Path> charts, Optional<String> replacedLinks) { }

    /** A report's input, read. */
    public sealed interface Input permits RunInput, JmhInput, ThreadInput {
        Path path();
    }

    /** A stress run; {@code dir} is its folder, where the cells' .hlog paths start. */
    public record RunInput(Path path, Path dir, RunResult run) implements Input { }

    public record JmhInput(Path path, JmhResults jmh) implements Input { }

    /** A thread dump (the JDK's or leaklab's grouped one) or a leak report; read when the report is made, as a dump is large. */
    record ThreadInput(Path path, Path file, DumpInputs.Kind kind) implements Input { }

    public static Input read(Path path) {
        if (!Files.exists(path) && ThreadDumps.source(path.toString()) instanceof ThreadDumps.DumpFile f && f.dump() > 0) {
            Path log = InputFiles.resolve(f.path()); // app.log#2: the second text dump in app.log
            if (InputFiles.kind(log) != dev.leaklab.input.InputKind.THREAD_DUMP) {
                throw new UserError(path + ": " + f.path() + " holds no thread dump to pick #" + f.dump() + " from");
            }
            return new ThreadInput(path, path, DumpInputs.Kind.DUMP);
        }
        Path file = InputFiles.resolve(path);
        return switch (InputFiles.kind(file)) {
            case LEAKLAB_RUN -> new RunInput(path, file.toAbsolutePath().getParent(), RunJson.read(file));
            case JMH -> new JmhInput(path, JmhResults.of(path, InputFiles.json(file)));
            case THREAD_DUMP, LEAKLAB_THREADS -> new ThreadInput(path, file, DumpInputs.sniff(file).orElseThrow(
                    () -> new UserError(path + ": neither a thread dump nor a leak report")));
        };
    }

    /**
     * Where a report goes when no folder is given: a run's report into the run folder; a JMH file's
     * into a folder beside it named after it ({@code 2026…Z.json} → {@code 2026…Z-report/}); a
     * comparison beside or inside the newer input, named after both.
     */
    public static Path defaultOut(List<Input> inputs) {
        Input last = inputs.getLast();
        if (inputs.size() == 1) {
            return switch (last) {
                case RunInput r -> r.dir();
                case JmhInput j -> sibling(j.path(), stem(j.path()) + "-report");
                case ThreadInput t -> sibling(t.path(), stem(t.path()) + "-report");
            };
        }
        String base = stem(inputs.getFirst() instanceof RunInput r ? r.dir() : inputs.getFirst().path());
        return switch (last) {
            case RunInput r -> r.dir().resolve("compare-" + base);
            case JmhInput j -> sibling(j.path(), stem(j.path()) + "-vs-" + base + "-report");
            case ThreadInput t -> sibling(t.path(), stem(t.path()) + "-vs-" + base + "-report");
        };
    }

    /** Reads the inputs (one, or BASE and NEW of the same kind) and writes the report into {@code out}. */
    public static Made make(List<Path> paths, Path out) throws IOException {
        if (paths.isEmpty() || paths.size() > 2) {
            throw new UserError("give one input, or two to compare (BASE NEW)");
        }
        var inputs = new ArrayList<Input>();
        for (Path p : paths) {
            inputs.add(read(p));
        }
        if (inputs.stream().anyMatch(i -> i instanceof ThreadInput)) {
            if (!inputs.stream().allMatch(i -> i instanceof ThreadInput)) {
                throw new UserError("cannot compare a thread dump with a stress run or a JMH file: give two dumps");
            }
            var threads = inputs.stream().map(i -> (ThreadInput) i).toList();
            return DumpInputs.make(threads.stream().map(ThreadInput::file).toList(),
                    threads.stream().map(ThreadInput::kind).toList(), out, defaultOut(inputs));
        }
        Page report;
        if (inputs.size() == 1) {
            report = switch (inputs.getFirst()) {
                case RunInput r -> RunReport.of(r.run(), r.dir());
                case JmhInput j -> JmhReport.of(j.jmh());
                case ThreadInput t -> throw new AssertionError(t); // made above
            };
        } else if (inputs.get(0) instanceof RunInput a && inputs.get(1) instanceof RunInput b) {
            report = CompareReport.runs(a.run(), a.dir(), b.run(), b.dir());
        } else if (inputs.get(0) instanceof JmhInput a && inputs.get(1) instanceof JmhInput b) {
            report = CompareReport.jmh(a.jmh(), b.jmh());
        } else {
            throw new UserError("cannot compare a stress run with a JMH file: give two runs or two JMH files");
        }
        if (out != null) {
            return write(report, out, new OwnFiles(out));
        }
        // a folder named after the inputs is the report's own too; a run's own folder is the one the user named
        Path dir = defaultOut(inputs);
        var own = new OwnFiles(dir);
        if (!(inputs.size() == 1 && inputs.getFirst() instanceof RunInput)) {
            own.folder(dir);
        }
        return write(report, dir, own);
    }

    /**
     * For the end of {@code leaklab stress}: makes the run's report and prints where it is, or
     * prints one line saying why not. Never throws: run.json is written already and must not be
     * lost to a chart (an AWT or font problem is an Error, so Errors are caught too).
     */
    public static Optional<Made> makeAfterRun(Path runDir, PrintWriter out) {
        try {
            Made made = make(List.of(runDir), runDir);
            out.println("Report: " + Printable.escape(made.html().toAbsolutePath().toString()) + " (charts: " + made.charts().size()
                    + " PNG files in " + Printable.escape(made.html().toAbsolutePath().resolveSibling(CHART_DIR).toString()) + ")");
            made.replacedLinks().ifPresent(line -> out.println("Report: " + line));
            return Optional.of(made);
        } catch (Exception | Error e) {
            out.println("Report: not made (" + Printable.escape(String.valueOf(e)) + "); the run is kept, make it later with: leaklab report "
                    + Printable.escape(runDir.toAbsolutePath().toString()));
            return Optional.empty();
        }
    }

    /** Writes {@code report.html} and {@code charts/} into {@code out}; links at those names are replaced, never followed. */
    public static Made write(Page report, Path out) throws IOException {
        return write(report, out, new OwnFiles(out));
    }

    private static Made write(Page report, Path out, OwnFiles own) throws IOException {
        Files.createDirectories(out);
        Path charts = own.folder(out.resolve(CHART_DIR));
        var pngs = new ArrayList<Path>();
        for (Chart c : report.charts()) {
            Path png = own.png(FileNames.inside(charts, FileNames.safe(c.id()) + ".png"));
            PngCharts.write(c, png);
            pngs.add(png);
        }
        Path html = own.file(out.resolve(HTML));
        HtmlReport.write(report, html, CHART_DIR);
        return new Made(html, List.copyOf(pngs), own.note());
    }

    private static Path sibling(Path file, String name) {
        Path parent = file.toAbsolutePath().getParent();
        return parent.resolve(name);
    }

    private static String stem(Path p) {
        Path name = p.toAbsolutePath().normalize().getFileName();
        String s = name == null ? "input" : name.toString().replace('#', '-'); // app.log#2: '#' would end a file: URL
        return s.endsWith(".json") ? s.substring(0, s.length() - 5) : s;
    }
}

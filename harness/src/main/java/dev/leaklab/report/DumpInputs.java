package dev.leaklab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;

import dev.leaklab.dump.ThreadDumps;
import dev.leaklab.input.InputFiles;
import dev.leaklab.internal.io.AtomicFile;
import dev.leaklab.io.UserError;
import dev.leaklab.profile.ProfileDiff;
import dev.leaklab.profile.ThreadProfile;

/**
 * The thread tools' files a report is made from: a JDK JSON thread dump
 * ({@code jcmd PID Thread.dump_to_file -format=json}), a text one ({@code jstack}, a log with
 * {@code kill -3} dumps, {@code app.log#2} for one of them), leaklab's grouped dump
 * ({@code leaklab dump --format json}), or the JSON of {@code leaklab leaks}. One dump gives a
 * dump report, two a diff, a leak report a leak report. Only the first field is read to tell them
 * apart, so a 120 MB dump is streamed once, by the grouping, and never held.
 */
final class DumpInputs {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** What a file holds. */
    enum Kind { DUMP, LEAKS }

    private DumpInputs() {
    }

    /** The kind of a thread-tool file; empty for anything else (a run, JMH's JSON), which other readers take. */
    static Optional<Kind> sniff(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (JsonParser p = JSON.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME) {
                return Optional.empty();
            }
            switch (p.currentName()) {
                case "threadDump" -> {
                    return Optional.of(Kind.DUMP);
                }
                case ThreadDumps.GROUPED_MARKER -> {
                    p.nextToken();
                    return switch (p.getValueAsString("")) {
                        case "thread-profile" -> Optional.of(Kind.DUMP);
                        case "thread-leaks" -> Optional.of(Kind.LEAKS);
                        case "thread-diff" -> throw new UserError(file + ": a diff's JSON has no stacks to draw; give"
                                + " the two dumps instead: leaklab report BASE.json NEW.json");
                        case "thread-list" -> throw new UserError(file + ": a thread list (dump --threads); give the"
                                + " JDK's dump or 'leaklab dump --format json' output instead");
                        default -> throw new UserError(file + ": a leaklab file of kind \"" + p.getValueAsString("")
                                + "\", which report does not draw");
                    };
                }
                default -> {
                    return Optional.empty();
                }
            }
        } catch (StreamReadException e) {
            // not JSON: a text thread dump, or something the caller's message names
            return ThreadDumps.holdsTextDump(file) ? Optional.of(Kind.DUMP) : Optional.empty();
        } catch (IOException e) {
            throw new UserError(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * Reads one thread-tool file (or two dumps, BASE NEW) and makes its report. Everything is read
     * before anything is written.
     */
    static DumpReport read(List<Path> paths, List<Kind> kinds) throws IOException {
        if (paths.size() == 1) {
            Path p = paths.getFirst();
            return switch (kinds.getFirst()) {
                case DUMP -> DumpReport.dump(ThreadProfile.of(source(p)), p.toString());
                case LEAKS -> DumpReport.leaks(InputFiles.json(p), p.toString());
            };
        }
        if (kinds.stream().allMatch(k -> k == Kind.DUMP)) {
            var base = ThreadProfile.of(source(paths.get(0)));
            var next = ThreadProfile.of(source(paths.get(1)));
            return DumpReport.diff(ProfileDiff.of(base, next), paths.get(0).toString(), paths.get(1).toString());
        }
        throw new UserError("to compare, give two thread dumps (BASE NEW); a leak report is drawn on its own");
    }

    /** The file, or one text dump in it ({@code app.log#2}: no file has that name, {@link Reports#read} checked). */
    private static ThreadDumps.Source source(Path p) {
        return Files.exists(p) ? new ThreadDumps.DumpFile(p) : ThreadDumps.source(p.toString());
    }

    /**
     * Where the page goes: {@code out} itself when it names an .html file, else {@code report.html}
     * in the folder {@code out}; without {@code out}, in {@code defaultDir} (see {@link Reports#defaultOut}:
     * a folder beside the newer input named after the inputs, as for a JMH file:
     * {@code threads.json} → {@code threads-report/report.html}).
     */
    static Path target(Path out, Path defaultDir) {
        if (out != null) {
            return out.getFileName() != null && out.getFileName().toString().endsWith(".html") ? out : out.resolve(Reports.HTML);
        }
        return defaultDir.resolve(Reports.HTML);
    }

    /**
     * Reads, then writes: the whole job of {@code leaklab report} for thread-tool files. A page the
     * user named ({@code -o page.html}) is written as a shell's {@code >} would, through a link; a
     * {@code report.html} (and a folder) the report names itself replaces a link found there.
     */
    static Reports.Made make(List<Path> paths, List<Kind> kinds, Path out, Path defaultDir) throws IOException {
        DumpReport report = read(paths, kinds);
        Path html = target(out, defaultDir);
        Path dir = html.toAbsolutePath().getParent();
        var own = new OwnFiles(dir);
        if (html.equals(out)) {
            Files.createDirectories(dir);
            DumpReportHtml.write(report, html, AtomicFile.Links.FOLLOW);
        } else {
            if (out == null) {
                own.folder(dir); // X-report/, named after the input
            } else {
                Files.createDirectories(dir);
            }
            DumpReportHtml.write(report, own.file(html), AtomicFile.Links.REPLACE);
        }
        return new Reports.Made(html, List.of(), own.note());
    }
}

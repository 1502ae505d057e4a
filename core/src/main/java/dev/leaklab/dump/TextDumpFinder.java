package dev.leaklab.dump;

import dev.leaklab.io.UserError;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds HotSpot text thread dumps in a text: a {@code jstack}/{@code Thread.print} file holds one;
 * a log that caught {@code kill -3} several times holds one per signal among its other lines. Each
 * starts with a {@code Full thread dump ...} line (after a time line, and in jcmd's output a
 * {@code PID:} line) and ends before the heap summary {@code kill -3} prints next, or at the first
 * line that no dump has. Dumps are numbered from 1 in the order they appear. A log that puts its own
 * prefix before every line ({@code journalctl}'s {@code Dec 03 13:21:23 host java[812]: }, {@code
 * docker logs -t}'s time) is read too: the text before {@code Full thread dump} is taken off as many
 * characters of each line of that dump.
 */
final class TextDumpFinder {

    /** The line HotSpot prints before each dump, in the target's local time: {@code 2026-12-03 13:15:55}. */
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
    /** jcmd's first line, the target's pid: {@code 19434:}. */
    private static final Pattern PID = Pattern.compile("(\\d{1,10}):");
    /** A dump's first line after a log's prefix: {@code Full thread dump VM NAME (VERSION INFO):}. */
    private static final Pattern PREFIXED_START = Pattern.compile(Pattern.quote(TextThreadDump.START) + ".+\\(.+\\):\\s*");
    /** Longer than any log prefix: past it, "Full thread dump" is a log message's words. */
    private static final int MAX_PREFIX = 120;

    private TextDumpFinder() {
    }

    /**
     * Whether each dump in the text is complete, in order: its size is how many dumps the text holds.
     * A complete dump reaches its {@code JNI global refs} line; one cut short (a log rotated mid-dump,
     * a paste that stopped early) does not.
     */
    static List<Boolean> scan(BufferedReader in) throws IOException {
        var complete = new ArrayList<Boolean>();
        TextThreadDump dump = null;
        int prefix = 0;
        for (String line; (line = in.readLine()) != null; ) {
            if (dump != null && !dump.line(strip(line, prefix))) {
                complete.add(dump.complete());
                dump = null;
            }
            if (dump == null && (prefix = prefix(line)) >= 0) {
                dump = new TextThreadDump(DumpHeader.UNKNOWN, t -> { });
            }
        }
        if (dump != null) {
            complete.add(dump.complete());
        }
        return complete;
    }

    /**
     * Streams dump number {@code which} (from 1) of the text to the visitor.
     *
     * @param pid  the process id to report when the text does not say (a live target), or null
     * @param note what the header's note says besides that a text dump lists platform threads only
     * @return false when the text has fewer dumps
     */
    static boolean visit(BufferedReader in, int which, String pid, String note, String what, DumpVisitor visitor)
            throws IOException {
        String before = null, beforeThat = null;
        int n = 0;
        for (String line; (line = in.readLine()) != null; ) {
            int prefix = prefix(line);
            if (prefix >= 0 && ++n == which) {
                before = strip(before, prefix);
                beforeThat = strip(beforeThat, prefix);
                String time = before != null && TIME.matcher(before).matches() ? before : "?";
                String id = pid;
                var m = PID.matcher(time.equals("?") ? String.valueOf(before) : String.valueOf(beforeThat));
                if (id == null) {
                    id = m.matches() ? m.group(1) : "?";
                }
                var header = new DumpHeader(id, TextThreadDump.version(line), time, TextThreadDump.PLATFORM_ONLY);
                if (note != null) {
                    header = header.withNote(note);
                }
                read(in, prefix, header, what, visitor);
                return true;
            }
            beforeThat = before;
            before = line;
        }
        return false;
    }

    /** Where a dump's first line starts: 0, or after a log's prefix; -1 when it is not one. */
    static int prefix(String line) {
        if (line.startsWith(TextThreadDump.START)) {
            return 0;
        }
        int at = line.indexOf(TextThreadDump.START);
        if (at < 0 || at > MAX_PREFIX) {
            return -1;
        }
        return PREFIXED_START.matcher(line).region(at, line.length()).matches() ? at : -1;
    }

    private static String strip(String line, int prefix) {
        if (line == null || prefix <= 0) {
            return line;
        }
        return line.length() <= prefix ? "" : line.substring(prefix);
    }

    private static void read(BufferedReader in, int prefix, DumpHeader header, String what, DumpVisitor visitor)
            throws IOException {
        var dump = new TextThreadDump(header, visitor);
        for (String line; (line = in.readLine()) != null; ) {
            if (!dump.line(strip(line, prefix))) {
                break;
            }
        }
        dump.end();
        if (dump.threads() == 0) {
            throw new UserError(what + " has a 'Full thread dump' line but no Java thread after it:"
                    + " cut short, or only its first line was copied");
        }
    }
}

package dev.leaklab.io;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * A result of leaklab's thread tools that writes itself in their two output formats: text for
 * people and JSON for machines. A grouped dump ({@code ThreadProfile}), the diff of two
 * ({@code ProfileDiff}) and the leaks in a recording ({@code RecordingLeaks.Findings}) are the
 * three; whatever writes them needs to know no more than this.
 */
public interface Writable {

    /** The result as text, for a terminal or a file. */
    void writeText(PrintWriter out);

    /** The result as JSON, with its {@code schemaVersion}. */
    void writeJson(Writer out) throws IOException;
}

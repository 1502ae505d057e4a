package dev.leaklab.dump;

import dev.leaklab.internal.io.Printable;

/**
 * Where a thread dump came from: the JDK writes the first three fields before any thread.
 *
 * @param note what this dump cannot show or which of several it is, in one line (a text dump has no
 *             virtual threads; JDK 21's JSON has no thread states); null when it shows everything
 */
public record DumpHeader(String processId, String runtimeVersion, String time, String note) {
    public static final DumpHeader UNKNOWN = new DumpHeader("?", "?", "?");

    public DumpHeader(String processId, String runtimeVersion, String time) {
        this(processId, runtimeVersion, time, null);
    }

    /** The same header with {@code more} added to its note. */
    public DumpHeader withNote(String more) {
        return new DumpHeader(processId, runtimeVersion, time, note == null ? more : note + "; " + more);
    }

    /** The note as a line of its own ({@code note: ...}), or nothing. */
    public String noteLine() {
        return note == null ? "" : "note: " + Printable.escape(note) + System.lineSeparator();
    }

    /** One line, e.g. {@code pid 7431 · JDK 25.0.3+9-LTS · 2026-11-28T00:39:12.345Z}. */
    public String describe() {
        return "pid " + Printable.escape(processId) + " · JDK " + Printable.escape(runtimeVersion) + " · "
                + Printable.escape(time);
    }
}

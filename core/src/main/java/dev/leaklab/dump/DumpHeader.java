package dev.leaklab.dump;

import dev.leaklab.internal.io.Printable;

/** Where a thread dump came from: the JDK writes these three fields before any thread. */
public record DumpHeader(String processId, String runtimeVersion, String time) {
    public static final DumpHeader UNKNOWN = new DumpHeader("?", "?", "?");

    /** One line, e.g. {@code pid 7431 · JDK 25.0.3+9-LTS · 2026-11-28T00:39:12.345Z}. */
    public String describe() {
        return "pid " + Printable.escape(processId) + " · JDK " + Printable.escape(runtimeVersion) + " · "
                + Printable.escape(time);
    }
}

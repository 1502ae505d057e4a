package dev.leaklab.dump;

import java.io.IOException;

import dev.leaklab.internal.dump.GroupedJson;

import dev.leaklab.io.UserError;

/** Receives a thread dump one thread at a time, so nothing holds the whole dump. */
public interface DumpVisitor {
    /** Called once, before the first thread. */
    default void header(DumpHeader header) {
    }

    void thread(DumpedThread thread);

    /**
     * Called instead of {@link #thread} for leaklab's grouped JSON ({@code leaklab dump --format
     * json}), positioned just past its {@value ThreadDumps#GROUPED_MARKER} field. It keeps counts
     * per stack, not threads, so only a visitor that groups can use it.
     */
    default void groupedDump(GroupedJson json) throws IOException {
        throw new UserError(json.what() + " is a grouped dump (leaklab dump --format json): it keeps"
                + " counts per stack, not threads; use the JDK's JSON dump for this");
    }
}

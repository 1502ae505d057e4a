package dev.leaklab.dump;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;

import dev.leaklab.io.UserError;

/** Receives a thread dump one thread at a time, so nothing holds the whole dump. */
public interface DumpVisitor {
    /** Called once, before the first thread. */
    default void header(DumpHeader header) {
    }

    void thread(DumpedThread thread);

    /**
     * Called instead of {@link #thread} for leaklab's grouped JSON ({@code leaklab dump --format
     * json}), with the parser just past its {@value ThreadDumps#GROUPED_MARKER} field. It keeps
     * counts per stack, not threads, so only a visitor that groups can use it.
     */
    default void groupedDump(JsonParser parser, String what) throws IOException {
        throw new UserError(what + " is a grouped dump (leaklab dump --format json): it keeps"
                + " counts per stack, not threads; use the JDK's JSON dump for this");
    }
}

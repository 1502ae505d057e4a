package dev.leaklab.origins;

import java.util.List;

/**
 * Who started a thread, as the leaklab agent saw it start: the new thread's id, kind and name,
 * the creating thread, the creator's stack at that moment (innermost first, bounded by the
 * agent's {@code depth}), the thread container (executor) it joined, and the scope it inherited.
 */
public record Origin(long threadId, boolean virtual, String name, long creatorId, String creatorName,
                     List<StackTraceElement> site, String container, String scope) {
}

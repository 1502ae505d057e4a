package dev.leaklab.dump;

import java.util.List;

/**
 * One thread of a JDK thread dump as it streams past.
 *
 * @param container the thread container's full name, e.g. {@code java.util.concurrent.ThreadPerTaskExecutor@38aeaeee};
 *                  the reader hands every thread of one container the same String instance
 * @param blocker   what it waits for, e.g. {@code parked on java.util.concurrent.SynchronousQueue$Transferer@5cda9dde},
 *                  or null
 * @param stack     top frame first, as {@link StackTraceElement#toString()} writes it
 */
public record DumpedThread(String tid, String name, boolean virtual, String state, String container, String blocker,
                           List<String> stack) {
}

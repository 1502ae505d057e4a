package dev.leaklab.profile;

import dev.leaklab.dump.Frames;

import java.util.List;

/**
 * Threads with an identical stack: the unit of the pprof {@code debug=1} view.
 *
 * @param containers thread-container kinds (identity hash removed) with their thread counts
 * @param containerInstances for each kind in {@code containers}, how many distinct containers the
 *                           threads were in (many executors with one thread each is a leak too)
 */
public record StackGroup(List<String> stack, int count, int platform, int virtual, List<Count> states,
                         List<Count> containers, List<Count> containerInstances, List<Count> blockers,
                         List<Count> names) {

    /** The first frame of application code from the top, or the top frame. */
    public String headline() {
        String f = Frames.topApplicationFrame(stack);
        return f != null ? f : stack.isEmpty() ? "(no Java frames)" : stack.get(0);
    }
}

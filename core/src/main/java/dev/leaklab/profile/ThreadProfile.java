package dev.leaklab.profile;

import java.util.List;

import dev.leaklab.dump.DumpHeader;
import dev.leaklab.dump.ThreadDumps;

/**
 * A thread dump reduced to its stack groups, largest first: the Go guide's goroutine profile.
 * Its size grows with the number of distinct stacks, not with the number of threads.
 */
public record ThreadProfile(DumpHeader header, int total, int platform, int virtual, List<StackGroup> groups) {

    /** The source's stack groups: counted from its threads, or read from a grouped file. */
    public static ThreadProfile of(ThreadDumps.Source source) {
        var groups = new StackGroups();
        ThreadDumps.visit(source, groups);
        return groups.profile();
    }
}

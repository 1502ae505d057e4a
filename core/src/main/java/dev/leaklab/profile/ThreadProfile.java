package dev.leaklab.profile;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

import dev.leaklab.dump.DumpHeader;
import dev.leaklab.dump.ThreadDumps;
import dev.leaklab.internal.profile.ProfileJson;
import dev.leaklab.io.Writable;

/**
 * A thread dump reduced to its stack groups, largest first: the Go guide's goroutine profile.
 * Its size grows with the number of distinct stacks, not with the number of threads.
 */
public record ThreadProfile(DumpHeader header, int total, int platform, int virtual, List<StackGroup> groups) implements Writable {

    /** The source's stack groups: counted from its threads, or read from a grouped file. */
    public static ThreadProfile of(ThreadDumps.Source source) {
        var groups = new StackGroups();
        ThreadDumps.visit(source, groups);
        return groups.profile();
    }

    @Override
    public void writeText(PrintWriter out) {
        ProfileText.write(this, out);
    }

    @Override
    public void writeJson(Writer out) throws IOException {
        ProfileJson.write(this, out);
    }
}

package dev.leaklab.threads;

import java.util.List;

/**
 * A thread dump reduced to its stack groups, largest first: the goroutine profile of the seed.
 * Its size grows with the number of distinct stacks, not with the number of threads.
 */
public record ThreadProfile(DumpHeader header, int total, int platform, int virtual, List<StackGroup> groups) {
}

package dev.leaklab.leaks;

import java.util.Arrays;

/**
 * The virtual threads a recording saw start and (so far) not end, when that start is all it says of
 * them (no agent's {@code ThreadCreated}): a million leaked virtual threads are a million of these.
 * One slot each in parallel arrays (id, name pattern, start, what the dump says), found through an
 * open-addressing table of ids: about 60 bytes a thread, where a {@code HashMap<Long, Object>} entry
 * with its objects took some 350 across the maps the analysis kept.
 */
final class VirtualStarts {

    private long[] ids = new long[1024];
    private String[] names = new String[1024];
    private long[] startNanos = new long[1024]; // since the epoch
    private String[] entries; // the task's entry in the dump, once read
    private String[] nowAt;   // the top application frame in the dump
    private boolean[] inDump;
    private boolean[] removed = new boolean[1024];
    private int slots, live;
    // open addressing, linear probing: slot + 1, 0 for an empty place
    private int[] table = new int[2048];

    int size() {
        return live;
    }

    /** The slot of {@code id}, or -1. */
    int slot(long id) {
        int mask = table.length - 1;
        for (int i = hash(id) & mask; ; i = (i + 1) & mask) {
            int s = table[i] - 1;
            if (s < 0) {
                return -1;
            }
            if (ids[s] == id && !removed[s]) {
                return s;
            }
        }
    }

    /** Adds a new thread, or updates a thread started twice (a chunk read twice). */
    void put(long id, String name, long epochNanos) {
        int s = slot(id);
        if (s < 0) {
            if (slots == ids.length) {
                grow(); // or compact: a flood of short threads ends most of what it starts
            }
            s = slots++;
            ids[s] = id;
            live++;
            if ((slots) * 2 > table.length) {
                rehash(table.length * 2);
            } else {
                insert(s);
            }
        }
        names[s] = name;
        startNanos[s] = epochNanos;
    }

    /** Forgets a thread (it ended, or the agent's event about it came): its slot stays, unused. */
    void remove(int slot) {
        removed[slot] = true;
        live--;
    }

    long id(int slot) {
        return ids[slot];
    }

    String name(int slot) {
        return names[slot];
    }

    long startNanos(int slot) {
        return startNanos[slot];
    }

    /** Room for what the dump says, once the recording is read. */
    void prepareForDump() {
        entries = new String[slots];
        nowAt = new String[slots];
        inDump = new boolean[slots];
    }

    void foundInDump(int slot, String entry, String top) {
        inDump[slot] = true;
        entries[slot] = entry;
        nowAt[slot] = top;
    }

    boolean inDump(int slot) {
        return inDump != null && inDump[slot];
    }

    String entry(int slot) {
        return entries == null ? null : entries[slot];
    }

    String nowAt(int slot) {
        return nowAt == null ? null : nowAt[slot];
    }

    /** The slots in use, by thread id. */
    int[] slotsById() {
        var order = new long[live];
        int n = 0;
        for (int s = 0; s < slots; s++) {
            if (!removed[s]) {
                order[n++] = ids[s];
            }
        }
        Arrays.sort(order);
        var result = new int[n];
        for (int i = 0; i < n; i++) {
            result[i] = slot(order[i]);
        }
        return result;
    }

    private void grow() {
        if (live * 2 < slots) { // most slots freed: move the live ones down instead
            int n = 0;
            for (int s = 0; s < slots; s++) {
                if (!removed[s]) {
                    ids[n] = ids[s];
                    names[n] = names[s];
                    startNanos[n] = startNanos[s];
                    n++;
                }
            }
            Arrays.fill(names, n, slots, null);
            Arrays.fill(removed, false);
            slots = n;
            rehash(table.length);
            return;
        }
        int n = ids.length * 2;
        ids = Arrays.copyOf(ids, n);
        names = Arrays.copyOf(names, n);
        startNanos = Arrays.copyOf(startNanos, n);
        removed = Arrays.copyOf(removed, n);
    }

    private void rehash(int size) {
        table = new int[size];
        for (int s = 0; s < slots; s++) {
            if (!removed[s]) {
                insert(s);
            }
        }
    }

    private void insert(int s) {
        int mask = table.length - 1;
        int i = hash(ids[s]) & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = s + 1;
    }

    private static int hash(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}

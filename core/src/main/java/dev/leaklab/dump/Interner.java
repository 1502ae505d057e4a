package dev.leaklab.dump;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One copy of each frame string and each stack, made straight from the parser's character buffer.
 * A dump of 100,000 threads has a million frame strings but only a few hundred distinct ones;
 * looking them up by their characters, without first making a String, saves most of the parse's
 * garbage. Memory grows with the distinct frames and stacks, not with the threads.
 */
final class Interner {

    /** Past these, strings and stacks are no longer kept: a dump of distinct stacks must not fill the heap. */
    static final int MAX_FRAMES = 100_000, MAX_STACKS = 20_000;

    // open addressing, power-of-two size; each string beside its characters, for a fast compare
    private String[] table = new String[1024];
    private char[][] chars = new char[1024][];
    private int size;
    private final Map<List<String>, List<String>> stacks = new HashMap<>();
    private final ArrayList<String> scratch = new ArrayList<>();

    String intern(char[] buf, int off, int len) {
        int mask = table.length - 1;
        for (int i = hash(buf, off, len) & mask; ; i = (i + 1) & mask) {
            char[] c = chars[i];
            if (c == null) {
                String s = new String(buf, off, len);
                if (size >= MAX_FRAMES) {
                    return s;
                }
                table[i] = s;
                chars[i] = s.toCharArray();
                if (++size * 2 > table.length) {
                    grow();
                }
                return s;
            }
            if (c.length == len && Arrays.equals(c, 0, len, buf, off, off + len)) {
                return table[i];
            }
        }
    }

    /** Starts collecting a new stack. */
    void beginStack() {
        scratch.clear();
    }

    void addFrame(String frame) {
        scratch.add(frame);
    }

    /** The collected stack as a shared, immutable list. */
    List<String> endStack() {
        List<String> seen = stacks.get(scratch);
        if (seen == null) {
            seen = List.copyOf(scratch);
            if (stacks.size() < MAX_STACKS) {
                stacks.put(seen, seen);
            }
        }
        return seen;
    }

    /**
     * Hashes the length and the last 32 characters: frames differ in their method, file and line,
     * all at the end, and equality is checked in full anyway. Cheaper than hashing every character.
     */
    private static int hash(char[] buf, int off, int len) {
        int h = len;
        for (int i = Math.max(off, off + len - 32); i < off + len; i++) {
            h = 31 * h + buf[i];
        }
        return h ^ (h >>> 16);
    }

    private void grow() {
        String[] oldTable = table;
        char[][] oldChars = chars;
        table = new String[oldTable.length * 2];
        chars = new char[oldTable.length * 2][];
        int mask = table.length - 1;
        for (int j = 0; j < oldChars.length; j++) {
            char[] c = oldChars[j];
            if (c != null) {
                int i = hash(c, 0, c.length) & mask;
                while (chars[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = oldTable[j];
                chars[i] = c;
            }
        }
    }
}

package dev.leaklab.threads;

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

    private String[] table = new String[1024]; // open addressing, power-of-two size
    private int size;
    private final Map<List<String>, List<String>> stacks = new HashMap<>();
    private final ArrayList<String> scratch = new ArrayList<>();

    String intern(char[] buf, int off, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + buf[off + i];
        }
        int mask = table.length - 1;
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            String s = table[i];
            if (s == null) {
                s = new String(buf, off, len);
                table[i] = s;
                if (++size * 2 > table.length) {
                    grow();
                }
                return s;
            }
            if (s.length() == len && s.hashCode() == h && sameChars(s, buf, off)) {
                return s;
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
            stacks.put(seen, seen);
        }
        return seen;
    }

    private static boolean sameChars(String s, char[] buf, int off) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != buf[off + i]) {
                return false;
            }
        }
        return true;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    private void grow() {
        String[] old = table;
        table = new String[old.length * 2];
        int mask = table.length - 1;
        for (String s : old) {
            if (s != null) {
                int i = spread(s.hashCode()) & mask;
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = s;
            }
        }
        Arrays.fill(old, null);
    }
}

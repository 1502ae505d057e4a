package dev.leaklab.internal.profile;

import dev.leaklab.profile.Count;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of a few distinct keys (states, name patterns, blockers), capped so a group's memory does
 * not grow with the number of its threads: keys past the cap are counted under {@link #OTHER}.
 */
public final class Tally {

    public static final String OTHER = "(other)";

    private final int cap;
    private final Map<String, int[]> counts = new LinkedHashMap<>();
    private int other;

    public Tally(int cap) {
        this.cap = cap;
    }

    public void add(String key, int n) {
        int[] c = counts.get(key);
        if (c == null) {
            if (counts.size() >= cap) {
                other += n;
                return;
            }
            counts.put(key, c = new int[1]);
        }
        c[0] += n;
    }

    /** Largest first; the overflow last. */
    public List<Count> sorted() {
        var list = new ArrayList<Count>();
        counts.forEach((k, c) -> list.add(new Count(k, c[0])));
        list.sort(Comparator.comparingInt(Count::n).reversed().thenComparing(Count::key));
        if (other > 0) {
            list.add(new Count(OTHER, other));
        }
        return List.copyOf(list);
    }
}

package dev.leaklab.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;

import org.junit.jupiter.api.Test;

/** The compact table of virtual threads known by their start only. */
class VirtualStartsTest {

    @Test
    void keepsEachThreadOnceAndForgetsEndedOnes() {
        var v = new VirtualStarts();
        for (long id = 1; id <= 5000; id++) {
            v.put(id * 7, "name-" + id, id);
        }
        v.put(7, "again", 99); // a start read twice
        assertThat(v.size()).isEqualTo(5000);
        assertThat(v.name(v.slot(7))).isEqualTo("again");
        assertThat(v.startNanos(v.slot(7))).isEqualTo(99);
        for (long id = 1; id <= 5000; id += 2) {
            v.remove(v.slot(id * 7));
        }
        assertThat(v.size()).isEqualTo(2500);
        assertThat(v.slot(7)).isEqualTo(-1);
        assertThat(v.slot(14)).isNotNegative();
        assertThat(v.slot(3)).isEqualTo(-1);
    }

    @Test
    void aFloodOfShortThreadsDoesNotGrowIt() {
        var v = new VirtualStarts();
        for (long id = 1; id <= 1_000_000; id++) {
            v.put(id, "n", id);
            if (id > 10) {
                v.remove(v.slot(id - 10)); // ten alive at a time
            }
        }
        assertThat(v.size()).isEqualTo(10);
        var ids = new ArrayList<Long>();
        for (int slot : v.slotsById()) {
            ids.add(v.id(slot));
        }
        assertThat(ids).containsExactly(999_991L, 999_992L, 999_993L, 999_994L, 999_995L, 999_996L, 999_997L, 999_998L,
                999_999L, 1_000_000L);
    }

    @Test
    void whatTheDumpSaysStaysWithItsThread() {
        var v = new VirtualStarts();
        v.put(42, "worker-N", 1);
        v.put(43, "worker-N", 2);
        v.prepareForDump();
        v.foundInDump(v.slot(42), "com.acme.Task.run(Task.java:9)", "com.acme.Task.run(Task.java:9)");
        assertThat(v.inDump(v.slot(42))).isTrue();
        assertThat(v.entry(v.slot(42))).isEqualTo("com.acme.Task.run(Task.java:9)");
        assertThat(v.inDump(v.slot(43))).isFalse();
        assertThat(v.entry(v.slot(43))).isNull();
    }
}

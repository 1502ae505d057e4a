package dev.leaklab.profile;

import dev.leaklab.dump.DumpHeader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.leaklab.profile.ProfileDiff.Mark;

class ProfileDiffTest {

    static StackGroup group(String frame, int count) {
        return new StackGroup(List.of(frame, "java.base/java.lang.Thread.run(Thread.java:1474)"), count, count, 0,
                List.of(new Count("WAITING", count)), List.of(new Count("<root>", count)), List.of(new Count("<root>", 1)),
                List.of(), List.of(new Count("t-N", count)));
    }

    static ThreadProfile profile(String time, StackGroup... groups) {
        int total = 0;
        for (StackGroup g : groups) {
            total += g.count();
        }
        return new ThreadProfile(new DumpHeader("1", "25", time), total, total, 0, List.of(groups));
    }

    @Test
    void sortsByGrowthAndMarksNewAndVanishedGroups() {
        var base = profile("2026-01-01T00:00:00Z", group("a.Leak.run(Leak.java:1)", 100), group("a.Steady.run(Steady.java:1)", 5),
                group("a.Gone.run(Gone.java:1)", 3), group("a.Shrink.run(Shrink.java:1)", 10));
        var next = profile("2026-01-01T00:00:30Z", group("a.Leak.run(Leak.java:1)", 600), group("a.Steady.run(Steady.java:1)", 5),
                group("a.Fresh.run(Fresh.java:1)", 12), group("a.Shrink.run(Shrink.java:1)", 4));
        var diff = ProfileDiff.of(base, next);
        assertThat(diff.changes()).extracting(c -> c.group().headline(), ProfileDiff.Change::growth, ProfileDiff.Change::mark)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a.Leak.run(Leak.java:1)", 500, Mark.GREW),
                        org.assertj.core.groups.Tuple.tuple("a.Fresh.run(Fresh.java:1)", 12, Mark.NEW),
                        org.assertj.core.groups.Tuple.tuple("a.Steady.run(Steady.java:1)", 0, Mark.SAME),
                        org.assertj.core.groups.Tuple.tuple("a.Gone.run(Gone.java:1)", -3, Mark.VANISHED),
                        org.assertj.core.groups.Tuple.tuple("a.Shrink.run(Shrink.java:1)", -6, Mark.SHRANK));
        assertThat(diff.elapsed()).hasSeconds(30);

        var out = new StringWriter();
        diff.writeText(new PrintWriter(out, true));
        assertThat(out.toString())
                .contains("change: +503 threads (platform +503, virtual +0)")
                .contains("+500 GREW (100 → 600) · 600 threads · platform · WAITING")
                .contains("+12 NEW (0 → 12)")
                .contains("-3 VANISHED (3 → 0)")
                .contains("1 unchanged stack group");
    }
}

package dev.leaklab.census;

import dev.leaklab.internal.census.VirtualThreads;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.leaklab.testing.ChildJvm;

/**
 * The README's one-liner in a JVM run without the flag: {@link LiveThreads#census()} falls back to
 * the thread groups' walk (platform threads) and says once, naming the flag, instead of throwing
 * {@code IllegalAccessError} into the embedder's JVM. On 17, where that walk is the whole count, it
 * says once that there are no virtual threads.
 */
class CensusWithoutFlagTest {

    @Test
    void withoutTheFlagTheCensusCountsPlatformThreadsAndSaysSoOnce() throws Exception {
        var child = ChildJvm.run(CensusWithoutFlagMain.class);
        String out = child.out(), err = child.err();
        assertThat(err).doesNotContain("IllegalAccessError", "Exception");
        List<String> lines = out.lines().toList();
        assertThat(lines).contains("PLATFORM 3", "VIRTUAL 0", "ALL 3");
        if (VirtualThreads.supported()) {
            assertThat(lines).contains("AVAILABLE false");
            assertThat(count(err, "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED")).as(err).isEqualTo(1);
        } else {
            assertThat(lines).contains("AVAILABLE true");
            assertThat(count(err, "has no virtual threads")).as(err).isEqualTo(1);
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}

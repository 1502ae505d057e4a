package dev.leaklab.endpoint;

import dev.leaklab.internal.census.VirtualThreads;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.leaklab.testing.ChildJvm;

/**
 * Without the flag (on 21+) the count page counts by a thread dump; its baseline is still the count when the
 * endpoint started, as its index page says, not the count at the first request: 150 threads leaked
 * between the start and the first request read as WARNING.
 */
class BaselineWithoutFlagTest {

    @Test
    void theBaselineIsTakenWhenTheEndpointStartsNotAtTheFirstRequest() throws Exception {
        String out = ChildJvm.run(BaselineWithoutFlagMain.class).out();
        // On 17 there are no virtual threads to hide: the census sees every thread without the flag.
        assertThat(out).as(out).contains(VirtualThreads.supported() ? "counted by thread dump" : "counted by census")
                .doesNotContain("first request");
        int total = Integer.parseInt(out.replaceAll("(?s).*\ntotal (\\d+)\n.*", "$1"));
        int baseline = Integer.parseInt(out.replaceAll("(?s).*\nbaseline (\\d+)\n.*", "$1"));
        assertThat(total - baseline).as(out).isGreaterThanOrEqualTo(150);
        assertThat(out).as(out).contains("\nlevel WARNING\n");
    }
}

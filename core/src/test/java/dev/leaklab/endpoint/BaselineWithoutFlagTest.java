package dev.leaklab.endpoint;

import dev.leaklab.internal.census.VirtualThreads;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Without the flag (on 21+) the count page counts by a thread dump; its baseline is still the count when the
 * endpoint started, as its index page says, not the count at the first request: 150 threads leaked
 * between the start and the first request read as WARNING.
 */
class BaselineWithoutFlagTest {

    @Test
    void theBaselineIsTakenWhenTheEndpointStartsNotAtTheFirstRequest() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        var child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                BaselineWithoutFlagMain.class.getName()).start();
        String out, err;
        try {
            child.getOutputStream().close();
            var stderr = child.getErrorStream();
            out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            err = new String(stderr.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as(err).isZero();
        // On 17 there are no virtual threads to hide: the census sees every thread without the flag.
        assertThat(out).as(out).contains(VirtualThreads.supported() ? "counted by thread dump" : "counted by census")
                .doesNotContain("first request");
        int total = Integer.parseInt(out.replaceAll("(?s).*\ntotal (\\d+)\n.*", "$1"));
        int baseline = Integer.parseInt(out.replaceAll("(?s).*\nbaseline (\\d+)\n.*", "$1"));
        assertThat(total - baseline).as(out).isGreaterThanOrEqualTo(150);
        assertThat(out).as(out).contains("\nlevel WARNING\n");
    }
}

package dev.leaklab.internal.dump;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A target's JDK told from its release file, without attaching to it. */
class ReleaseFeatureTest {

    @Test
    void thisJvmsReleaseFileNamesItsFeature() {
        // the JDK's images carry a release file; a JVM without procfs or one gives -1, and the caller attaches
        int feature = Targets.releaseFeature(ProcessHandle.current().pid());
        assertThat(feature).isIn(Runtime.version().feature(), -1);
    }

    @Test
    void noSuchProcessIsUnknown() {
        assertThat(Targets.releaseFeature(Integer.MAX_VALUE)).isEqualTo(-1);
    }

    @ParameterizedTest
    @CsvSource({"25.0.3, 25", "17, 17", "17.0.15, 17", "1.8.0_392, 8", "21-ea, 21", "abc, -1", "'', -1"})
    void versionsReadAsTheirFeature(String version, int feature) {
        assertThat(Targets.feature(version)).isEqualTo(feature);
    }
}

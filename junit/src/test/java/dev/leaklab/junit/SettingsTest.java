package dev.leaklab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.time.Duration;
import java.util.Map;

import dev.leaklab.check.LeakAction;
import dev.leaklab.check.ThreadLeaks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import dev.leaklab.junit.fixtures.Hierarchy;
import dev.leaklab.junit.fixtures.Leaky;

/** Settings merged along the class hierarchy, and refused when they cannot mean anything. */
class SettingsTest {

    @AfterEach
    void release() throws InterruptedException {
        Kit.release();
    }

    @Test
    void ignoreListsAddUpAndTheMostSpecificActionWins() throws Exception {
        var s = Settings.forMethod(Hierarchy.Sub.class, Hierarchy.Sub.class.getDeclaredMethod("methodWarnsOnly"));
        assertThat(s.options().ignoreNames()).containsExactly("base-.*", "sub-.*", "method-.*");
        assertThat(s.options().action()).isEqualTo(LeakAction.WARN);
        var c = Settings.forClass(Hierarchy.Sub.class);
        assertThat(c.options().ignoreNames()).containsExactly("base-.*", "sub-.*");
        assertThat(c.options().action()).isEqualTo(LeakAction.FAIL);
        assertThat(c.options().linger()).isEqualTo(Duration.ZERO); // Base says linger = "0"
        assertThat(Settings.forClass(SettingsTest.class).options().linger()).as("by default")
                .isEqualTo(ThreadLeaks.DEFAULT_LINGER).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.scope()).isEqualTo(LeakScope.TEST);
    }

    @Test
    void aNestedClassAddsToItsEnclosingClasses() {
        var s = Settings.forClass(Hierarchy.Sub.Inner.class);
        assertThat(s.options().ignoreNames()).containsExactly("base-.*", "sub-.*", "nested-.*");
    }

    @Test
    void theMergedSettingsDecideWhatFails() {
        var results = Kit.run(Hierarchy.Sub.class);
        assertThat(Kit.failures(results.testEvents())).hasSize(2)
                .allSatisfy(m -> assertThat(m).contains("names another"));
        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(2));
        assertThat(Kit.reportEntries(results, "leaklab.threadLeak")).singleElement().asString()
                .contains("Sub.methodWarnsOnly()").contains("names another").doesNotContain("method-1");
    }

    @Test
    void runWideSettingsComeFromConfigurationParametersUnderTheAnnotations() {
        var warned = Kit.run(Map.of("leaklab.threads.action", "warn"), selectMethod(Leaky.class, "leaksPlatformThread"));
        warned.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(Kit.reportEntries(warned, "leaklab.threadLeak")).hasSize(1);

        var ignored = Kit.run(Map.of("leaklab.threads.ignoreNames", "nothing-else, leaky-.*"),
                selectMethod(Leaky.class, "leaksPlatformThread"));
        ignored.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        // The method's annotation (INTERRUPT_THEN_FAIL) wins over the run's WARN.
        var annotated = Kit.run(Map.of("leaklab.threads.action", "WARN"), selectMethod(Leaky.class, "interruptedTake"));
        annotated.testEvents().assertStatistics(s -> s.failed(1));

        var bad = Kit.run(Map.of("leaklab.threads.action", "LOUD"), selectMethod(Leaky.class, "clean"));
        assertThat(Kit.failures(bad.containerEvents())).singleElement().asString()
                .isEqualTo("ExtensionConfigurationException: configuration parameter leaklab.threads.action=LOUD:"
                        + " expected FAIL, WARN or INTERRUPT_THEN_FAIL");
    }

    @CheckThreadLeaks(linger = "5")
    static class LingerWithoutUnit {
    }

    @CheckThreadLeaks(ignoreNames = "[unclosed")
    static class BadRegex {
    }

    @CheckThreadLeaks(linger = "PT-5S")
    static class NegativeLinger {
    }

    @Test
    void aSettingThatCannotMeanAnythingIsRefusedInOneLine() {
        assertThatThrownBy(() -> Settings.forClass(LingerWithoutUnit.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageEndingWith("linger = \"5\": '5' is not a duration: write it as 500ms, 10s, 2m or 1h");
        assertThatThrownBy(() -> Settings.forClass(BadRegex.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@CheckThreadLeaks ignoreNames: \"[unclosed\" is not a regular expression");
        assertThatThrownBy(() -> Settings.forClass(NegativeLinger.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageEndingWith("linger = \"PT-5S\": expected a duration of 0 or more");
    }
}

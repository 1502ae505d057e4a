package dev.leaklab.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.List;
import java.util.Map;

import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import dev.leaklab.junit.fixtures.Parked;

/** Runs fixture classes on the Jupiter engine in this JVM and reads what happened. */
final class Kit {

    private Kit() {
    }

    static EngineExecutionResults run(Class<?> fixture, String method) {
        return run(Map.of(), selectMethod(fixture, method));
    }

    static EngineExecutionResults run(Class<?> fixture) {
        return run(Map.of(), selectClass(fixture));
    }

    static EngineExecutionResults run(Map<String, String> parameters, DiscoverySelector... selectors) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectors).configurationParameters(parameters).execute();
    }

    /** The one failed test's message. */
    static String failure(EngineExecutionResults results) {
        List<String> messages = failures(results.testEvents());
        if (messages.size() != 1) {
            throw new AssertionError("expected one failed test, got " + messages.size() + ": " + messages);
        }
        return messages.get(0);
    }

    static List<String> failures(Events events) {
        return events.failed().stream().map(Kit::message).toList();
    }

    static String message(Event e) {
        Throwable t = e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    static List<String> reportEntries(EngineExecutionResults results, String key) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get(key))
                .filter(v -> v != null)
                .toList();
    }

    static void release() throws InterruptedException {
        Parked.releaseAll();
    }
}

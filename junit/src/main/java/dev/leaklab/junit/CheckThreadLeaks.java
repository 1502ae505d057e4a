package dev.leaklab.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.leaklab.check.LeakAction;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Checks a test class or method for leaked threads, and says how.
 *
 * <p>Settings are merged along the class hierarchy: for a method, the enclosing classes of a
 * {@code @Nested} class come first, then the superclasses from the top down, then the class, then
 * the method, all of them over the run's configuration parameters (the {@code *_PROPERTY_NAME}
 * constants below, e.g. in {@code junit-platform.properties}). Ignore lists add up; every other
 * setting is taken from the most specific place that sets it: {@code ""} and {@code DEFAULT} mean
 * "not set here", as in JUnit's own annotations. A setting is written the same way in an
 * annotation and in a configuration parameter ({@code linger = "2s"},
 * {@code leaklab.threads.linger=2s}).
 *
 * <pre>{@code
 * @CheckThreadLeaks(ignoreNames = "grpc-default-executor-\\d+", linger = "2s")
 * class ClientTest {
 *     @Test
 *     @CheckThreadLeaks(action = LeakAction.INTERRUPT_THEN_FAIL)
 *     void streams() { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(ThreadLeakExtension.class)
public @interface CheckThreadLeaks {

    /** Configuration parameter: {@link #ignoreSites()} for the whole run, separated by commas. */
    String IGNORE_SITES_PROPERTY_NAME = "leaklab.threads.ignoreSites";
    /** Configuration parameter: {@link #ignoreTopFrames()} for the whole run, separated by commas. */
    String IGNORE_TOP_FRAMES_PROPERTY_NAME = "leaklab.threads.ignoreTopFrames";
    /** Configuration parameter: {@link #ignoreNames()} for the whole run, separated by commas. */
    String IGNORE_NAMES_PROPERTY_NAME = "leaklab.threads.ignoreNames";
    /** Configuration parameter: {@link #ignoreCurrent()} for the whole run, {@code true} or {@code false}. */
    String IGNORE_CURRENT_PROPERTY_NAME = "leaklab.threads.ignoreCurrent";
    /** Configuration parameter: {@link #linger()} for the whole run, a duration such as {@code 500ms}. */
    String LINGER_PROPERTY_NAME = "leaklab.threads.linger";
    /** Configuration parameter: {@link #blameClassLifetime()} for the whole run, {@code true} or {@code false}. */
    String BLAME_CLASS_LIFETIME_PROPERTY_NAME = "leaklab.threads.blameClassLifetime";
    /**
     * Configuration parameter, run-wide only: a baseline file of known leaks ({@code <test> | <site>}
     * a line). A leak listed there only warns; a new one acts as {@link #action()} says; a listed
     * one that no longer leaks is reported at the end of the run. A missing file knows nothing.
     */
    String BASELINE_PROPERTY_NAME = "leaklab.threads.baseline";
    /**
     * Configuration parameter, run-wide only: {@code true} records this run's leaks in the
     * {@link #BASELINE_PROPERTY_NAME baseline} when the run ends (replacing the entries of the tests
     * that ran, keeping the others), and only warns meanwhile.
     */
    String BASELINE_RECORD_PROPERTY_NAME = "leaklab.threads.baseline.record";
    /**
     * Configuration parameter, run-wide only: the folder for the end-of-run summary
     * ({@code thread-leaks.txt}, {@code thread-leaks.json}); by default {@code target/leaklab}
     * (Maven) or {@code build/leaklab} (Gradle) when the folder the tests run in has one;
     * {@code none} writes no file.
     */
    String SUMMARY_DIR_PROPERTY_NAME = "leaklab.threads.summaryDir";
    /** Configuration parameter: {@link #scope()} for the whole run, {@code TEST} or {@code CLASS}. */
    String SCOPE_PROPERTY_NAME = "leaklab.threads.scope";
    /** Configuration parameter: {@link #action()} for the whole run, {@code FAIL}, {@code WARN} or {@code INTERRUPT_THEN_FAIL}. */
    String ACTION_PROPERTY_NAME = "leaklab.threads.action";

    /**
     * Ignore threads created from code whose {@code pkg.Class.method} starts with one of these
     * ({@code "com.zaxxer.hikari.pool"}), anywhere in the creating thread's stack. The creation
     * stack is known with the leaklab agent only; without it the thread's own stack stands in
     * (where its task began), and the failure message says so.
     */
    String[] ignoreSites() default {};

    /**
     * Ignore threads whose top frame, or top frame of non-JDK code, starts with one of these
     * ({@code "org.h2.util.CloseWatcher.run"}, {@code "java.lang.ref"}): goleak's
     * {@code IgnoreTopFunction}.
     */
    String[] ignoreTopFrames() default {};

    /** Ignore threads whose whole name matches one of these regular expressions. */
    String[] ignoreNames() default {};

    /**
     * {@code "true"} (the default) or {@code "false"}: whether threads that were alive before the
     * test are ignored. With {@code "false"} every live application thread fails the test, except
     * the test run's own (alive when leaklab first checked in this JVM, JUnit's workers, the
     * JVM's): goleak's {@code VerifyNone} without {@code IgnoreCurrent}. That is a whole-JVM
     * check: use it in serial suites.
     */
    String ignoreCurrent() default "";

    /**
     * How long leaked threads get to end by themselves, a duration ({@code "500ms"}, {@code "2s"},
     * {@code "0"}; default {@code "10s"}, {@code ThreadLeaks.DEFAULT_LINGER}): one deadline for all
     * of them, spent joining them, so a check ends as soon as the last one does and a clean test
     * pays nothing. Threads that end within it are not leaks: the report notes them ("ended
     * within 12 ms after ..."). A real leak costs the whole linger.
     */
    String linger() default "";

    /**
     * {@code "false"} (the default) or {@code "true"}: whether a thread started by a static
     * initializer counts as a leak of the test that first touched its class. By default it is
     * reported once as a class-lifetime thread (it lives as long as the class), not as a leak.
     * With the agent, a {@code <clinit>} frame in the creation stack tells; without it, only a task
     * that is a lambda of a static initializer does. To silence one, ignore its site:
     * {@code ignoreSites = "com.example.Pool$TimerHolder.<clinit>"}.
     */
    String blameClassLifetime() default "";

    /** Per test ({@link LeakScope#TEST}, the default) or per class. */
    LeakScope scope() default LeakScope.DEFAULT;

    /** Fail (the default), warn, or interrupt the leaked threads and then fail. */
    LeakAction action() default LeakAction.DEFAULT;
}

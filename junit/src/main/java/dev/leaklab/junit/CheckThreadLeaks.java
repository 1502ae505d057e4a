package dev.leaklab.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Checks a test class or method for leaked threads, and says how.
 *
 * <p>Settings are merged along the class hierarchy: for a method, the enclosing classes of a
 * {@code @Nested} class come first, then the superclasses from the top down, then the class, then
 * the method. Ignore lists add up; every other setting is taken from the most specific place that
 * sets it. The one-value settings are arrays only so that "not set" can be told from a value:
 * write {@code lingerMillis = 500}, not a list.
 *
 * <pre>{@code
 * @CheckThreadLeaks(ignoreNames = "grpc-default-executor-\\d+", lingerMillis = 2000)
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
     * Whether threads that were alive before the test are ignored (default {@code true}). With
     * {@code false} every live application thread fails the test, except the test run's own
     * (alive when leaklab first checked in this JVM, JUnit's workers, the JVM's): goleak's
     * {@code VerifyNone} without {@code IgnoreCurrent}. That is a whole-JVM check: use it in
     * serial suites.
     */
    boolean[] ignoreCurrent() default {};

    /**
     * How long leaked threads get to end by themselves, in milliseconds (default 0): one deadline
     * for all of them, spent joining them, so a check ends as soon as the last one does.
     */
    long[] lingerMillis() default {};

    /** Per test (default) or per class. */
    LeakScope[] scope() default {};

    /** Fail (default), warn, or interrupt the leaked threads and then fail. */
    LeakAction[] action() default {};
}

package dev.leaklab.junit;

/** What a check does with the threads it found leaked. */
public enum LeakAction {
    /** Fail the test (or class) with a {@link ThreadLeakError}. */
    FAIL,
    /** Report the leak (standard error and a JUnit report entry) and let the test pass. */
    WARN,
    /**
     * Interrupt the leaked threads, give them a moment to end, then fail: the test is still wrong,
     * but the threads it left parked in {@code take()} or {@code sleep} do not pile up in the JVM.
     */
    INTERRUPT_THEN_FAIL
}

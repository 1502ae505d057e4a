package dev.leaklab.check;

/** What a check does with the threads it found leaked. */
public enum LeakAction {
    /** Fail the test (or class) with a {@link ThreadLeakError}. */
    FAIL,
    /** Report the leak (a warning, and under JUnit a report entry) and let the test pass. */
    WARN,
    /**
     * Interrupt the leaked threads, give them a moment to end, then fail: the test is still wrong,
     * but the threads it left parked in {@code take()} or {@code sleep} do not pile up in the JVM.
     */
    INTERRUPT_THEN_FAIL,
    /**
     * Not set here: for a framework's annotation (JUnit's {@code @CheckThreadLeaks}), whose
     * enclosing setting or configuration then applies; a check given it fails, as with {@link #FAIL}.
     */
    DEFAULT
}

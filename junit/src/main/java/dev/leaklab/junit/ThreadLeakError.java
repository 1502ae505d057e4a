package dev.leaklab.junit;

/** A check found threads that outlived the code it watched; the message groups them by stack. */
public final class ThreadLeakError extends AssertionError {

    ThreadLeakError(String message) {
        super(message);
    }
}

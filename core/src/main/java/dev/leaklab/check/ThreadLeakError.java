package dev.leaklab.check;

/** A check found threads that outlived the code it watched; the message groups them by stack. */
public final class ThreadLeakError extends AssertionError {

    public ThreadLeakError(String message) {
        super(message);
    }
}

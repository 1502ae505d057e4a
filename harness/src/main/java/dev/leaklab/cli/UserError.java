package dev.leaklab.cli;

/** A problem the user can fix: reported as one line and exit code 2, never a stack trace. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message, null, false, false);
    }
}

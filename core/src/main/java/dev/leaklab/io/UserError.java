package dev.leaklab.io;

/**
 * A problem the user can fix: a file that cannot be read, a process that is gone, a bad option.
 * The message is one line that says what was wrong and what to do; the CLI prints it and exits
 * with code 2, never a stack trace. Line breaks in the message are folded into spaces.
 */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message.replaceAll("\\s*[\\r\\n]+\\s*", " "), null, false, false);
    }
}

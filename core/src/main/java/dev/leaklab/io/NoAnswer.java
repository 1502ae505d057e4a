package dev.leaklab.io;

/**
 * A target process that did not answer in time: stopped ({@code kill -STOP}, a debugger), or hung.
 * A {@link UserError} (one line, no stack trace), with an exit code of its own in the CLI, so that a
 * script can tell "try again later" from "wrong input".
 */
public final class NoAnswer extends UserError {
    public NoAnswer(String message) {
        super(message);
    }
}

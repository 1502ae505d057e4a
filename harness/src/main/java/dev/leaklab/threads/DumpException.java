package dev.leaklab.threads;

/**
 * A thread dump or recording that cannot be read or taken: no such process, a JVM that refuses
 * attach, an older dump format, a truncated file. The message is one line a user can act on.
 */
public final class DumpException extends Exception {
    public DumpException(String message) {
        super(message, null, false, false);
    }
}

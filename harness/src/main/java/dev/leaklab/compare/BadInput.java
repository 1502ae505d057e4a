package dev.leaklab.compare;

/** A file that cannot be compared: the message names the file and the problem, in one line. */
public final class BadInput extends RuntimeException {
    public BadInput(String message) {
        super(message.replaceAll("\\s*[\\r\\n]+\\s*", " "), null, false, false);
    }
}

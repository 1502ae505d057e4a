package dev.leaklab.input;

/** The kinds of file leaklab reads; the kind comes from the content, never from the name. */
public enum InputKind {
    LEAKLAB_RUN("leaklab run"),
    JMH("JMH results"),
    THREAD_DUMP("JDK thread dump"), // JSON or text
    LEAKLAB_THREADS("leaklab thread file");

    private final String label;

    InputKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

package dev.leaklab.compare;

/** The kinds of file compare reads; the kind is detected from the content, never from the name. */
public enum InputKind {
    LEAKLAB_RUN("leaklab run"),
    JMH("JMH results");

    private final String label;

    InputKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

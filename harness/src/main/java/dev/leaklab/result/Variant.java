package dev.leaklab.result;

/** Every scenario comes twice: the leak as people write it, and the idiomatic Java fix. */
public enum Variant {
    LEAKY, FIXED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

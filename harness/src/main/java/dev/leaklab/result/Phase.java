package dev.leaklab.result;

/**
 * The phases of a stress cell, in order. {@link #id} is how they are named in the recording's
 * phase events and in a result's {@code series.phaseStarts}; {@link #END} marks where the last
 * phase ended.
 */
public enum Phase {
    WARMUP, LOAD, STOP, IDLE, END;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.leaklab.compare;

/** Which way a metric improves. Decides whether a significant change is a regression. */
public enum Direction {
    LOWER("lower is better"),
    HIGHER("higher is better"),
    /** A metric we know nothing about (a custom JMH profiler's, say): changes are reported, never judged. */
    UNKNOWN("direction unknown");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

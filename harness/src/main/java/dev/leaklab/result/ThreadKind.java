package dev.leaklab.result;

import java.util.Locale;

/**
 * Which kind of thread a scenario's work runs on. The harness hands the scenario a builder made
 * here; scenario code never calls {@code new Thread}, so the same leak runs on either kind.
 */
public enum ThreadKind {
    PLATFORM, VIRTUAL;

    /** The builder a scenario's threads come from, named {@code leaklab-<scenario>-0, -1, ...}. */
    public Thread.Builder builder(String scenario) {
        String prefix = "leaklab-" + scenario + "-";
        return switch (this) {
            case PLATFORM -> Thread.ofPlatform().name(prefix, 0);
            case VIRTUAL -> Thread.ofVirtual().name(prefix, 0);
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

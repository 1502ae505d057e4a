package dev.leaklab.link;

import java.time.Duration;

import dev.leaklab.result.ThreadKind;
import dev.leaklab.result.Variant;

/**
 * Everything a child JVM needs to run one cell; the parent writes it as {@code cell-spec.json}
 * in the cell's folder and the child reads it back.
 *
 * @param flood settings of the flood when the scenario is unbounded-fan-out, else null
 * @param fault a fault the child plays for tests, else null
 * @param recording false when the child runs without leaklab's JFR recording (to measure what the
 *                  recording costs): it then takes no live-thread samples, and writes only its
 *                  phases and the flood's counts ({@value #PHASES_FILE}) beside its .hlog
 */
public record CellSpec(String id, String scenario, Variant variant, ThreadKind kind, double ratePerSec, int repeat,
                       long warmupMillis, long loadMillis, long idleMillis, long gcEveryMillis,
                       int platformThreadCap, FloodSpec flood, Fault fault, boolean recording) {

    /** The spec's file in the cell's folder. */
    public static final String FILE = "cell-spec.json";
    /**
     * The file a child creates in its folder once its {@code main} runs: the parent's deadline
     * counts from then, so a JVM slow to start (JFR's start-up alone took 19 s on a starved host)
     * is not taken for a hung one.
     */
    public static final String STARTED_FILE = "cell.started";
    /** The child's own account of its phases, written in its folder as it ends (with or without a recording). */
    public static final String PHASES_FILE = "phases.json";
    /**
     * Written by a held child (one the parent started ahead, {@code -Dleaklab.stress.hold=true}) once it is
     * told to go: the epoch ms at which it was ready and at which it went, so its wait is not taken for set-up.
     */
    public static final String HELD_FILE = "cell.held";
    /** Created by a held child as its idle tail begins: the parent may then start the next cell's JVM. */
    public static final String IDLE_FILE = "cell.idle";

    /** The flood's knobs, in JSON-friendly units. */
    public record FloodSpec(long serviceTimeMillis, double hangFraction, long callTimeoutMillis, int workers, int queue) { }

    /** Faults a child can be asked to play, so tests can see the parent record them. */
    public enum Fault {
        /** After the load phase, hang instead of finishing: the parent's deadline must end it. */
        HANG_AFTER_LOAD
    }

    public Duration planned() {
        return Duration.ofMillis(warmupMillis + loadMillis + idleMillis);
    }
}

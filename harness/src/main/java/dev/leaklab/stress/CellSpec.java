package dev.leaklab.stress;

import java.time.Duration;

import dev.leaklab.scenario.ThreadKind;
import dev.leaklab.scenario.UnboundedFanOut;
import dev.leaklab.scenario.Variant;

/**
 * Everything a child JVM needs to run one cell; the parent writes it as {@code cell-spec.json}
 * in the cell's folder and the child reads it back.
 *
 * @param flood settings of the flood when the scenario is unbounded-fan-out, else null
 * @param fault a fault the child plays for tests, else null
 */
public record CellSpec(String id, String scenario, Variant variant, ThreadKind kind, double ratePerSec, int repeat,
                       long warmupMillis, long loadMillis, long idleMillis, long gcEveryMillis,
                       int platformThreadCap, FloodSpec flood, Fault fault) {

    /** The flood's knobs, in JSON-friendly units. */
    public record FloodSpec(long serviceTimeMillis, double hangFraction, long callTimeoutMillis, int workers, int queue) {
        public UnboundedFanOut.Settings settings() {
            return new UnboundedFanOut.Settings(Duration.ofMillis(serviceTimeMillis), hangFraction,
                    Duration.ofMillis(callTimeoutMillis), workers, queue);
        }
    }

    /** Faults a child can be asked to play, so tests can see the parent record them. */
    public enum Fault {
        /** After the load phase, hang instead of finishing: the parent's deadline must end it. */
        HANG_AFTER_LOAD
    }

    public Duration planned() {
        return Duration.ofMillis(warmupMillis + loadMillis + idleMillis);
    }
}

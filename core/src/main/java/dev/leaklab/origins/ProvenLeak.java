package dev.leaklab.origins;

import java.time.Instant;
import java.util.List;

/**
 * Virtual threads started at {@code site} that the garbage collector collected while they were
 * still blocked: nothing could ever have woken them, so they could never run again. The agent's
 * proof mode finds them; the live registry and a JFR recording both report them so.
 *
 * @param stack the creator's stack, innermost first, where it was recorded (a JFR recording); else empty
 */
public record ProvenLeak(String site, long count, Instant first, Instant last, List<String> stack) {

    public ProvenLeak {
        stack = List.copyOf(stack);
    }
}

package dev.leaklab.origins;

import java.time.Instant;

/**
 * Virtual threads started at {@code site} that the garbage collector collected while they were
 * still blocked: nothing could ever have woken them, so they could never run again.
 */
public record ProvenLeak(String site, long count, Instant first, Instant last) {
}

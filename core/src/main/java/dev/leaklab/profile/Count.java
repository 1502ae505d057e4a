package dev.leaklab.profile;

/** One key (a state, a name pattern, a container kind) and how many threads have it. */
public record Count(String key, int n) {
}

package dev.leaklab.result;

/** How a cell's child JVM ended. A crash or a hang is a result to record, never a lost run. */
public enum Outcome {
    /** Ran every phase and exited normally. */
    COMPLETED,
    /** Stopped the load early at the host-safety thread cap, then finished normally. */
    CAPPED,
    /** An OutOfMemoryError: heap, or "unable to create native thread". */
    OOM,
    /** Died some other way: a signal (SIGKILL), a JVM crash, an unexpected exit code. */
    CRASHED,
    /** Outlived its deadline and was stopped by the parent. */
    TIMED_OUT
}

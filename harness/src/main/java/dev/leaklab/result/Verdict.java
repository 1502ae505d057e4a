package dev.leaklab.result;

/** What the recorded thread count says about a cell, after the Go guide's criteria. */
public enum Verdict {
    /** The count grew during load (slope's 95% CI above zero) and did not return to its baseline when idle. */
    LEAKING,
    /** The count returned to its baseline in the idle tail. */
    HEALTHY,
    /** Neither: too little data, no idle tail, or a count that stayed up without growing. */
    INCONCLUSIVE
}

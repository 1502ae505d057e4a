package dev.leaklab.result;

import java.util.List;
import java.util.Map;

/**
 * A stress run: the file {@code run.json} in the run folder, schema {@code results/schema/run-v1.schema.json}.
 * Written after every cell, atomically, so a run cut short is still a readable run ({@code complete} false).
 */
public record RunResult(int schemaVersion, String kind, String startedAt, String finishedAt, boolean complete,
                        Environment environment, Map<String, Object> config, List<CellResult> cells) {

    public static final int SCHEMA_VERSION = 1;
    public static final String KIND = "leaklab-run";

    /** Where the run happened: the JDK that ran the children, their flags, the machine and its limits. */
    public record Environment(String jdkVersion, String jdkVendor, String javaHome, List<String> childJvmFlags,
                              int cores, long memoryBytes, String os, String osVersion, String arch,
                              Map<String, Long> hostLimits) { }
}

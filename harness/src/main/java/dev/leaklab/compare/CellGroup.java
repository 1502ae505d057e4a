package dev.leaklab.compare;

import java.util.List;

/** The verdicts and outcomes of a run's cell, one entry per repeat (leaklab runs only). */
public record CellGroup(String id, String label, List<String> verdicts, List<String> outcomes) { }

package dev.leaklab.compare;

import dev.leaklab.input.InputKind;

import java.util.List;
import java.util.Map;

/**
 * One side of a comparison, whatever file it came from.
 *
 * @param source   the path as the user gave it
 * @param summary  one line about the file: what it holds, when, on which JDK
 * @param settings what the numbers depend on (JDK, flags, phases, forks...), flattened to strings, so
 *                 differences between the two sides can be shown
 * @param notes    things to say about this file (an incomplete run, NaN samples left out)
 */
public record Dataset(String source, InputKind kind, String summary, List<Series> series, List<CellGroup> groups,
                      Map<String, String> settings, List<String> notes) { }

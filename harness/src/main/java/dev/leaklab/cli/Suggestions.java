package dev.leaklab.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * "Did you mean" for a mistyped sub-command or option. picocli's own suggestions share letter pairs
 * or a two-letter prefix, so they miss the commonest typo, two letters swapped ({@code lsit}); the
 * closest names by edit distance (a swap counts as one edit) catch it; picocli's when none is close.
 */
final class Suggestions {

    private Suggestions() {
    }

    static List<String> of(CommandLine.ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return List.of();
        }
        String typed = u.getUnmatched().getFirst();
        var spec = e.getCommandLine().getCommandSpec();
        var names = new ArrayList<String>();
        if (typed.startsWith("-")) {
            typed = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
            spec.options().stream().filter(o -> !o.hidden()).forEach(o -> names.addAll(List.of(o.names())));
        } else {
            names.addAll(spec.subcommands().keySet());
        }
        var closest = closest(typed, names);
        return closest.isEmpty() ? u.getSuggestions() : closest;
    }

    /** The names at the smallest edit distance from {@code typed}, if that is at most a third of its length (at least 1). */
    static List<String> closest(String typed, Collection<String> names) {
        int limit = Math.max(1, typed.length() / 3), best = Integer.MAX_VALUE;
        var closest = new ArrayList<String>();
        for (String name : names) {
            int d = distance(typed, name);
            if (d > limit || d > best || d == 0) {
                continue;
            }
            if (d < best) {
                best = d;
                closest.clear();
            }
            closest.add(name);
        }
        return closest;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

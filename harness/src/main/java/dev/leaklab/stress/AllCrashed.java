package dev.leaklab.stress;

import java.util.List;
import java.util.Optional;

import dev.leaklab.internal.io.Printable;
import dev.leaklab.result.CellResult;
import dev.leaklab.result.Outcome;

/**
 * A run in which every cell crashed: no cell measured anything, so the run is not a result but a
 * problem to fix (a flag the child JVM refused, a path, the host). {@code cause} is the first cell's,
 * and {@code oneCause} says whether every cell's was the same once its own id is set aside.
 */
public record AllCrashed(int cells, String cause, boolean oneCause) {

    /** What the JVM prints after the line that says why it could not start. */
    private static final List<String> BOILERPLATE = List.of("Error: Could not create the Java Virtual Machine.",
            "Error: A fatal exception has occurred. Program will exit.", "Error occurred during initialization of VM");

    /** Present when there were cells and every one CRASHED. */
    public static Optional<AllCrashed> of(List<CellResult> cells) {
        if (cells.isEmpty() || !cells.stream().allMatch(c -> c.outcome() == Outcome.CRASHED)) {
            return Optional.empty();
        }
        String first = cause(cells.getFirst());
        boolean same = cells.stream().allMatch(c -> cause(c).equals(first));
        return Optional.of(new AllCrashed(cells.size(), first, same));
    }

    /** How a cell crashed: the exit, and the first line of its stderr that says something, its id replaced by {@code <cell>}. */
    static String cause(CellResult c) {
        String why = c.stderrTail() == null ? null : c.stderrTail().stream()
                .filter(l -> !l.isBlank() && !BOILERPLATE.contains(l.strip())).findFirst().orElse(null);
        String cause = c.outcomeDetail() + (why == null ? "" : ": " + why.strip());
        return c.id() == null || c.id().isEmpty() ? cause : cause.replace(c.id(), "<cell>");
    }

    /** The one line that says so. */
    public String line() {
        return "every cell crashed (" + cells + " of " + cells + ")" + (oneCause ? ", all for one cause: " : "; the first: ")
                + Printable.escape(cause) + "; no cell measured anything";
    }
}

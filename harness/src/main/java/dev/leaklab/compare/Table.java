package dev.leaklab.compare;

import dev.leaklab.internal.io.Printable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Rows of cells (escaped with {@link Printable#escape}) written either aligned in columns (text) or as a Markdown table. */
final class Table {

    private final boolean[] right;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param right per column: right-aligned (numbers) or not */
    Table(boolean... right) {
        this.right = right;
    }

    Table add(String... cells) {
        if (cells.length != right.length) {
            throw new IllegalArgumentException("expected " + right.length + " cells, got " + cells.length);
        }
        // a cell may hold a name from the input: escaped, its newline cannot start a line of its own
        rows.add(Arrays.stream(cells).map(Printable::escape).toList());
        return this;
    }

    boolean isEmpty() {
        return rows.size() <= 1;
    }

    /** Aligned columns, two spaces apart, every line indented by {@code indent}; trailing blanks removed. */
    String text(String indent) {
        int[] width = new int[right.length];
        for (var row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).codePointCount(0, row.get(i).length()));
            }
        }
        var out = new StringBuilder();
        for (var row : rows) {
            var line = new StringBuilder(indent);
            for (int i = 0; i < row.size(); i++) {
                if (width[i] == 0) {
                    continue;
                }
                String cell = row.get(i);
                String pad = " ".repeat(width[i] - cell.codePointCount(0, cell.length()));
                line.append(right[i] ? pad + cell : cell + pad).append("  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** A Markdown table; the first row is the header. */
    String markdown() {
        var out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            out.append('|');
            for (String cell : rows.get(r)) {
                out.append(' ').append(cell.replace("|", "\\|")).append(" |");
            }
            out.append('\n');
            if (r == 0) {
                out.append('|');
                for (boolean rt : right) {
                    out.append(rt ? "---:|" : "---|");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }
}

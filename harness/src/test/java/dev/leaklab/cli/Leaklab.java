package dev.leaklab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code leaklab} in the test's JVM and keeps its exit code and what it printed. */
public record Leaklab(int code, String out, String err) {

    public static Leaklab run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Leaklab(code, out.toString(), err.toString());
    }
}

package dev.leaklab.compare;

import java.io.PrintWriter;
import java.io.StringWriter;

import dev.leaklab.cli.Main;

/** Runs {@code leaklab} in this JVM and keeps what it printed. */
record Cli(int code, String out, String err) {

    static final String RES = "src/test/resources/compare/";

    static Cli leaklab(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }
}

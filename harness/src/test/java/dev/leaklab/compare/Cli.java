package dev.leaklab.compare;

import dev.leaklab.cli.Leaklab;

/** Runs {@code leaklab} in this JVM and keeps what it printed. */
record Cli(int code, String out, String err) {

    static final String RES = "src/test/resources/compare/";

    static Cli leaklab(String... args) {
        var r = Leaklab.run(args);
        return new Cli(r.code(), r.out(), r.err());
    }
}

package dev.leaklab.cli;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.leaklab.io.Durations;

/**
 * {@code dump}, {@code diff} and {@code leaks} run straight, without picocli, when their command
 * line is one of the plain forms ({@code dump 7431 --format json -o base.json}): a user waits on
 * these, and picocli's start-up (about 180 classes read and verified on every run: they are Java 5
 * class files, which no CDS or ahead-of-time cache can hold) was as long as a small dump itself.
 *
 * <p>Anything else goes to picocli, which gives help and every error message: an option it does not
 * know here, a value it cannot convert, an option given twice, {@code --}, an {@code @file}, a
 * value that starts with {@code -} or holds a quote. So a command line means the same either way;
 * this only decides which parser reads it.
 */
final class QuickTools {

    private QuickTools() {
    }

    /** A dump tool's command, called with the writer for standard output. */
    interface Quick {
        Integer call(PrintWriter out) throws Exception;
    }

    /** Runs a plain dump-tool command line and returns its exit code, or null: picocli's to read. */
    static Integer run(String[] args, PrintWriter out, PrintWriter err) {
        if (args.length == 0) {
            return null;
        }
        var parsed = parse(args);
        if (parsed == null) {
            return null;
        }
        try {
            return parsed.call(out);
        } catch (Exception e) {
            return Main.failed(e, "leaklab " + args[0], err);
        }
    }

    /** The command ready to call, or null: picocli's to read. */
    static Quick parse(String[] args) {
        String command = args[0];
        Set<String> valued = switch (command) {
            case "dump" -> Set.of("-o", "--output", "--format", "--timeout", "--debug");
            case "diff" -> Set.of("-o", "--output", "--format", "--timeout");
            case "leaks" -> Set.of("-o", "--output", "--format", "--timeout", "--dump", "--app");
            default -> null;
        };
        if (valued == null) {
            return null;
        }
        var positional = new ArrayList<String>();
        var options = new OutputOptions();
        options.format = Format.TEXT;
        var target = new TargetOptions();
        String debug = null, dump = null, app = null;
        var given = new HashSet<String>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.isEmpty() || a.startsWith("@") || a.indexOf('"') >= 0 || a.indexOf('\'') >= 0) {
                return null;
            }
            if (!a.startsWith("-")) {
                positional.add(a);
                continue;
            }
            String name = a, value;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return null;
            }
            if (!valued.contains(name) || value.isEmpty() || value.startsWith("-") || value.startsWith("@")
                    || value.indexOf('"') >= 0 || value.indexOf('\'') >= 0) {
                return null;
            }
            String key = name.equals("-o") ? "--output" : name;
            if (!given.add(key)) {
                return null; // picocli says an option is given once
            }
            switch (key) {
                case "--output" -> {
                    try {
                        options.output = Path.of(value);
                    } catch (InvalidPathException e) {
                        return null;
                    }
                }
                case "--format" -> {
                    switch (value) {
                        case "text" -> options.format = Format.TEXT;
                        case "json" -> options.format = Format.JSON;
                        default -> {
                            return null;
                        }
                    }
                }
                case "--timeout" -> {
                    try {
                        target.timeout = Durations.parse(value);
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                }
                case "--debug" -> debug = value;
                case "--dump" -> dump = value;
                case "--app" -> app = value;
                default -> {
                    return null;
                }
            }
        }
        switch (command) {
            case "dump" -> {
                if (positional.size() != 1 || !(debug == null || debug.equals("1") || debug.equals("2"))) {
                    return null;
                }
                var c = new DumpCommand();
                c.source = positional.get(0);
                c.debug = debug == null ? 1 : Integer.parseInt(debug);
                c.options = options;
                c.target = target;
                return c;
            }
            case "diff" -> {
                if (positional.size() != 2) {
                    return null;
                }
                var c = new DiffCommand();
                c.base = positional.get(0);
                c.next = positional.get(1);
                c.options = options;
                c.target = target;
                return c;
            }
            default -> {
                if (positional.size() != 1 || app != null && (app.startsWith(",") || app.endsWith(",") || app.contains(",,"))) {
                    return null;
                }
                var c = new LeaksCommand();
                c.recording = positional.get(0);
                c.dump = dump;
                c.app = app == null ? List.of() : List.of(app.split(","));
                c.options = options;
                c.target = target;
                return c;
            }
        }
    }

}

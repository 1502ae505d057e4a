package dev.leaklab.cli;

import dev.leaklab.census.LiveThreads;
import dev.leaklab.internal.dump.Targets;
import dev.leaklab.internal.io.Printable;
import dev.leaklab.io.NoAnswer;
import dev.leaklab.io.UserError;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code leaklab} command. Every sub-command has {@code --help}; bad input exits 2 with one line. */
@Command(name = "leaklab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Show, measure and find thread leaks on the JVM, for platform and virtual threads.",
        footer = {"", "scripts/leaklab agent   prints the path of the agent jar that records who started each thread",
                "                        (java -javaagent:\"$(scripts/leaklab agent)\" ...); see scripts/leaklab agent --help"},
        subcommands = {ListCommand.class, RunCommand.class, StressCommand.class, CompareCommand.class, ReportCommand.class,
                DumpCommand.class, DiffCommand.class, LeaksCommand.class, AttachCommand.class, WatchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit codes of every command; {@code docs/safety.md} has the table. */
    public static final int EXIT_OK = 0, EXIT_FAILED = 1, EXIT_BAD_INPUT = 2, EXIT_TARGET_GONE = 6, EXIT_OUT_OF_MEMORY = 7,
            /** {@code stress}: every cell crashed, so the run measured nothing ({@link dev.leaklab.stress.AllCrashed}). */
            EXIT_NO_CELL_RAN = 8,
            /** A JVM given by pid did not answer within --timeout (stopped, or hung): worth another try, unlike bad input. */
            EXIT_NO_ANSWER = 9;

    /**
     * Freed when memory runs out, so the last line can still be printed: with the heap full, even
     * resolving a string constant allocates. The line's text is resolved and Shutdown (which halt
     * needs) initialised up front for the same reason.
     */
    private static byte[] reserve;
    private static String oomStart, oomEnd; // not constants: those are resolved at first use

    public static void main(String[] args) {
        reserve = new byte[4 << 20];
        oomStart = "leaklab: out of memory (";
        oomEnd = "): the JVM cannot go on; exiting with code " + EXIT_OUT_OF_MEMORY
                + ". Lower --rate or --duration, or set a lower --thread-cap.";
        try {
            Class.forName("java.lang.Shutdown");
        } catch (ClassNotFoundException e) {
            // another JDK: halt may still work
        }
        Thread.setDefaultUncaughtExceptionHandler(Main::uncaught);
        int code;
        try {
            // Every byte the CLI prints to a terminal passes the control-character filter.
            code = execute(args, new PrintWriter(Printable.filter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)), true),
                    new PrintWriter(Printable.filter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8)), true));
        } catch (OutOfMemoryError e) {
            throw outOfMemory(e);
        }
        // Leaky scenarios leave non-daemon threads behind on purpose: exit explicitly, like a jcstress fork.
        System.exit(code);
    }

    /** An OutOfMemoryError on any thread ends the JVM; anything else is reported as the JVM would. */
    private static void uncaught(Thread t, Throwable e) {
        if (e instanceof OutOfMemoryError oom) {
            outOfMemory(oom);
        }
        System.err.print("Exception in thread \"" + t.getName() + "\" ");
        e.printStackTrace(System.err);
    }

    /**
     * Out of heap or of native threads: the leaked threads keep the JVM alive, and exiting normally
     * (shutdown hooks, even the handler of SIGTERM) needs new threads. One line, then halt.
     */
    private static Error outOfMemory(OutOfMemoryError e) {
        synchronized (Main.class) { // the first thread prints and halts; the others wait for the end
            reserve = null;
            oneLineThenHalt(e);
        }
        return e;
    }

    private static void oneLineThenHalt(OutOfMemoryError e) {
        try {
            System.err.print(oomStart);
            System.err.print(e.getMessage());
            System.err.println(oomEnd);
            System.err.flush();
        } catch (Throwable stillNoMemory) {
            // halt all the same
        } finally {
            Runtime.getRuntime().halt(EXIT_OUT_OF_MEMORY);
        }
    }

    /** Runs the command line and returns its exit code; used by main and by tests. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        // attach and dump-writer threads are the tool's: a census of this JVM leaves them out
        Targets.threadFactory(r -> LiveThreads.registerToolThread(new Thread(r)));
        Integer quick = QuickTools.run(args, out, err); // dump, diff, leaks in their plain forms: no picocli to start
        return quick != null ? quick : executeParsed(args, out, err);
    }

    /** As {@link #execute}, every command line read by picocli (tests compare the quick path with it). */
    static int executeParsed(String[] args, PrintWriter out, PrintWriter err) {
        var cmd = new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(Main::badInput)
                .setExecutionExceptionHandler(Main::failed);
        Converters.register(cmd);
        everyCommand(cmd);
        return cmd.execute(args);
    }

    /**
     * What every (sub)command shares: {@code -V} names the version (picocli gives a sub-command's
     * {@code -V} no provider, so it printed nothing), and the description keeps indented lines
     * (commands to copy) whole, where picocli would wrap them at its width.
     */
    private static void everyCommand(CommandLine cmd) {
        cmd.getCommandSpec().versionProvider(new Version());
        cmd.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION, Main::description);
        cmd.getSubcommands().values().forEach(Main::everyCommand);
    }

    /** Prose lines wrapped as picocli wraps them; a line that starts with two spaces as it is. */
    static String description(CommandLine.Help help) {
        var sb = new StringBuilder();
        for (String line : help.commandSpec().usageMessage().description()) {
            if (line.startsWith("  ")) {
                sb.append(line).append(System.lineSeparator());
            } else {
                CommandLine.Help.join(help.colorScheme().ansi(), help.commandSpec().usageMessage().width(),
                        help.commandSpec().usageMessage().adjustLineBreaksForWideCJKCharacters(), new String[] {line}, sb);
            }
        }
        return sb.toString();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command");
    }

    private static int badInput(CommandLine.ParameterException e, String[] args) {
        var cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        var suggestions = Suggestions.of(e); // a sub-command or an option close to what was typed, on the same line
        String hint = suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions.stream().map(x -> "'" + x + "'").toList()) + "?";
        cmd.getErr().println(name + ": " + Printable.escape(e.getMessage()) + Printable.escape(hint)
                + " (see '" + name + " --help')");
        return 2;
    }

    private static int failed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        return failed(e, cmd.getCommandSpec().qualifiedName(), cmd.getErr());
    }

    /** A command's failure as its one line (and exit code); {@code name} is the command's, e.g. {@code leaklab dump}. */
    static int failed(Exception e, String name, PrintWriter err) {
        // A file the user named that cannot be read or written (a folder, /proc/x, no permission): theirs to fix.
        Throwable io = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
        if (io instanceof java.nio.file.FileSystemException fs) {
            err.println(name + ": " + Printable.escape(UserError.describe(fs)));
            return EXIT_BAD_INPUT;
        }
        if (e instanceof NoAnswer) { // a stopped or hung target: worth another try, unlike bad input
            err.println(name + ": " + Printable.escape(e.getMessage()));
            return EXIT_NO_ANSWER;
        }
        if (e instanceof UserError) {
            err.println(name + ": " + Printable.escape(e.getMessage()));
            return EXIT_BAD_INPUT;
        }
        err.println(name + ": failed: " + e);
        e.printStackTrace(err);
        return 1;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"leaklab " + (v == null ? "(development build)" : v)
                    + " on Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}

package dev.leaklab.cli;

import dev.leaklab.io.UserError;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code leaklab} command. Every sub-command has {@code --help}; bad input exits 2 with one line. */
@Command(name = "leaklab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Show, measure and find thread leaks on the JVM, for platform and virtual threads.",
        subcommands = {ListCommand.class, RunCommand.class, StressCommand.class, CompareCommand.class, ReportCommand.class,
                DumpCommand.class, DiffCommand.class, LeaksCommand.class, WatchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        // Leaky scenarios leave non-daemon threads behind on purpose: exit explicitly, like a jcstress fork.
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns its exit code; used by main and by tests. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        var cmd = new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(Main::badInput)
                .setExecutionExceptionHandler(Main::failed);
        Converters.register(cmd);
        return cmd.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command");
    }

    private static int badInput(CommandLine.ParameterException e, String[] args) {
        var cmd = e.getCommandLine();
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage()
                + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        return 2;
    }

    private static int failed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof UserError) {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            return 2;
        }
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": failed: " + e);
        e.printStackTrace(cmd.getErr());
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

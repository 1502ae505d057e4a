package dev.leaklab.cli;

import java.util.concurrent.Callable;

import dev.leaklab.profile.ThreadProfile;
import dev.leaklab.io.UserError;
import dev.leaklab.profile.ProfileDiff;
import dev.leaklab.dump.ThreadDumps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Growth per stack group between two thread dumps (pprof -base).",
            "",
            "Groups are matched by exact stack and sorted by growth; groups only in NEW are marked NEW, "
                + "groups gone from it VANISHED. BASE and NEW are each a pid (dumped now), a JDK JSON dump, "
                + "a text dump (jstack, Thread.print; LOG#N for the N-th kill -3 dump in a log), or a grouped "
                + "dump written by 'leaklab dump --format json', small enough to keep.",
            "",
            "Example:",
            "  leaklab dump 7431 --format json -o base.json",
            "  sleep 30; leaklab diff base.json 7431",
            "  leaklab diff app.log#1 app.log#2"})
final class DiffCommand implements Callable<Integer>, QuickTools.Quick {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASE", description = "The earlier dump: pid or file.")
    String base;

    @Parameters(index = "1", paramLabel = "NEW", description = "The later dump: pid or file.")
    String next;

    @Mixin
    OutputOptions options;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() throws Exception {
        return call(spec.commandLine().getOut());
    }

    /** Runs the command, writing its result to {@code stdout} unless -o names a file. */
    @Override
    public Integer call(java.io.PrintWriter stdout) throws Exception {
        try (var out = Output.open(options.output, stdout)) {
            var diff = ProfileDiff.of(ThreadProfile.of(ThreadDumps.source(base, target.timeout())),
                    ThreadProfile.of(ThreadDumps.source(next, target.timeout())));
            options.format.write(diff, out.writer());
            out.commit();
        }
        return 0;
    }
}

package dev.leaklab.cli;

import java.util.concurrent.Callable;

import dev.leaklab.profile.ThreadProfile;
import dev.leaklab.io.UserError;
import dev.leaklab.dump.ThreadDumps;
import dev.leaklab.internal.profile.ThreadList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "dump", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Thread dump of a JVM or a dump file, grouped by stack (pprof debug=1).",
            "",
            "Threads with an identical stack form a group, shown with its count, thread kind, states, what "
                + "its threads wait on, their thread containers and name patterns, largest group first. "
                + "Virtual threads included. --debug 2 lists every thread instead. The JSON is read as a "
                + "stream, so memory stays bounded however many threads there are.",
            "",
            "A pid of JDK 21 or later is dumped with jcmd's Thread.dump_to_file (through the Attach API) "
                + "into a temporary file that is parsed while the target writes it, then deleted; a JDK 8 to 17 "
                + "pid is read through Thread.print (platform threads: those JDKs have no virtual ones). FILE is "
                + "a JDK 21+ JSON dump (jcmd PID Thread.dump_to_file -format=json FILE; JDK 21 to 24 write no "
                + "thread states), a grouped dump written by 'leaklab dump --format json', or a text dump: "
                + "jstack PID, jcmd PID Thread.print, or a log holding kill -3 dumps, the last one shown unless "
                + "FILE#N picks the N-th. A text dump lists platform threads only, without thread containers; "
                + "a 'note:' line under the header says what a dump cannot show.",
            "",
            "A pid is checked to be a Java process (libjvm.so in /proc/PID/maps) before anything is sent to it: "
                + "the Attach API wakes a JVM with SIGQUIT, which ends many other servers. A JVM that does not "
                + "answer within --timeout (stopped by kill -STOP, or hung) ends the dump with one line and exit "
                + "code 9; an interrupted dump (Ctrl-C, SIGTERM) deletes its temporary folder.",
            "",
            "Examples:",
            "  leaklab dump 7431",
            "  leaklab dump 7431 --format json -o base.json",
            "  leaklab dump app.log#2"})
final class DumpCommand implements Callable<Integer>, QuickTools.Quick {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PID|FILE", description = "A JVM's process id, or a thread dump file (JSON or text; FILE#N: its N-th text dump).")
    String source;

    @Option(names = "--debug", defaultValue = "1", paramLabel = "1|2",
            description = "1: grouped by stack (default); 2: one entry per thread.")
    int debug;

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
        if (debug != 1 && debug != 2) {
            throw new UserError("--debug must be 1 (grouped by stack) or 2 (one entry per thread), not " + debug);
        }
        var src = ThreadDumps.source(source, target.timeout());
        try (var out = Output.open(options.output, stdout)) {
            if (debug == 1) {
                options.format.write(ThreadProfile.of(src), out.writer());
            } else if (options.format == Format.TEXT) {
                ThreadDumps.visit(src, ThreadList.text(out.writer()));
            } else {
                try (var list = ThreadList.json(out.writer())) {
                    ThreadDumps.visit(src, list);
                }
            }
            out.commit();
        }
        return 0;
    }
}

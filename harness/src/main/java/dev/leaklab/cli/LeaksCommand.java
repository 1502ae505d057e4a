package dev.leaklab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.leaklab.io.UserError;
import dev.leaklab.dump.ThreadDumps;
import dev.leaklab.leaks.RecordingLeaks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "leaks", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Threads started and never ended in a JFR recording, by where they came from.",
            "",
            "This is the \"created by\" that Java thread dumps lack, with file and line. Platform "
                + "threads: the creation site, the first non-JDK frame of the creating thread's stack in "
                + "jdk.ThreadStart. Virtual threads: JFR records no creator, so they are grouped by their "
                + "task's entry, the first non-JDK frame from the bottom of their stack in --dump (a JDK JSON "
                + "thread dump taken before the recording ended, or a pid to dump now; a text dump has platform "
                + "threads only); without it, by "
                + "thread name. Each group says which attribution it got.",
            "",
            "With the leaklab agent (java -javaagent:$(scripts/leaklab agent) ...) every thread, virtual "
                + "ones too, is grouped by its exact creation site; in its proof mode, a \"proven\" section "
                + "comes first: virtual threads the GC collected while blocked, which could never run again. "
                + "When a library started the thread, the site is the chain from the library's frame to the "
                + "first frame of the application (--app); when a library's own thread started it, that thread "
                + "is followed to its own creation (\"... <- thread NAME <- ...\").",
            "",
            "Groups come in three sections: growing (threads kept starting in the recording's second half; "
                + "fastest first, with their rate), steady (pools made at start-up, one-offs) and the JDK's own "
                + "threads (carriers, Attach Listener, main), which are nobody's leak.",
            "",
            "Record with the virtual-thread events on (they are off by default):",
            "  java -XX:StartFlightRecording:jdk.VirtualThreadStart#enabled=true,jdk.VirtualThreadEnd#enabled=true ...",
            "  jcmd PID JFR.dump name=1 filename=rec.jfr",
            "or let 'leaklab run' record a scenario: 'leaklab run SCENARIO --jfr rec.jfr' (the recording's name is leaklab).",
            "  leaklab leaks rec.jfr --dump PID",
            "",
            "A running JVM the agent was attached to ('leaklab attach PID endpoint=127.0.0.1:0'), or started with "
                + "-javaagent:leaklab-agent.jar=endpoint: 'leaklab leaks PID' reads the agent's registry through its "
                + "endpoint and names the creation lines of the live threads started since the agent loaded."})
final class LeaksCommand implements Callable<Integer>, QuickTools.Quick {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RECORDING.jfr|PID",
            description = "A JFR recording with jdk.ThreadStart/End (and VirtualThreadStart/End), or the pid of a JVM running the agent's endpoint.")
    String recording;

    @Option(names = "--dump", paramLabel = "FILE|PID",
            description = "A thread dump taken before the recording ended (JDK JSON, or text: jstack, a log#N), or a pid to dump now.")
    String dump;

    @Option(names = "--app", paramLabel = "PREFIX", split = ",",
            description = "Class-name prefixes of the application, e.g. com.acme. (default: the default package, the main class's first two package names above any reflective call, else the caller of the library that started the thread).")
    List<String> app = List.of();

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
        if (recording.matches("\\d{1,10}") && !Files.exists(Path.of(recording))) {
            if (dump != null || !app.isEmpty() || options.format != Format.TEXT) {
                throw new UserError("leaks PID reads the agent's registry, as text: --dump, --app and --format json are for recordings");
            }
            try (var out = Output.open(options.output, stdout)) {
                out.writer().print(RegistryLeaks.read(Long.parseLong(recording), target.timeout()));
                out.commit();
            }
            return 0;
        }
        Path recording = Path.of(this.recording);
        try (var out = Output.open(options.output, stdout)) {
            for (String prefix : app) {
                if (prefix.isBlank() || prefix.contains("/") || prefix.contains(" ")) {
                    throw new UserError("--app takes class-name prefixes such as com.acme. (comma-separated), not '" + prefix + "'");
                }
            }
            var report = RecordingLeaks.analyze(recording, dump == null ? null : ThreadDumps.source(dump, target.timeout()), app);
            options.format.write(report, out.writer());
            out.commit();
        }
        return 0;
    }
}

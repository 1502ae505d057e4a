package dev.leaklab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.leaklab.io.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "attach", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Loads the leaklab agent into a running JVM (the Attach API), without a restart.",
            "",
            "From then on every thread it starts has its creator: 'leaklab leaks PID' names the creation "
                + "lines of the live ones (with the agent option endpoint, which serves them). The agent options "
                + "are those of -javaagent:leaklab-agent.jar=... (java -jar leaklab-agent.jar lists them), "
                + "e.g. endpoint=127.0.0.1:0, depth=16, prove.",
            "",
            "What an attach cannot do: threads started before it have no creator; prove needs "
                + "-Djdk.trackAllThreads=false from the JVM's start. The JVM prints a warning about a dynamically "
                + "loaded agent on its standard error (JEP 451, JDK 21 on); -XX:+EnableDynamicAgentLoading at its "
                + "start allows agents silently (a future JDK will refuse them without it). Attaching twice is "
                + "harmless: the agent never hooks twice, and starts the endpoint if it was not serving.",
            "",
            "  leaklab attach 1234 endpoint=127.0.0.1:0",
            "  leaklab leaks 1234"})
final class AttachCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "The JVM to attach to (same user, same JDK major).")
    long pid;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "AGENT_OPTION",
            description = "Agent options, comma-separated or one per argument: endpoint[=HOST:PORT], token=@FILE|env:NAME, depth=N, stack-rate=N|all, prove, quiet.")
    List<String> agentOptions = List.of();

    @Mixin
    TargetOptions target;

    @Option(names = "--agent", paramLabel = "FILE", description = "The agent jar (default: the one built beside this leaklab, or -Dleaklab.agent.jar).")
    Path agent;

    @Override
    public Integer call() {
        Path jar = agentJar(agent);
        String options = String.join(",", agentOptions);
        boolean endpoint = agentOptions.stream().flatMap(o -> List.of(o.split(",")).stream()).map(String::strip)
                .anyMatch(o -> o.equals("endpoint") || o.startsWith("endpoint="));
        boolean prove = agentOptions.stream().flatMap(o -> List.of(o.split(",")).stream()).anyMatch(o -> o.strip().equals("prove"));
        PrintWriter out = spec.commandLine().getOut();
        try (var link = AgentLink.open(pid, target.timeout())) {
            var before = link.properties();
            boolean loaded = Boolean.parseBoolean(before.getProperty(AgentLink.LOADED));
            String serving = before.getProperty(AgentLink.ENDPOINT);
            if (loaded && (!endpoint || serving != null)) {
                // Nothing to add: loading again would only print the JDK's warning once more.
                out.println("pid " + pid + ": the leaklab agent is already loaded: not hooking twice");
                if (serving != null) out.println("pid " + pid + ": debug endpoint on http://" + serving + "/debug/ (leaklab leaks " + pid + " reads it)");
                return 0;
            }
            if (prove && !"false".equals(before.getProperty("jdk.trackAllThreads"))) {
                out.println("pid " + pid + ": prove needs -Djdk.trackAllThreads=false from the JVM's start; this one has not: proving nothing");
            }
            link.loadAgent(jar, options);
            var after = link.properties();
            String status = after.getProperty(AgentLink.STATUS, "the agent said nothing");
            out.println("pid " + pid + ": " + status);
            if (!Boolean.parseBoolean(after.getProperty(AgentLink.LOADED))) {
                return 1; // a bad option or a JDK it cannot instrument: the status says which
            }
            if (!link.jvmArgs().contains("-XX:+EnableDynamicAgentLoading")) {
                out.println("pid " + pid + ": the JVM printed a warning about a dynamically loaded agent on its standard error (JEP 451):"
                        + " -XX:+EnableDynamicAgentLoading at its start allows agents silently");
            }
            if (endpoint) {
                return awaitEndpoint(link, out);
            }
            out.println("pid " + pid + ": 'leaklab attach " + pid + " endpoint=127.0.0.1:0' adds the debug endpoint, which 'leaklab leaks " + pid + "' reads");
            return 0;
        }
    }

    /** The endpoint starts on a thread of its own in the target: its address, or why not, appears in a property. */
    private int awaitEndpoint(AgentLink link, PrintWriter out) {
        long end = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < end) {
            var p = link.properties();
            if (p.getProperty(AgentLink.ENDPOINT) != null) {
                out.println("pid " + pid + ": debug endpoint on http://" + p.getProperty(AgentLink.ENDPOINT) + "/debug/ (leaklab leaks " + pid + " reads it)");
                return 0;
            }
            if (p.getProperty(AgentLink.ENDPOINT_ERROR) != null) {
                out.println("pid " + pid + ": the debug endpoint did not start (" + AgentLink.printable(p.getProperty(AgentLink.ENDPOINT_ERROR)) + ")");
                return 1;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        out.println("pid " + pid + ": the debug endpoint said nothing within 30 s");
        return 1;
    }

    /** --agent, else -Dleaklab.agent.jar, else agent/target/leaklab-agent.jar of the checkout this leaklab was built in. */
    static Path agentJar(Path given) {
        Path jar = given;
        if (jar == null && System.getProperty("leaklab.agent.jar") != null) jar = Path.of(System.getProperty("leaklab.agent.jar"));
        if (jar == null) {
            try {
                // harness/target/leaklab.jar (or harness/target/classes) → agent/target/leaklab-agent.jar
                Path here = Path.of(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                jar = here.getParent().getParent().getParent().resolve("agent/target/leaklab-agent.jar");
            } catch (Exception | Error e) {
                jar = Path.of("leaklab-agent.jar");
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new UserError("no agent jar at " + jar + ": pass --agent \"$(scripts/leaklab agent)\"");
        }
        return jar.toAbsolutePath();
    }
}

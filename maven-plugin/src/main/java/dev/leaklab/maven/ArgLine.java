package dev.leaklab.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM arguments that load the agent, and how they join a project's own argLine. Surefire splits
 * an argLine as a command line (double quotes group), so a jar path with a space is quoted (the
 * sample projects' repository path has one).
 */
final class ArgLine {
    /** What the live-thread census needs to see virtual threads (the JDK's thread containers). */
    static final String CENSUS_EXPORTS = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";

    private ArgLine() {}

    /** {@code -javaagent:JAR[=OPTIONS]}, then the census's export when asked for. */
    static String agentArguments(Path agentJar, String agentOptions, boolean addExports) {
        String agent = "-javaagent:" + agentJar + (agentOptions == null || agentOptions.isBlank() ? "" : "=" + agentOptions.strip());
        return quoted(agent) + (addExports ? " " + CENSUS_EXPORTS : "");
    }

    /**
     * The agent's arguments before the project's own, as JaCoCo's prepare-agent puts its agent. An
     * earlier {@code -javaagent:} of the same jar (a second execution, another module of the
     * reactor reading the same command-line value) and the export after it are taken out first, so
     * the agent is loaded once, with the options of this execution.
     */
    static String prepend(String agentArguments, Path agentJar, String existing) {
        if (existing == null || existing.isBlank()) return agentArguments;
        String rest = without(existing, "-javaagent:" + agentJar);
        return rest.isEmpty() ? agentArguments : agentArguments + " " + rest;
    }

    /**
     * Whether a plugin's configured argLine takes in the property: {@code @{name}} (surefire's late
     * replacement) or a {@code ${name}} that the model left for the plugin to read at run time.
     */
    static boolean refersTo(String configuredArgLine, String propertyName) {
        return configuredArgLine.contains("@{" + propertyName + "}") || configuredArgLine.contains("${" + propertyName + "}");
    }

    /** {@code line} without the arguments that start with {@code prefix} and the export right after one. */
    private static String without(String line, String prefix) {
        List<String> kept = new ArrayList<>();
        boolean dropped = false;
        for (String raw : split(line)) {
            String arg = raw.startsWith("\"") && raw.endsWith("\"") && raw.length() > 1 ? raw.substring(1, raw.length() - 1) : raw;
            if (arg.startsWith(prefix)) {
                dropped = true;
                continue;
            }
            if (dropped && arg.equals(CENSUS_EXPORTS)) {
                dropped = false;
                continue;
            }
            dropped = false;
            kept.add(raw);
        }
        return String.join(" ", kept);
    }

    /** Whitespace-separated arguments as written (quotes kept); a double-quoted run holds spaces. */
    private static List<String> split(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder arg = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') quoted = !quoted;
            if (Character.isWhitespace(c) && !quoted) {
                if (arg.length() > 0) args.add(arg.toString());
                arg.setLength(0);
            } else {
                arg.append(c);
            }
        }
        if (arg.length() > 0) args.add(arg.toString());
        return args;
    }

    private static String quoted(String argument) {
        return argument.indexOf(' ') < 0 ? argument : '"' + argument + '"';
    }
}

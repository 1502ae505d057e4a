package dev.leaklab.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;

import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Puts the leaklab agent into the JVM arguments that surefire and failsafe start their test JVMs
 * with (JaCoCo's {@code prepare-agent} convention): the property {@code argLine} becomes
 * {@code -javaagent:<the agent jar>=<agentOptions> --add-exports=java.base/jdk.internal.vm=ALL-UNNAMED},
 * followed by whatever the property held before. With the agent loaded, leaklab-junit attributes
 * each leaked thread to the test that started it and names the line that started it.
 *
 * <p>A project that configures surefire's {@code <argLine>} itself keeps the agent by starting it
 * with {@code @{argLine}} (surefire's late replacement); the goal warns when a surefire or failsafe
 * {@code <argLine>} leaves the property out.
 */
@Mojo(name = "prepare-agent", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public class PrepareAgentMojo extends AbstractMojo {
    static final String AGENT = "dev.leaklab:leaklab-agent";
    private static final List<String> TEST_PLUGINS = List.of("maven-surefire-plugin", "maven-failsafe-plugin");

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    /**
     * The project property that receives the arguments. surefire and failsafe read {@code argLine};
     * another name suits a plugin configured with {@code <argLine>@{name}</argLine>}.
     */
    @Parameter(property = "leaklab.propertyName", defaultValue = "argLine")
    private String propertyName;

    /**
     * The agent's options, comma-separated, as after {@code =} in {@code -javaagent:leaklab-agent.jar=}
     * ({@code java -jar leaklab-agent.jar} lists them). The default gives every thread its
     * "created at" line: the agent's own default keeps a creator's stack for 1,000 starts a second,
     * which a test suite easily exceeds.
     */
    @Parameter(property = "leaklab.agentOptions", defaultValue = "stack-rate=all")
    private String agentOptions;

    /**
     * Adds {@code --add-exports=java.base/jdk.internal.vm=ALL-UNNAMED}: the live-thread census reads
     * the JDK's thread containers, and without it sees platform threads only (and says so once).
     */
    @Parameter(property = "leaklab.addExports", defaultValue = "true")
    private boolean addExports;

    /** Leaves the property as it is (or empty, so that {@code @{argLine}} still resolves). */
    @Parameter(property = "leaklab.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException {
        if (propertyName == null || propertyName.isBlank()) {
            throw new MojoExecutionException("leaklab: <propertyName> is empty: name the property that receives the agent's arguments (default argLine)");
        }
        String name = propertyName.strip();
        Properties properties = project.getProperties();
        Properties userProperties = session.getUserProperties();
        if (skip) {
            getLog().info("leaklab: skipped, the tests run without the agent");
            if (properties.getProperty(name) == null && userProperties.getProperty(name) == null) properties.setProperty(name, "");
            return;
        }
        String options = agentOptions == null ? "" : agentOptions.strip();
        if (options.chars().anyMatch(Character::isWhitespace)) {
            throw new MojoExecutionException("leaklab: <agentOptions> '" + options + "' has a space; options are comma-separated, e.g. stack-rate=all,depth=16");
        }
        File jar = agentJar();
        String arguments = ArgLine.agentArguments(jar.toPath(), options, addExports);

        // A -D on the command line wins over the project's property wherever Maven reads it, so
        // the agent goes in front of that value and replaces it there too.
        boolean fromCommandLine = userProperties.getProperty(name) != null;
        String before = fromCommandLine ? userProperties.getProperty(name) : properties.getProperty(name);
        String value = ArgLine.prepend(arguments, jar.toPath(), before);
        properties.setProperty(name, value);
        if (fromCommandLine) userProperties.setProperty(name, value);
        getLog().info(name + " set to " + value);
        warnAboutArgLinesLeavingItOut(name);
    }

    private File agentJar() throws MojoExecutionException {
        Artifact agent = plugin.getArtifactMap().get(AGENT);
        if (agent == null || agent.getFile() == null || !agent.getFile().isFile()) {
            throw new MojoExecutionException("leaklab: the agent jar (" + AGENT + ":" + plugin.getVersion()
                    + ") is not among this plugin's resolved dependencies; is it excluded in the plugin's <dependencies>?");
        }
        return agent.getFile();
    }

    /** A surefire or failsafe {@code <argLine>} of its own replaces the property: the tests would run without the agent. */
    private void warnAboutArgLinesLeavingItOut(String name) {
        // the plugin's configuration is merged into each execution's: one warning for each text
        var warnings = new LinkedHashSet<String>();
        try {
            for (Plugin p : project.getBuildPlugins()) {
                if (!TEST_PLUGINS.contains(p.getArtifactId())) continue;
                List<Object> configurations = new ArrayList<>();
                configurations.add(p.getConfiguration());
                for (PluginExecution e : p.getExecutions()) configurations.add(e.getConfiguration());
                for (Object configuration : configurations) {
                    if (!(configuration instanceof Xpp3Dom)) continue;
                    Xpp3Dom argLine = ((Xpp3Dom) configuration).getChild("argLine");
                    if (argLine == null || argLine.getValue() == null || ArgLine.refersTo(argLine.getValue(), name)) continue;
                    warnings.add("leaklab: " + p.getArtifactId() + "'s <argLine>" + argLine.getValue() + "</argLine> replaces ${" + name
                            + "}, so its tests run without the leaklab agent: begin it with @{" + name + "}");
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // only a hint: a Maven whose model differs must not fail the build over it
            getLog().debug("leaklab: could not read the test plugins' <argLine>: " + e);
        }
        warnings.forEach(getLog()::warn);
    }
}

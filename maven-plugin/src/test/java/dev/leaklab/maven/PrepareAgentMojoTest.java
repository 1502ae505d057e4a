package dev.leaklab.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goal against Maven's own model classes; the sample projects under src/it run it in a real mvn. */
class PrepareAgentMojoTest {
    @TempDir Path dir;
    private Path jar;
    private Model model;
    private MavenSession session;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        jar = Files.createFile(dir.resolve("leaklab-agent-1.0.jar"));
        model = new Model();
        model.setBuild(new Build());
        session = newSession();
    }

    @Test
    void theAgentGoesBeforeTheProjectsOwnArgLine() throws Exception {
        model.getProperties().setProperty("argLine", "-Dmy.flag=1");
        mojo(true, "stack-rate=all").execute();
        assertThat(model.getProperties().getProperty("argLine"))
                .isEqualTo("-javaagent:" + jar + "=stack-rate=all " + ArgLine.CENSUS_EXPORTS + " -Dmy.flag=1");
        assertThat(warnings).isEmpty();
    }

    @Test
    void aCommandLineArgLineIsKeptAndReplacedWhereItWins() throws Exception {
        session.getUserProperties().setProperty("argLine", "-Dcli=1");
        mojo(false, "quiet").execute();
        String expected = "-javaagent:" + jar + "=quiet -Dcli=1";
        assertThat(session.getUserProperties().getProperty("argLine")).isEqualTo(expected);
        assertThat(model.getProperties().getProperty("argLine")).isEqualTo(expected);
    }

    @Test
    void anotherPropertyNameLeavesArgLineAlone() throws Exception {
        var mojo = mojo(true, "");
        set(mojo, "propertyName", "leaklabArgs");
        mojo.execute();
        assertThat(model.getProperties().getProperty("leaklabArgs")).isEqualTo("-javaagent:" + jar + " " + ArgLine.CENSUS_EXPORTS);
        assertThat(model.getProperties().getProperty("argLine")).isNull();
    }

    @Test
    void aSurefireArgLineThatLeavesThePropertyOutIsWarnedAboutOnce() throws Exception {
        model.getBuild().addPlugin(plugin("maven-surefire-plugin", "-Xmx1g"));
        model.getBuild().addPlugin(plugin("maven-failsafe-plugin", "@{argLine} -Xmx1g"));
        model.getBuild().addPlugin(plugin("exec-maven-plugin", "-Xmx1g"));
        mojo(true, "stack-rate=all").execute();
        assertThat(warnings).containsExactly("leaklab: maven-surefire-plugin's <argLine>-Xmx1g</argLine> replaces ${argLine},"
                + " so its tests run without the leaklab agent: begin it with @{argLine}");
    }

    @Test
    void skippedItLeavesAValueAloneAndDefinesAnEmptyOne() throws Exception {
        var mojo = mojo(true, "stack-rate=all");
        set(mojo, "skip", true);
        mojo.execute();
        assertThat(model.getProperties().getProperty("argLine")).isEmpty();

        model.getProperties().setProperty("argLine", "-Dmy.flag=1");
        mojo.execute();
        assertThat(model.getProperties().getProperty("argLine")).isEqualTo("-Dmy.flag=1");
    }

    @Test
    void badSettingsStopTheBuildWithOneLine() throws Exception {
        assertThatThrownBy(() -> mojo(true, "stack-rate=all, quiet").execute())
                .isInstanceOf(MojoExecutionException.class)
                .hasMessage("leaklab: <agentOptions> 'stack-rate=all, quiet' has a space; options are comma-separated, e.g. stack-rate=all,depth=16");
        var mojo = mojo(true, "");
        set(mojo, "propertyName", " ");
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class).hasMessageContaining("<propertyName> is empty");
        assertThat(model.getProperties()).isEmpty();
    }

    @Test
    void withoutTheAgentJarItSaysWhichArtifactIsMissing() throws Exception {
        Files.delete(jar);
        assertThatThrownBy(() -> mojo(true, "").execute())
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("leaklab: the agent jar (dev.leaklab:leaklab-agent:1.0) is not among this plugin's resolved dependencies");
        assertThat(model.getProperties()).isEmpty();
    }

    private PrepareAgentMojo mojo(boolean addExports, String agentOptions) throws ReflectiveOperationException {
        var agent = new DefaultArtifact("dev.leaklab", "leaklab-agent", "1.0", "runtime", "jar", null, new DefaultArtifactHandler("jar"));
        agent.setFile(jar.toFile());
        var plugin = new PluginDescriptor();
        plugin.setGroupId("dev.leaklab");
        plugin.setArtifactId("leaklab-maven-plugin");
        plugin.setVersion("1.0");
        plugin.setArtifacts(List.<Artifact>of(agent));

        var mojo = new PrepareAgentMojo();
        set(mojo, "project", new MavenProject(model));
        set(mojo, "session", session);
        set(mojo, "plugin", plugin);
        set(mojo, "propertyName", "argLine");
        set(mojo, "agentOptions", agentOptions);
        set(mojo, "addExports", addExports);
        set(mojo, "skip", false);
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void warn(CharSequence content) {
                warnings.add(content.toString());
            }
        });
        return mojo;
    }

    private static Plugin plugin(String artifactId, String argLine) {
        var configuration = new Xpp3Dom("configuration");
        var child = new Xpp3Dom("argLine");
        child.setValue(argLine);
        configuration.addChild(child);
        var plugin = new Plugin();
        plugin.setArtifactId(artifactId);
        plugin.setConfiguration(configuration);
        return plugin;
    }

    @SuppressWarnings("deprecation") // the constructor the Maven 3.8 API has
    private static MavenSession newSession() {
        return new MavenSession(null, null, new DefaultMavenExecutionRequest(), new DefaultMavenExecutionResult());
    }

    private static void set(Object target, String field, Object value) throws ReflectiveOperationException {
        var f = PrepareAgentMojo.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }
}

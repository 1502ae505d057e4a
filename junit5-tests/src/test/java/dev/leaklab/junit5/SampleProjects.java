package dev.leaklab.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;

/**
 * A user's Maven project under {@code src/test/resources/NAME/}, built by the real {@code mvn} on
 * JDK 17: copied into {@code target/}, its {@code pom.xml.template} filled in, and resolved through
 * settings that put leaklab's jars in a private local repository under {@code target/} (laid out as
 * {@code mvn install:install-file} lays them out; never the user's) and read everything else from
 * the user's local repository as a {@code file:} remote, then Maven Central.
 */
final class SampleProjects {

    /** One private repository for every sample project: what one resolved, the next finds. */
    static final Path REPOSITORY = Path.of("target", "sample-project", "repository").toAbsolutePath();
    static final String VERSION = System.getProperty("leaklab.version");
    static final String JUPITER = System.getProperty("leaklab.junit5.version");

    private SampleProjects() {
    }

    /** Debian's JDK 17 java, or the test is skipped, saying so. */
    static Path jdk17() {
        Path java = Path.of(System.getProperty("leaklab.jdk17.java"));
        assumeTrue(Files.isExecutable(java), java + " is missing: .ci/run installs Debian's openjdk-17-jdk-headless");
        return java;
    }

    /**
     * Copies the project {@code resource} to {@code project} (emptied first) and writes its pom from
     * the template: {@code @DEPENDENCIES@} and the plugin versions of this build, plus {@code more}.
     */
    static void copy(String resource, Path project, List<String> dependencies, Map<String, String> more) throws Exception {
        Path source = Path.of(SampleProjects.class.getResource("/" + resource + "/pom.xml.template").toURI()).getParent();
        if (Files.exists(project)) {
            try (Stream<Path> old = Files.walk(project)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path to = project.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else if (!f.getFileName().toString().equals("pom.xml.template")) {
                    Files.copy(f, to);
                }
            }
        }
        String pom = Files.readString(source.resolve("pom.xml.template"))
                .replace("@DEPENDENCIES@", String.join("\n", dependencies))
                .replace("@RESOURCES_PLUGIN@", System.getProperty("leaklab.resources-plugin.version"))
                .replace("@COMPILER_PLUGIN@", System.getProperty("leaklab.compiler-plugin.version"))
                .replace("@SUREFIRE_PLUGIN@", System.getProperty("leaklab.surefire-plugin.version"));
        for (var e : more.entrySet()) {
            pom = pom.replace(e.getKey(), e.getValue());
        }
        Files.writeString(project.resolve("pom.xml"), pom);
    }

    /** Settings in {@code work}: the private repository as the local one, the user's as a remote. */
    static Path settings(Path work) throws IOException {
        Path repository = privateRepository();
        Files.createDirectories(work);
        Path settings = work.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <localRepository>%s</localRepository>
                  <profiles><profile><id>user-repository</id>
                    <repositories><repository><id>user-repository</id><url>%s</url>
                      <snapshots><enabled>false</enabled></snapshots></repository></repositories>
                    <pluginRepositories><pluginRepository><id>user-repository</id><url>%s</url>
                      <snapshots><enabled>false</enabled></snapshots></pluginRepository></pluginRepositories>
                  </profile></profiles>
                  <activeProfiles><activeProfile>user-repository</activeProfile></activeProfiles>
                </settings>
                """.formatted(repository, userRepository(), userRepository()));
        return settings;
    }

    /**
     * {@code mvn -B -s SETTINGS -Dmaven.test.failure.ignore=true ARGS... test} in {@code project} on
     * {@code java}'s JDK, its output in {@code log}; fails unless Maven ends, within 5 minutes, with 0.
     */
    static String mvn(Path java, Path project, Path settings, Path log, String... args) throws Exception {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("leaklab.maven.home"), "bin", "mvn").toString(),
                "-B", "-s", settings.toString(), "-Dstyle.color=never", "-Dmaven.test.failure.ignore=true"));
        command.addAll(List.of(args));
        command.add("test");
        var builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", java.getParent().getParent().toString());
        builder.environment().remove("MAVEN_ARGS");
        // scripts/jdk.sh gives the outer Maven a JDK-25-only flag (quieting Guava's Unsafe warning):
        // a Maven on JDK 17 refuses it and would not start
        builder.environment().remove("MAVEN_OPTS");
        Process mvn = builder.start();
        try {
            assertThat(mvn.waitFor(5, TimeUnit.MINUTES)).as("mvn ended within 5 minutes; see " + log).isTrue();
        } finally {
            mvn.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(mvn.exitValue()).as("mvn's exit code; its output:\n" + output).isZero();
        return output;
    }

    /** leaklab's parent pom and the core and junit jars with their poms, as install:install-file lays them out. */
    static Path privateRepository() throws IOException {
        Path root = Path.of(System.getProperty("leaklab.root")).toAbsolutePath().normalize();
        Path repository = REPOSITORY;
        install(repository, "leaklab-parent", root.resolve("pom.xml"), null);
        for (String module : List.of("core", "junit")) {
            Path jar = root.resolve(module).resolve("target").resolve("leaklab-" + module + "-" + VERSION + ".jar");
            assertThat(jar).as("leaklab-" + module + "'s jar: build through the reactor, mvn -pl junit5-tests -am verify").isRegularFile();
            install(repository, "leaklab-" + module, root.resolve(module).resolve("pom.xml"), jar);
        }
        return repository;
    }

    private static void install(Path repository, String artifact, Path pom, Path jar) throws IOException {
        Path dir = repository.resolve("dev/leaklab").resolve(artifact).resolve(VERSION);
        Files.createDirectories(dir);
        Files.copy(pom, dir.resolve(artifact + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifact + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String userRepository() {
        return Path.of(System.getProperty("leaklab.maven.repository")).toUri().toString();
    }

    static String dependency(String group, String artifact, String version) {
        return "    <dependency><groupId>" + group + "</groupId><artifactId>" + artifact + "</artifactId><version>"
                + version + "</version><scope>test</scope></dependency>";
    }

    static Element suite(Path report) throws Exception {
        assertThat(report).as("surefire's report").isRegularFile();
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile()).getDocumentElement();
    }
}

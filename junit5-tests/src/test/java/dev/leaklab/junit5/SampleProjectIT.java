package dev.leaklab.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Element;

import dev.leaklab.check.ThreadLeakError;

/**
 * A user's Maven project on JDK 17 with JUnit Jupiter 5.11 and leaklab-junit (no agent), built by
 * the real {@code mvn} once for each order of the two dependencies in its pom: the leaked platform
 * thread fails its test, the clean test passes, and every JUnit jar on its class path is 5.11's
 * (leaklab-junit's junit-jupiter-api is {@code provided}, so it never takes part in Maven's
 * "nearest, then first declared" mediation).
 *
 * <p>leaklab's jars go into a private local repository under {@code target/}, laid out as
 * {@code mvn install:install-file} lays them out; never into the user's. Everything else is
 * resolved from the user's local repository, read as a {@code file:} remote (so no network when it
 * holds what the sample needs), then Maven Central.
 */
class SampleProjectIT {

    enum Order {
        JUNIT_FIRST, LEAKLAB_FIRST
    }

    static final Path WORK = Path.of("target", "sample-project").toAbsolutePath();
    static final String VERSION = System.getProperty("leaklab.version");
    static final String JUPITER = System.getProperty("leaklab.junit5.version");

    @ParameterizedTest
    @EnumSource(Order.class)
    void aLeakedPlatformThreadFailsItsTestWhicheverOrderThePomListsThem(Order order) throws Exception {
        Path java = Path.of(System.getProperty("leaklab.jdk17.java"));
        assumeTrue(Files.isExecutable(java), java + " is missing: .ci/run installs Debian's openjdk-17-jdk-headless");
        Path repository = privateRepository();
        Path project = WORK.resolve(order.name().toLowerCase());
        copyProject(project, order);
        Path settings = WORK.resolve("settings.xml");
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

        Path log = project.resolve("mvn.log");
        var command = List.of(Path.of(System.getProperty("leaklab.maven.home"), "bin", "mvn").toString(),
                "-B", "-s", settings.toString(), "-Dstyle.color=never", "-Dmaven.test.failure.ignore=true", "test");
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

        Path reports = project.resolve("target/surefire-reports");
        Element versions = suite(reports.resolve("TEST-sample.JupiterVersionTest.xml"));
        assertThat(versions.getAttribute("tests")).isEqualTo("1");
        assertThat(versions.getAttribute("failures") + versions.getAttribute("errors")).as(output).isEqualTo("00");
        assertThat(property(versions, "java.specification.version")).isEqualTo("17");

        Element leaky = suite(reports.resolve("TEST-sample.LeakyTest.xml"));
        assertThat(leaky.getAttribute("tests")).isEqualTo("2");
        assertThat(leaky.getAttribute("errors")).as(output).isEqualTo("0");
        Map<String, Element> failures = new java.util.HashMap<>();
        var cases = leaky.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            var c = (Element) cases.item(i);
            var failed = c.getElementsByTagName("failure");
            if (failed.getLength() > 0) {
                failures.put(c.getAttribute("name"), (Element) failed.item(0));
            }
        }
        assertThat(failures).as("failed tests").containsOnlyKeys("leaksAThread");
        Element failure = failures.get("leaksAThread");
        assertThat(failure.getAttribute("type")).isEqualTo(ThreadLeakError.class.getName());
        assertThat(failure.getAttribute("message"))
                .startsWith("1 thread leaked by LeakyTest.leaksAThread()")
                .contains("attributed by snapshot (no leaklab agent)");
        assertThat(failure.getTextContent()).contains("names sample-leak").contains("1 thread · platform");
    }

    /** leaklab's parent pom and the core and junit jars with their poms, as install:install-file lays them out. */
    static Path privateRepository() throws IOException {
        Path root = Path.of(System.getProperty("leaklab.root")).toAbsolutePath().normalize();
        Path repository = WORK.resolve("repository");
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
        Files.copy(pom, dir.resolve(artifact + "-" + VERSION + ".pom"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifact + "-" + VERSION + ".jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String userRepository() {
        return Path.of(System.getProperty("leaklab.maven.repository")).toUri().toString();
    }

    private static void copyProject(Path project, Order order) throws Exception {
        Path source = Path.of(SampleProjectIT.class.getResource("/sample-project/pom.xml.template").toURI()).getParent();
        if (Files.exists(project)) {
            try (Stream<Path> old = Files.walk(project)) {
                for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
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
        String junit = dependency("org.junit.jupiter", "junit-jupiter", JUPITER);
        String leaklab = dependency("dev.leaklab", "leaklab-junit", VERSION);
        var dependencies = new ArrayList<>(order == Order.JUNIT_FIRST ? List.of(junit, leaklab) : List.of(leaklab, junit));
        String pom = Files.readString(source.resolve("pom.xml.template"))
                .replace("@DEPENDENCIES@", String.join("\n", dependencies))
                .replace("@JUNIT@", JUPITER)
                .replace("@RESOURCES_PLUGIN@", System.getProperty("leaklab.resources-plugin.version"))
                .replace("@COMPILER_PLUGIN@", System.getProperty("leaklab.compiler-plugin.version"))
                .replace("@SUREFIRE_PLUGIN@", System.getProperty("leaklab.surefire-plugin.version"));
        Files.writeString(project.resolve("pom.xml"), pom);
    }

    static String dependency(String group, String artifact, String version) {
        return "    <dependency><groupId>" + group + "</groupId><artifactId>" + artifact + "</artifactId><version>"
                + version + "</version><scope>test</scope></dependency>";
    }

    static Element suite(Path report) throws Exception {
        assertThat(report).as("surefire's report").isRegularFile();
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile()).getDocumentElement();
    }

    private static String property(Element suite, String name) {
        var properties = suite.getElementsByTagName("property");
        for (int i = 0; i < properties.getLength(); i++) {
            var p = (Element) properties.item(i);
            if (p.getAttribute("name").equals(name)) {
                return p.getAttribute("value");
            }
        }
        return null;
    }
}

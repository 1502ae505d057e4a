package dev.leaklab.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
 * <p>How the project is copied, resolved and built: {@link SampleProjects}.
 */
class SampleProjectIT {

    enum Order {
        JUNIT_FIRST, LEAKLAB_FIRST
    }

    static final Path WORK = Path.of("target", "sample-project").toAbsolutePath();
    static final String VERSION = SampleProjects.VERSION;
    static final String JUPITER = SampleProjects.JUPITER;

    @ParameterizedTest
    @EnumSource(Order.class)
    void aLeakedPlatformThreadFailsItsTestWhicheverOrderThePomListsThem(Order order) throws Exception {
        Path java = SampleProjects.jdk17();
        Path project = WORK.resolve(order.name().toLowerCase());
        String junit = SampleProjects.dependency("org.junit.jupiter", "junit-jupiter", JUPITER);
        String leaklab = SampleProjects.dependency("dev.leaklab", "leaklab-junit", VERSION);
        SampleProjects.copy("sample-project", project, order == Order.JUNIT_FIRST ? List.of(junit, leaklab) : List.of(leaklab, junit),
                Map.of("@JUNIT@", JUPITER));
        String output = SampleProjects.mvn(java, project, SampleProjects.settings(WORK), project.resolve("mvn.log"));

        Path reports = project.resolve("target/surefire-reports");
        Element versions = SampleProjects.suite(reports.resolve("TEST-sample.JupiterVersionTest.xml"));
        assertThat(versions.getAttribute("tests")).isEqualTo("1");
        assertThat(versions.getAttribute("failures") + versions.getAttribute("errors")).as(output).isEqualTo("00");
        assertThat(property(versions, "java.specification.version")).isEqualTo("17");

        Element leaky = SampleProjects.suite(reports.resolve("TEST-sample.LeakyTest.xml"));
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

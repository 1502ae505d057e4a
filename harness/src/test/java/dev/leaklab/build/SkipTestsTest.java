package dev.leaklab.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * {@code -DskipTests} skips the *IT tests too (scripts/jdk.sh builds jars with it, and a build
 * that runs a few minutes of ITs there is a surprise): failsafe 3.6 no longer reads the
 * {@code skipTests} property itself, only a {@code <skipTests>} in its configuration, so the root
 * pom binds it there, for every module's failsafe, with the property defaulting to false.
 */
class SkipTestsTest {

    static final Path ROOT_POM = Path.of("..", "pom.xml").toAbsolutePath().normalize();

    @Test
    void failsafeReadsTheSkipTestsProperty() throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document pom = factory.newDocumentBuilder().parse(ROOT_POM.toFile());
        var xpath = XPathFactory.newInstance().newXPath();
        String bound = xpath.evaluate("/*[local-name()='project']/*[local-name()='build']/*[local-name()='pluginManagement']"
                + "/*[local-name()='plugins']/*[local-name()='plugin'][*[local-name()='artifactId']='maven-failsafe-plugin']"
                + "/*[local-name()='configuration']/*[local-name()='skipTests']", pom);
        assertThat(bound).as("failsafe's <skipTests> in the root pom's pluginManagement").isEqualTo("${skipTests}");
        String byDefault = xpath.evaluate("/*[local-name()='project']/*[local-name()='properties']/*[local-name()='skipTests']", pom);
        assertThat(byDefault).as("the skipTests property's default").isEqualTo("false");
    }
}

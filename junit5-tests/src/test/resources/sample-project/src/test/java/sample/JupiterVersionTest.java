package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Every JUnit jar on the test class path is the project's own version, whatever leaklab-junit was built with. */
class JupiterVersionTest {

    @Test
    void jupiterIsTheProjectsOwn() throws ClassNotFoundException {
        String expected = System.getProperty("expected.jupiter");
        assertEquals(expected, version("org.junit.jupiter.api.Test"), "junit-jupiter-api");
        assertEquals(expected, version("org.junit.jupiter.engine.JupiterTestEngine"), "junit-jupiter-engine");
        // JUnit 5.x pairs Jupiter 5.N.x with Platform 1.N.x
        String platform = "1" + expected.substring(expected.indexOf('.'));
        assertEquals(platform, version("org.junit.platform.commons.util.ReflectionUtils"), "junit-platform-commons");
        assertEquals(platform, version("org.junit.platform.engine.TestEngine"), "junit-platform-engine");
        System.out.println("JDK " + Runtime.version().feature() + ", Jupiter " + expected);
    }

    /** From the jar's manifest; the engine's classes are on the run-time class path only. */
    private static String version(String className) throws ClassNotFoundException {
        return Class.forName(className).getPackage().getImplementationVersion();
    }
}

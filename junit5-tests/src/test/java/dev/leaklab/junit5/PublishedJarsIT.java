package dev.leaklab.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The jars that applications and test suites embed run on Java 17: every class in them is class
 * file version 61, read from the jar the reactor just packaged.
 */
class PublishedJarsIT {

    static final int JAVA_17 = 61;

    @ParameterizedTest
    @ValueSource(strings = {"core", "junit", "micrometer"})
    void everyClassIsJava17(String module) throws IOException {
        Path root = Path.of(System.getProperty("leaklab.root")).toAbsolutePath().normalize();
        Path jar = root.resolve(module).resolve("target")
                .resolve("leaklab-" + module + "-" + System.getProperty("leaklab.version") + ".jar");
        assertThat(jar).as("leaklab-" + module + "'s jar: build through the reactor, mvn -pl junit5-tests -am verify").isRegularFile();
        Map<Integer, Integer> classesByVersion = new TreeMap<>();
        try (var file = new JarFile(jar.toFile())) {
            for (var e : java.util.Collections.list(file.entries())) {
                if (!e.getName().endsWith(".class")) {
                    continue;
                }
                try (var in = new DataInputStream(file.getInputStream(e))) {
                    assertThat(in.readInt()).as(e.getName()).isEqualTo(0xCAFEBABE);
                    in.readUnsignedShort(); // minor
                    classesByVersion.merge(in.readUnsignedShort(), 1, Integer::sum);
                }
            }
        }
        assertThat(classesByVersion).as(jar + ": classes by class-file version").containsOnlyKeys(JAVA_17);
    }
}

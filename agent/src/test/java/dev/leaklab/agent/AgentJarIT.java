package dev.leaklab.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The agent jar as published: every class loads on JDK 17 (class file 61 at most), the launcher on 8
 * (52), ASM is inside and relocated, and nothing depends on a JVM reading a multi-release jar (the
 * bootstrap class path the hooks live on does not).
 */
class AgentJarIT {
    private static final int JAVA_8 = 52, JAVA_17 = 61;

    @Test
    void everyClassLoadsOnJdk17AndTheLauncherOnJdk8() throws Exception {
        var versions = new TreeMap<String, Integer>();
        try (var jar = new JarFile(ChildJvm.agentJar().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Multi-Release")).isNull();
            assertThat(jar.getManifest().getMainAttributes().getValue("Premain-Class")).isEqualTo("dev.leaklab.agent.Agent");
            for (var e : java.util.Collections.list(jar.entries())) {
                String name = e.getName();
                assertThat(name).as("no multi-release or module entries").doesNotStartWith("META-INF/versions/").doesNotEndWith("module-info.class");
                assertThat(name).as("ASM only relocated").doesNotStartWith("org/");
                if (!name.endsWith(".class")) continue;
                try (var in = new DataInputStream(jar.getInputStream(e))) {
                    assertThat(in.readInt()).as(name).isEqualTo(0xCAFEBABE);
                    in.readUnsignedShort(); // minor
                    versions.put(name, in.readUnsignedShort());
                }
            }
        }
        assertThat(versions).as("class-file major version of every class").allSatisfy((name, major) -> assertThat(major).as(name).isLessThanOrEqualTo(JAVA_17));
        assertThat(versions).containsEntry("dev/leaklab/agent/Agent.class", JAVA_8);
        assertThat(only(versions, "dev/leaklab/agent/boot/")).as("the agent's own classes: --release 17").isNotEmpty()
                .allSatisfy((name, major) -> assertThat(major).as(name).isEqualTo(JAVA_17));
        assertThat(only(versions, "dev/leaklab/agent/internal/asm/")).as("the relocated ASM")
                .containsKeys("dev/leaklab/agent/internal/asm/ClassReader.class", "dev/leaklab/agent/internal/asm/ClassWriter.class");
    }

    @Test
    void thePublishedPomHasNoRuntimeDependency() throws Exception {
        var pom = ChildJvm.agentJar().resolveSibling("dependency-reduced-pom.xml");
        String text = Files.readString(pom);
        assertThat(text).doesNotContain("<artifactId>asm</artifactId>");
        // what is left are the test dependencies
        assertThat(text.split("<dependency>", -1).length - 1).isEqualTo(text.split("<scope>test</scope>", -1).length - 1);
    }

    private static Map<String, Integer> only(Map<String, Integer> versions, String prefix) {
        var m = new TreeMap<String, Integer>();
        versions.forEach((k, v) -> {
            if (k.startsWith(prefix)) m.put(k, v);
        });
        return m;
    }
}

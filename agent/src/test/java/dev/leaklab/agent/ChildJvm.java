package dev.leaklab.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a test program in a fresh JVM (this JDK, or another), with or without the agent jar built by package. */
final class ChildJvm {
    /** What the child printed, and how it ended. */
    record Result(int exitCode, String out, String err) {
        /** The value of the first stdout line "KEY value". */
        String value(String key) {
            return out.lines().filter(l -> l.startsWith(key + " ")).map(l -> l.substring(key.length() + 1))
                    .findFirst().orElseThrow(() -> new AssertionError("no '" + key + "' line in:\n" + out + "\nstderr:\n" + err));
        }
    }

    private ChildJvm() {}

    static Path agentJar() {
        String p = System.getProperty("leaklab.agent.jar", "target/leaklab-agent.jar");
        Path jar = Path.of(p).toAbsolutePath();
        if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar + " is missing: run 'mvn -pl agent verify'");
        return jar;
    }

    static Result run(List<String> jvmArgs, Class<?> main, String... args) throws IOException, InterruptedException {
        return run(System.getProperty("java.class.path"), jvmArgs, main, args);
    }

    /** The folder (or jar) {@code c} was loaded from: a class path of our test classes alone. */
    static String home(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Result run(String classPath, List<String> jvmArgs, Class<?> main, String... args) throws IOException, InterruptedException {
        return run(Path.of(System.getProperty("java.home"), "bin", "java"), classPath, jvmArgs, main.getName(), args);
    }

    /** On another JDK's {@code java}; {@code main} by name, so that this JDK's tests need not compile it. */
    static Result run(Path java, String classPath, List<String> jvmArgs, String main, String... args) throws IOException, InterruptedException {
        var cmd = new ArrayList<String>();
        cmd.add(java.toString());
        cmd.add("-Xshare:auto");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(main);
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("child", ".out"), err = Files.createTempFile("child", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("child JVM did not finish in 120 s: " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static String javaagent(String options) {
        return "-javaagent:" + agentJar() + (options.isEmpty() ? "" : "=" + options);
    }
}

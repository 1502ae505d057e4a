package dev.leaklab.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM for a test to look at: started with this JVM's java and test class path, its output
 * collected, and killed (with anything it started) on close, so a failing test leaves nothing
 * running. Use it in try-with-resources.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private volatile boolean outputOpen = true;

    private ChildJvm(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("child-output-" + process.pid()).start(this::drain);
    }

    /** Runs {@code dev.leaklab.cli.Main} with {@code args}, after the extra JVM options. */
    public static ChildJvm leaklab(List<String> jvmOptions, String... args) throws IOException {
        var cmd = new ArrayList<String>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("--add-exports");
        cmd.add("java.base/jdk.internal.vm=ALL-UNNAMED");
        cmd.add("-Xmx256m");
        cmd.add("-Xss512k");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.leaklab.cli.Main");
        cmd.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    /** Runs {@code main} of the test class path with this JVM's java and nothing else: no agent, no add-exports. */
    public static ChildJvm java(List<String> jvmOptions, String main, String... args) throws IOException {
        var cmd = new ArrayList<String>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("-Xmx256m");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main);
        cmd.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    /** Writes a line to the child's standard input. */
    public void send(String line) throws IOException {
        var in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for an output line matching {@code regex} and returns its match; fails with the output so far. */
    public Matcher awaitLine(String regex, Duration timeout) throws InterruptedException {
        var pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = pattern.matcher(lines.get(seen));
                    if (m.find()) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && seen == lines.size())) {
                    throw new AssertionError("child " + pid() + (process.isAlive() ? "" : " (exited)")
                            + " printed no line matching /" + regex + "/ within " + timeout + "; output:\n" + output());
                }
                lines.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Waits for the child to exit and returns its exit code; fails with its output if it does not. */
    public int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
            throw new AssertionError("child " + pid() + " still runs after " + timeout + "; output:\n" + output());
        }
        // the output thread may still be reading the last lines
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (outputOpen && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return process.exitValue();
    }

    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    private void drain() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the child was killed
        } finally {
            synchronized (lines) {
                outputOpen = false;
                lines.notifyAll();
            }
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(Duration.ofSeconds(20))) {
                throw new AssertionError("child " + pid() + " did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the kill is sent; the OS reaps it
        }
    }

    /** The number of the unique line of {@code source} that contains {@code marker}, after the line with {@code after}. */
    public static int lineOf(Path source, String after, String marker) throws IOException {
        var all = Files.readAllLines(source);
        int from = -1;
        for (int i = 0; i < all.size(); i++) {
            if (from < 0 && all.get(i).contains(after)) {
                from = i;
            } else if (from >= 0 && all.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line with '" + marker + "' after '" + after + "' in " + source);
    }
}

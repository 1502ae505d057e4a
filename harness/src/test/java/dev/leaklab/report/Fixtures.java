package dev.leaklab.report;

import dev.leaklab.input.JmhResults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.leaklab.input.RunJson;
import dev.leaklab.result.ResultJson;
import dev.leaklab.result.RunResult;

/**
 * Stored inputs: {@code run-quick/} is a real quick stress run trimmed to two scenarios (its
 * send-without-receiver and unbounded-fan-out cells, with the flood's .hlog files);
 * {@code jmh/small.json} is real JMH output of three benchmark classes with three iterations
 * (error bars), {@code jmh/smoke-one-iteration.json} real output of one iteration (errors "NaN").
 * {@code threads/} holds the thread tools' files from real child JVMs running send-without-receiver,
 * leaky: {@code dump-base.json} and {@code dump-new.json} are jcmd JSON dumps 3.5 s apart of one
 * virtual-thread run, {@code dump-platform.json} one of a platform-thread run, {@code grouped-base.json}
 * is {@code leaklab dump dump-base.json --format json};
 * {@code leaks-virtual.json} and {@code leaks-platform.json} are {@code leaklab leaks --format json} of
 * those runs. {@code leaks-growing.json} (schema 2) is {@code leaklab leaks} of com.acme.orders.OrderService
 * (LeaksGrowingTest) with the agent in proof mode. {@code leaks-agent.json} and {@code leaks-proven.json} are {@code leaklab leaks} of the
 * agent's demo program ({@code com.example.billing.Billing leak}, and {@code prove} in proof mode),
 * run with {@code -javaagent} as docs/agent.md shows.
 */
final class Fixtures {

    private Fixtures() {
    }

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/dev/leaklab/report/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    static Path threads(String name) {
        return resource("threads/" + name);
    }

    static Path runDir() {
        return resource("run-quick");
    }

    static RunResult run() {
        return RunJson.read(runDir());
    }

    static JmhResults jmh(String name) {
        return JmhResults.read(resource("jmh/" + name));
    }

    /** A writable copy of a stored folder or file, so a report written "beside the input" lands in a temp dir. */
    static Path copy(String name, Path into) throws IOException {
        Path from = resource(name);
        Path to = into.resolve(from.getFileName().toString());
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}

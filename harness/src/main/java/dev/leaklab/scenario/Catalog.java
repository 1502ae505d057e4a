package dev.leaklab.scenario;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The Go guide's leak patterns, in the Go guide's order, plus Java's own most common one. */
public final class Catalog {

    private static final List<Scenario> ALL = List.of(
            new SendWithoutReceiver(),
            new MissingCancellation(),
            new BlockingIoWithoutTimeout(),
            new WaitWithoutCancellation(),
            new FireAndForgetAnalytics(),
            new UnboundedFanOut(),
            new RpcWithoutTimeout(),
            new ConnectionHandlers(),
            new ExecutorNeverShutdown());

    private Catalog() {
    }

    public static List<Scenario> all() {
        return ALL;
    }

    public static Optional<Scenario> find(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The valid names, comma separated, for error messages. */
    public static String names() {
        return ALL.stream().map(Scenario::name).collect(Collectors.joining(", "));
    }
}

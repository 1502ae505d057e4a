package dev.leaklab.scenario;

import dev.leaklab.result.Variant;

/**
 * One leak pattern of the Go guide, runnable leaky or fixed on either thread kind.
 *
 * <p>The harness opens a {@link Workload}, calls {@link Workload#submit()} at the offered rate
 * (one call is one request, message or connection: the Go guide's "spawn one goroutine per tick"),
 * then {@link Workload#close()}s it, which stops it the way its variant does. A leaky workload's
 * close leaves its stuck threads behind; a fixed one cancels them and waits for them to end.
 */
public interface Scenario {

    /** The command-line name, e.g. {@code send-without-receiver}. */
    String name();

    /** The section of the Go guide this scenario mirrors. */
    String guideSection();

    /** One line: what leaks and why. */
    String leak();

    /** One line: the idiomatic Java fix. */
    String fix();

    /**
     * Starts the scenario's fixtures (loopback servers, silent peers) and returns a workload whose
     * threads all come from {@code threads}: platform or virtual, as the harness chose.
     */
    Workload open(Variant variant, Thread.Builder threads) throws Exception;

    /** One running instance of a scenario. */
    interface Workload extends AutoCloseable {
        /** One unit of work at the offered rate; returns quickly, whatever it leaves running. */
        void submit() throws Exception;

        /** Stops the scenario the way its variant does. */
        @Override
        void close() throws Exception;
    }
}

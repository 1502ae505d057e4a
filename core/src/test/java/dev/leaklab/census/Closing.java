package dev.leaklab.census;

import dev.leaklab.internal.census.VirtualThreads;
import java.util.concurrent.ExecutorService;

/** An executor in try-with-resources on Java 17, where ExecutorService is not yet AutoCloseable. */
public record Closing(ExecutorService executor) implements AutoCloseable {
    @Override
    public void close() {
        VirtualThreads.close(executor);
    }
}

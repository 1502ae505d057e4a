package dev.leaklab.endpoint;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import dev.leaklab.endpoint.Http.Answer;
import dev.leaklab.io.UserError;

/**
 * Answers shared between requests, so that a flood costs one dump: requests that arrive while an
 * answer is being computed get the same one, and a kept answer is reused for {@link #FRESH} after
 * its start. However many requests arrive, at most one computation per key runs.
 */
final class SharedAnswers {

    /** How old a shared dump or count may be when a request gets it. */
    static final Duration FRESH = Duration.ofSeconds(1);

    interface Compute {
        Answer call() throws IOException, UserError;
    }

    private record Shared(CompletableFuture<Answer> answer, long startNanos, boolean keep) {
        boolean reusable(long now) {
            return !answer.isDone() || (keep && !answer.isCompletedExceptionally() && now - startNanos < FRESH.toNanos());
        }
    }

    private final ConcurrentHashMap<String, Shared> shared = new ConcurrentHashMap<>();

    /**
     * The answer for {@code key}: the one being computed, or (if {@code keep}) one started less
     * than {@link #FRESH} ago, or a new one.
     */
    Answer get(String key, boolean keep, Compute compute) throws IOException {
        var mine = new Shared(new CompletableFuture<>(), System.nanoTime(), keep);
        var current = shared.compute(key, (k, old) -> old != null && old.reusable(System.nanoTime()) ? old : mine);
        if (current == mine) {
            try {
                mine.answer.complete(compute.call());
            } catch (IOException | RuntimeException e) {
                mine.answer.completeExceptionally(e);
            }
        }
        try {
            return current.answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a dump");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw (RuntimeException) e.getCause();
        }
    }
}

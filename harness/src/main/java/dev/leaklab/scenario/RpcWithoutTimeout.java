package dev.leaklab.scenario;

import dev.leaklab.result.Variant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/*
 * RPC WITHOUT TIMEOUT  (Go guide: real-world scenario 3, "Microservice with RPC Calls")
 *
 * The leak. A request thread fetches data from another service: it runs the RPC asynchronously
 * (CompletableFuture.supplyAsync on a thread of its own) and then join()s the future with no
 * timeout. The remote service hangs (a loopback peer that accepts and never answers). The RPC
 * thread waits forever in a socket read, and the request thread waits forever in join(): two
 * threads per request, the Go guide's "both the caller and the goroutine leak".
 *
 *     var f = CompletableFuture.supplyAsync(() -> rpc.fetch(id), executor);
 *     return f.join();                 // no timeout: waits as long as the RPC does
 *
 * Why it leaks. join() and get() without arguments wait without limit, and a blocking socket
 * read without SO_TIMEOUT does too. CompletableFuture.cancel() does not even interrupt the task.
 *
 * The fix. Bound the wait: get(timeout) (or orTimeout()), and on timeout cancel the call for
 * real, which for a blocking socket means closing it, since CompletableFuture's cancel does not
 * interrupt and a platform thread's socket read ignores interrupts. The socket gets a read
 * timeout as well, as a second line of defence.
 *
 * Run it:   scripts/leaklab run rpc-without-timeout --variant leaky --kind virtual
 */
public final class RpcWithoutTimeout implements Scenario {

    static final Duration TIMEOUT = Duration.ofMillis(50);

    @Override public String name() { return "rpc-without-timeout"; }
    @Override public String guideSection() { return "scenario 3: microservice with RPC calls"; }
    @Override public String leak() { return "caller join()s a CompletableFuture whose RPC hangs: caller and RPC thread stay"; }
    @Override public String fix() { return "timed get(), then cancel the call by closing its socket; socket read timeout"; }

    @Override
    public Workload open(Variant variant, Thread.Builder builder) throws IOException {
        ThreadFactory threads = builder.factory(); // thread-safe, unlike the builder
        return new Requests(variant, new SilentPeer(), threads, new OwnedThreads(threads));
    }

    /** One RPC on its own socket, so that cancelling it can close exactly that socket. */
    private record Call(SilentPeer service, Socket socket, Variant variant) {
        static Call open(SilentPeer service, Variant variant) {
            try {
                return new Call(service, service.connect(), variant);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String fetch(String id) {
            try (socket) {
                if (variant == Variant.FIXED) {
                    socket.setSoTimeout((int) TIMEOUT.toMillis());
                }
                socket.getOutputStream().write((id + "\n").getBytes(StandardCharsets.US_ASCII));
                int answer = socket.getInputStream().read(); // the service never answers
                return String.valueOf(answer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void cancel() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all we can do
            }
        }
    }

    private record Requests(Variant variant, SilentPeer service, ThreadFactory threads, OwnedThreads owned)
            implements Workload {

        @Override
        public void submit() {
            owned.start(() -> handleRequest("id-" + System.nanoTime()));
        }

        private void handleRequest(String id) {
            Executor rpcThread = task -> owned.start(task); // one thread per call, like `go func()`
            Call call = Call.open(service, variant);
            var future = CompletableFuture.supplyAsync(() -> call.fetch(id), rpcThread);
            if (variant == Variant.LEAKY) {
                future.join(); // waits as long as the RPC: forever
                return;
            }
            try {
                future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | InterruptedException | ExecutionException | CancellationException e) {
                future.cancel(true); // marks it cancelled, but does not stop the task...
                call.cancel();       // ...closing its socket does
            }
        }

        @Override
        public void close() throws Exception {
            if (variant == Variant.FIXED) {
                owned.cancelAndJoin(Duration.ofSeconds(5));
                service.close();
            }
        }
    }
}

package dev.leaklab.internal.dump;

import dev.leaklab.io.Durations;
import dev.leaklab.io.NoAnswer;
import dev.leaklab.io.UserError;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every pid path does before and while it talks to another process: check that it is a Java
 * process (the Attach API signals a process that has no attach listener yet with SIGQUIT, which ends
 * nginx, gunicorn and php-fpm), and bound every exchange, as a stopped JVM never answers.
 */
public final class Targets {

    /** How long a target may take to answer before leaklab gives up (the CLI's {@code --timeout}). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /**
     * Where the threads that talk to targets and write this JVM's dumps come from. The census sits
     * above this layer (it reads dumps), so this layer cannot register its threads as the tool's
     * itself: the endpoint and the CLI pass a factory that does ({@code LiveThreads.registerToolThread}),
     * and the census then never counts them as the application's.
     */
    private static volatile ThreadFactory threads = Thread::new;

    private Targets() {
    }

    /**
     * Fails unless {@code pid} is a running process that has a JVM loaded ({@code libjvm.so} in
     * {@code /proc/PID/maps}): the one check before any signal. This JVM passes. Without procfs
     * (not Linux) the Attach API is left to find out.
     */
    public static void requireJava(long pid) {
        if (pid <= 0 || ProcessHandle.of(pid).isEmpty()) {
            throw new UserError("no process with pid " + pid);
        }
        if (pid == ProcessHandle.current().pid() || !Files.exists(Path.of("/proc/self/maps"))) {
            return;
        }
        Path maps = Path.of("/proc", Long.toString(pid), "maps");
        boolean jvm;
        try (var lines = Files.lines(maps)) { // line by line: a JVM with 100,000 threads has a large map
            jvm = lines.anyMatch(l -> l.endsWith("/libjvm.so"));
        } catch (NoSuchFileException gone) {
            throw new UserError("no process with pid " + pid);
        } catch (IOException | UncheckedIOException e) {
            throw new UserError("cannot tell whether pid " + pid + " is a Java process: " + maps
                    + " is not readable (another user's process? run leaklab as that user); no signal was sent");
        }
        if (!jvm) {
            throw new UserError("pid " + pid + " is not a Java process (no libjvm.so in " + maps + "): no signal was sent");
        }
    }

    /** Makes the threads of this layer with {@code factory} from now on (see {@link #threads}). */
    public static void threadFactory(ThreadFactory factory) {
        threads = java.util.Objects.requireNonNull(factory, "factory");
    }

    /** A daemon thread named {@code name} from the factory passed in, not started. */
    public static Thread daemon(Runnable task, String name) {
        Thread t = threads.newThread(task);
        t.setName(name);
        t.setDaemon(true);
        return t;
    }

    /**
     * The feature release (8, 17, 21, 25, ...) of the JDK that JVM {@code pid} runs, from the
     * {@code release} file of the JDK its {@code libjvm.so} came from (read through
     * {@code /proc/PID/root}, so a JVM in a container is read in its own file system), or -1 when that
     * cannot be told: no procfs, no such file, no {@code JAVA_VERSION} in it. Costs no attach, unlike
     * asking the JVM for its system properties.
     */
    public static int releaseFeature(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        String libjvm;
        try (var lines = Files.lines(proc.resolve("maps"))) {
            libjvm = lines.filter(l -> l.endsWith("/libjvm.so")).findFirst().orElse(null);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return -1;
        }
        if (libjvm == null || libjvm.indexOf('/') < 0) {
            return -1;
        }
        Path lib = Path.of(libjvm.substring(libjvm.indexOf('/')));
        // lib/server/libjvm.so (JDK 9+), jre/lib/amd64/server/libjvm.so (JDK 8): the release file is at the top
        Path dir = lib.getParent();
        for (int up = 0; up < 5 && dir != null; up++, dir = dir.getParent()) {
            Path release = proc.resolve("root").resolve(dir.resolve("release").toString().substring(1));
            if (!Files.isRegularFile(release)) {
                continue;
            }
            try (var lines = Files.lines(release)) {
                return lines.filter(l -> l.startsWith("JAVA_VERSION=")).findFirst()
                        .map(l -> feature(l.substring("JAVA_VERSION=".length()).replace("\"", "").strip())).orElse(-1);
            } catch (IOException | UncheckedIOException | SecurityException e) {
                return -1;
            }
        }
        return -1;
    }

    /** {@code 25.0.3} → 25, {@code 17} → 17, {@code 1.8.0_392} → 8; -1 for anything else. */
    static int feature(String version) {
        String v = version.startsWith("1.") ? version.substring(2) : version;
        int end = 0;
        while (end < v.length() && end < 4 && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end == 0 ? -1 : Integer.parseInt(v.substring(0, end));
    }

    /**
     * Runs one exchange with {@code pid} (an attach, a command and its reply) on a daemon thread of
     * its own and waits at most {@code timeout} for it. A thread blocked in the Attach API's native
     * read cannot be interrupted: one that times out is left behind, and ends when the target answers
     * or dies.
     */
    public static <T> T answer(long pid, Duration timeout, Callable<T> exchange) {
        var result = new CompletableFuture<T>();
        daemon(() -> {
            try {
                result.complete(exchange.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "leaklab-attach-" + pid).start();
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            removeAttachTrigger(pid);
            throw noAnswer(pid, timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause()); // exchanges turn their IOExceptions into messages
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while waiting for pid " + pid + " to answer");
        }
    }

    /** An exchange whose reply is streamed: it writes the reply to {@code sink} as it comes. */
    @FunctionalInterface
    public interface StreamedExchange {
        void run(OutputStream sink) throws Exception;
    }

    /**
     * Runs {@code exchange} with {@code pid} on a daemon thread of its own and returns its reply as it
     * comes, with bounded memory ({@link ReplyPipe}): the reader waits at most {@code timeout} for the
     * first part (the attach included) and then for each next part, so a large reply that keeps
     * coming takes as long as it takes, and a target that stops answering fails the read with
     * {@link NoAnswer}. Closing the stream early ends the exchange at its next write. A thread blocked
     * in the Attach API's native read is left behind, as in {@link #answer}.
     */
    public static InputStream stream(long pid, Duration timeout, StreamedExchange exchange) {
        var pipe = new ReplyPipe[1];
        pipe[0] = new ReplyPipe(timeout.toNanos(), () -> {
            if (!pipe[0].anyByte()) {
                removeAttachTrigger(pid);
            }
            return noAnswer(pid, timeout);
        });
        daemon(() -> {
            try {
                exchange.run(pipe[0].sink);
                pipe[0].finish();
            } catch (ReplyPipe.ReaderGone gone) {
                // the reader has what it wanted, or gave up
            } catch (Throwable e) {
                pipe[0].fail(e);
            }
        }, "leaklab-attach-" + pid).start();
        return pipe[0];
    }

    /** Whether {@code e} says that the reader of a {@link #stream} went: the exchange then just ends. */
    public static boolean readerGone(IOException e) {
        return e instanceof ReplyPipe.ReaderGone;
    }

    /**
     * The Attach API asks a JVM to listen by creating {@code .attach_pid<pid>} in its working folder
     * (or /tmp) and deletes it when the attach ends; a thread left behind by a timeout never gets
     * there, and this process may exit first. Without this, a target stopped now would find the
     * file when resumed, long after anyone asked. Only while the target has no attach socket yet.
     * A target in a container is reached through {@code /proc/PID/root} and {@code /proc/PID/cwd},
     * and names its files by its pid in its own namespace, as the JDK's attach does ({@link #nsPid}).
     */
    public static void removeAttachTrigger(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        removeAttachTrigger(proc, nsPid(proc, pid));
    }

    static void removeAttachTrigger(Path proc, long nsPid) {
        if (Files.exists(proc.resolve("root/tmp/.java_pid" + nsPid))) {
            return;
        }
        for (Path trigger : List.of(proc.resolve("cwd/.attach_pid" + nsPid), proc.resolve("root/tmp/.attach_pid" + nsPid))) {
            try {
                Files.deleteIfExists(trigger);
            } catch (IOException | SecurityException e) {
                // another user's folder: the file stays, as after jcmd's own timeout
            }
        }
    }

    /**
     * The process's pid in its innermost pid namespace: the last number of the {@code NSpid:} line
     * of {@code PROC/status} (Linux 4.1 and later), else {@code pid}, as the JDK's LinuxVirtualMachine reads it.
     */
    static long nsPid(Path proc, long pid) {
        try (var lines = Files.lines(proc.resolve("status"))) {
            return lines.filter(l -> l.startsWith("NSpid:")).findFirst().map(l -> {
                String[] ids = l.substring("NSpid:".length()).strip().split("\\s+");
                try {
                    return Long.parseLong(ids[ids.length - 1]);
                } catch (NumberFormatException e) {
                    return pid;
                }
            }).orElse(pid);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return pid;
        }
    }

    /** The one line for a target that stayed silent. */
    public static NoAnswer noAnswer(long pid, Duration timeout) {
        return new NoAnswer("pid " + pid + " did not answer within " + Durations.format(timeout)
                + " (stopped, e.g. by kill -STOP, or hung?); --timeout sets how long to wait");
    }
}

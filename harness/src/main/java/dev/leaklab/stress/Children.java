package dev.leaklab.stress;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The child JVMs of one stress run. Every child is started through it, so that whatever ends the
 * parent (a cell that throws, Ctrl-C, SIGTERM to the parent alone) can stop them all: the JVM does
 * not stop a process's children when it exits, and a hung child would live on under PID 1.
 * Once {@link #stopAll} has run, no new child starts. (SIGKILL of the parent runs nothing: there
 * each child notices it is orphaned and exits, see {@link CellMain}.)
 */
final class Children {

    /** How long a stopped child gets to write its recording before SIGKILL. */
    static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private boolean closed; // guarded by running

    /** Thrown instead of starting a child once the run is being stopped. */
    static final class Stopped extends IOException {
        Stopped() {
            super("the run is being stopped", null);
        }
    }

    Process start(ProcessBuilder builder) throws IOException {
        synchronized (running) {
            if (closed) {
                throw new Stopped();
            }
            Process p = builder.start();
            running.add(p);
            return p;
        }
    }

    /** The child has ended (or is ended now, with anything it started). */
    void finished(Process p) {
        if (p.isAlive()) {
            stop(p, STOP_GRACE);
        }
        running.remove(p);
    }

    boolean stopping() {
        synchronized (running) {
            return closed;
        }
    }

    /** Stops every child, SIGTERM first so JFR writes its recording, and lets no new one start. */
    void stopAll() {
        List<Process> now;
        synchronized (running) {
            closed = true;
            now = List.copyOf(running);
        }
        now.parallelStream().forEach(p -> stop(p, STOP_GRACE));
    }

    /** SIGTERM to the child and its descendants; SIGKILL to whatever is left after {@code grace}. */
    static void stop(Process p, Duration grace) {
        List<ProcessHandle> tree = Stream.concat(p.descendants(), Stream.of(p.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                p.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}

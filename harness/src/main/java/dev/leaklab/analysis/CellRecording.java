package dev.leaklab.analysis;

import dev.leaklab.jfr.LiveThreadsEvent;
import dev.leaklab.jfr.PhaseEvent;
import dev.leaklab.jfr.PhaseStartEvent;
import dev.leaklab.jfr.CappedEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import jdk.jfr.consumer.EventStream;
import jdk.jfr.consumer.RecordedEvent;

/**
 * What one cell's recording holds, read back in the parent: the live-thread samples, the phases,
 * heap after GC, RSS and NMT thread stacks. A child that finished leaves {@code cell.jfr}; one that
 * was killed leaves only JFR's disk repository, whose last chunk is unfinished (the {@code jfr}
 * tool refuses it) but which JFR's streaming API reads up to the last flush (the child flushes
 * every 250 ms).
 */
public record CellRecording(List<Sample> samples, List<Phase> phases, List<Point> heapAfterGc, List<Point> rss,
                            List<Point> nmtThreadStack, Optional<Capped> capped, Source source, List<CpuLoad> cpu) {

    /** A recording without CPU-load readings. */
    public CellRecording(List<Sample> samples, List<Phase> phases, List<Point> heapAfterGc, List<Point> rss,
                         List<Point> nmtThreadStack, Optional<Capped> capped, Source source) {
        this(samples, phases, heapAfterGc, rss, nmtThreadStack, capped, source, List.of());
    }

    /**
     * One {@code jdk.CPULoad} reading: the share of the whole machine's CPU (0 to 1) that this JVM
     * used, and that every process together used, over the last period.
     */
    public record CpuLoad(Instant time, double jvm, double machine) {
        /** What the other processes on the host used: the contention the cell ran under. */
        public double others() {
            return Math.max(0, machine - jvm);
        }
    }

    /** One {@code dev.leaklab.LiveThreads} event. */
    public record Sample(Instant time, int platform, int virtual, int jvm, int harness, long submitted,
                         long rejected, long completed, long timedOut, long heapUsed) {
        public int app() {
            return platform + virtual;
        }
    }

    /** A phase; {@code finished} is false when the child died during it (its end is then the last data). */
    public record Phase(String name, Instant start, Instant end, long operations, boolean finished) { }

    /** A memory reading, bytes at a time. */
    public record Point(Instant time, long bytes) { }

    public record Capped(Instant time, int platformThreads, int cap) { }

    /** jdk.GarbageCollection's cause for the child's own GCs. */
    static final String EXPLICIT_GC = "System.gc()";

    /**
     * Where the data came from: the finished file, or the repository of a child that died; OFF
     * when the run asked for no recording ({@code leaklab stress --recording off}).
     */
    public enum Source { FILE, REPOSITORY, NONE, OFF }

    public static CellRecording empty() {
        return new CellRecording(List.of(), List.of(), List.of(), List.of(), List.of(), Optional.empty(), Source.NONE);
    }

    /** Reads {@code file} if the child wrote it, else whatever the repository folder holds. */
    public static CellRecording read(Path file, Path repository) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > 0) {
            var c = new Collector();
            try (var stream = EventStream.openFile(file)) {
                stream.onEvent(c::accept);
                stream.start();
            }
            return c.result(Source.FILE);
        }
        Optional<Path> chunks = chunkFolder(repository);
        if (chunks.isEmpty()) {
            return empty();
        }
        return readRepository(chunks.get());
    }

    /** JFR puts its chunks in a sub-folder of the repository named after the date and pid. */
    private static Optional<Path> chunkFolder(Path repository) throws IOException {
        if (!Files.isDirectory(repository)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(repository)) {
            return dirs.filter(Files::isDirectory).max(Comparator.naturalOrder());
        }
    }

    /**
     * Streams a dead JVM's repository until it goes quiet: one second without an event or a
     * flush once data has arrived, or ten seconds without any (the stream's start-up is slow on
     * a busy machine).
     */
    private static CellRecording readRepository(Path chunks) throws IOException {
        var c = new Collector();
        long start = System.nanoTime();
        var lastProgress = new AtomicLong(0);
        try (var stream = EventStream.openRepository(chunks)) {
            stream.setStartTime(Instant.EPOCH);
            stream.onEvent(e -> {
                lastProgress.set(System.nanoTime());
                c.accept(e);
            });
            stream.onFlush(() -> lastProgress.set(System.nanoTime()));
            stream.startAsync();
            while (true) {
                Thread.sleep(100);
                long last = lastProgress.get();
                long now = System.nanoTime();
                if (last == 0 ? now - start > 10_000_000_000L : now - last > 1_000_000_000L) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (c) {
            return c.result(Source.REPOSITORY);
        }
    }

    private static final class Collector {
        final List<Sample> samples = new ArrayList<>();
        final List<Phase> ended = new ArrayList<>();
        final List<Phase> started = new ArrayList<>();
        final List<Point> heap = new ArrayList<>();
        /** The gcId of each of {@link #heap}'s points, in the same order. */
        final List<Integer> heapGcIds = new ArrayList<>();
        final java.util.Set<Integer> explicitGcs = new java.util.HashSet<>();
        final List<Point> rss = new ArrayList<>();
        final List<Point> nmt = new ArrayList<>();
        final List<CpuLoad> cpu = new ArrayList<>();
        Capped capped;

        synchronized void accept(RecordedEvent e) {
            switch (e.getEventType().getName()) {
                case LiveThreadsEvent.NAME -> samples.add(new Sample(e.getEndTime(), e.getInt("platform"),
                        e.getInt("virtual"), e.getInt("jvm"), e.getInt("harness"), e.getLong("submitted"),
                        e.getLong("rejected"), e.getLong("completed"), e.getLong("timedOut"), e.getLong("heapUsed")));
                case PhaseStartEvent.NAME -> started.add(new Phase(e.getString("phase"), e.getEndTime(), null, 0, false));
                case PhaseEvent.NAME -> ended.add(new Phase(e.getString("phase"), e.getStartTime(), e.getEndTime(),
                        e.getLong("operations"), true));
                case CappedEvent.NAME -> capped = new Capped(e.getEndTime(), e.getInt("platformThreads"), e.getInt("cap"));
                case "jdk.GCHeapSummary" -> {
                    if ("After GC".equals(e.getString("when"))) {
                        heap.add(new Point(e.getEndTime(), e.getLong("heapUsed")));
                        heapGcIds.add(e.getInt("gcId"));
                    }
                }
                case "jdk.GarbageCollection" -> {
                    if (EXPLICIT_GC.equals(e.getString("cause"))) {
                        explicitGcs.add(e.getInt("gcId"));
                    }
                }
                case "jdk.CPULoad" -> cpu.add(new CpuLoad(e.getEndTime(),
                        e.getFloat("jvmUser") + e.getFloat("jvmSystem"), e.getFloat("machineTotal")));
                case "jdk.ResidentSetSize" -> rss.add(new Point(e.getEndTime(), e.getLong("size")));
                case "jdk.NativeMemoryUsage" -> {
                    if ("Thread Stack".equals(e.getString("type"))) {
                        nmt.add(new Point(e.getEndTime(), e.getLong("committed")));
                    }
                }
                default -> { }
            }
        }

        /**
         * Heap after the child's own full GCs (System.gc(), every --gc-every): the live set. A young
         * collection's "after" still holds the old generation's garbage, and where one falls
         * depends on how much the set-up allocated: mixed in, it made a cell's heap slope noise.
         * A recording without explicit GCs (--gc-every 0) keeps every reading.
         */
        private List<Point> liveSet() {
            if (explicitGcs.isEmpty()) {
                return new ArrayList<>(heap);
            }
            var out = new ArrayList<Point>();
            for (int i = 0; i < heap.size(); i++) {
                if (explicitGcs.contains(heapGcIds.get(i))) {
                    out.add(heap.get(i));
                }
            }
            return out;
        }

        private Instant lastTime() {
            return samples.isEmpty() ? Instant.EPOCH : samples.getLast().time();
        }

        /** Finished phases as recorded; an unfinished one runs from its start to the last data. */
        private List<Phase> phases(Instant last) {
            var all = new ArrayList<>(ended);
            started.sort(Comparator.comparing(Phase::start));
            for (Phase s : started) {
                if (ended.stream().noneMatch(p -> p.name().equals(s.name()))) {
                    all.add(new Phase(s.name(), s.start(), last, 0, false));
                }
            }
            all.sort(Comparator.comparing(Phase::start));
            return List.copyOf(all);
        }

        CellRecording result(Source source) {
            Comparator<Sample> bySampleTime = Comparator.comparing(Sample::time);
            Comparator<Point> byTime = Comparator.comparing(Point::time);
            samples.sort(bySampleTime);
            List<Phase> phases = phases(lastTime());
            var heap = liveSet();
            heap.sort(byTime);
            rss.sort(byTime);
            nmt.sort(byTime);
            cpu.sort(Comparator.comparing(CpuLoad::time));
            return new CellRecording(List.copyOf(samples), phases, List.copyOf(heap), List.copyOf(rss),
                    List.copyOf(nmt), Optional.ofNullable(capped), source, List.copyOf(cpu));
        }
    }

    public Optional<Phase> phase(dev.leaklab.result.Phase which) {
        String name = which.id();
        return phases.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}

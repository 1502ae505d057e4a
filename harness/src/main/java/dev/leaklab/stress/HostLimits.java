package dev.leaklab.stress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The machine's limits on threads, read from Linux, and the platform-thread cap derived from
 * them. A flood of platform threads must never take the host (or a CI job sharing it) down: the
 * cap is a quarter of what is left under the tightest limit.
 *
 * @param limits the limits found, by name (threads-max, pid_max, ulimit -u, cgroup pids.max)
 * @param inUse  threads (tasks) running on the host now
 */
public record HostLimits(Map<String, Long> limits, long inUse) {

    static final int SAFETY_DIVISOR = 4;

    public static HostLimits read() {
        var limits = new LinkedHashMap<String, Long>();
        number(Path.of("/proc/sys/kernel/threads-max")).ifPresent(v -> limits.put("threads-max", v));
        number(Path.of("/proc/sys/kernel/pid_max")).ifPresent(v -> limits.put("pid_max", v));
        maxProcesses().ifPresent(v -> limits.put("ulimit -u", v));
        cgroupPidsMax().ifPresent(v -> limits.put("cgroup pids.max", v));
        return new HostLimits(limits, tasksInUse());
    }

    /** The tightest limit, or a conservative 4096 where none could be read (not Linux). */
    public long tightest() {
        return limits.values().stream().mapToLong(Long::longValue).min().orElse(4096);
    }

    /** The largest number of live platform threads one child may reach. */
    public int safeThreadCap() {
        long left = Math.max(0, tightest() - inUse);
        return (int) Math.max(100, left / SAFETY_DIVISOR / 100 * 100);
    }

    /**
     * The platform-thread cap for a command: {@code requested} (its {@code --thread-cap}) or the
     * safe cap when null. Above the safe cap only with {@code unsafe}.
     */
    public int platformThreadCap(Integer requested, boolean unsafe) {
        int safeCap = safeThreadCap();
        int cap = requested == null ? safeCap : requested;
        if (cap < 1) {
            throw new dev.leaklab.io.UserError("--thread-cap must be positive");
        }
        if (cap > safeCap && !unsafe) {
            throw new dev.leaklab.io.UserError("--thread-cap " + cap + " is above the safe cap of " + safeCap
                    + " derived from this host's limits " + limits + "; add --unsafe to override");
        }
        return cap;
    }

    /** Heap a child may be given without an override: a quarter of physical memory. */
    public static long safeHeapBytes() {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os.getTotalMemorySize() / 4;
    }

    private static OptionalLong number(Path p) {
        try {
            String s;
            try (Stream<String> lines = Files.lines(p)) { // not readString: it trusts /proc's size of 0
                s = lines.findFirst().orElse("").trim();
            }
            return s.equals("max") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(s));
        } catch (IOException | NumberFormatException | SecurityException e) {
            return OptionalLong.empty();
        }
    }

    /** The soft "Max processes" limit of this process (root ignores it, but it is what ulimit -u says). */
    private static OptionalLong maxProcesses() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/limits"))) {
            return lines.filter(l -> l.startsWith("Max processes")).findFirst()
                    .map(l -> l.substring("Max processes".length()).trim().split("\\s+")[0])
                    .filter(v -> !v.equals("unlimited"))
                    .map(v -> OptionalLong.of(Long.parseLong(v))).orElse(OptionalLong.empty());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** cgroup v2: /proc/self/cgroup says "0::/path"; v1 has a pids controller line. */
    private static OptionalLong cgroupPidsMax() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/cgroup"))) {
            for (String line : lines.toList()) {
                String[] f = line.split(":", 3);
                if (f.length < 3) {
                    continue;
                }
                Path p = f[1].isEmpty() ? Path.of("/sys/fs/cgroup" + f[2], "pids.max")
                        : f[1].contains("pids") ? Path.of("/sys/fs/cgroup/pids" + f[2], "pids.max") : null;
                if (p != null && Files.exists(p)) {
                    return number(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no cgroup information: no limit from there
        }
        return number(Path.of("/sys/fs/cgroup/pids.max"));
    }

    private static long tasksInUse() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(p -> {
                        try (Stream<Path> tasks = Files.list(p.resolve("task"))) {
                            return tasks.count();
                        } catch (IOException | RuntimeException gone) {
                            return 0;
                        }
                    }).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}

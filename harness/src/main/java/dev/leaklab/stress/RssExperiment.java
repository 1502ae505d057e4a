package dev.leaklab.stress;

import dev.leaklab.child.ScaleMain;
import dev.leaklab.link.ScaleReading;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.SimpleRegression;

import dev.leaklab.result.ResultJson;

/**
 * {@code leaklab stress --rss}: what a parked platform thread costs in RSS, and what the fixed
 * costs around it are, under each combination of the things suspected of inflating the stress
 * harness's per-thread figure: JFR (thread-local buffers, leaklab's settings), NMT (its own
 * bookkeeping) and glibc's per-thread malloc arenas ({@code MALLOC_ARENA_MAX}). Each
 * configuration runs a {@link ScaleMain} child that parks platform threads up to each checkpoint
 * and reads its RSS after a full GC; the fit over every checkpoint of every repetition is
 * RSS = fixed + marginal × threads, each term with its 95% interval. The reading with no thread
 * parked yet is kept apart: the step from it to the fitted {@code fixed} is what the first threads
 * pay once (code loaded and compiled, arenas and buffers set up), which a slope taken from zero
 * spreads over them. The heap is fixed and pre-touched, as in a stress cell, so it does not move RSS.
 */
public final class RssExperiment {

    public static final String FILE_NAME = "rss.json";

    /** One configuration: JFR with leaklab's settings or none, NMT summary or off, MALLOC_ARENA_MAX or unset. */
    public record Setting(boolean jfr, boolean nmt, Integer mallocArenaMax) {
        String label() {
            return String.format(Locale.ROOT, "jfr %-3s nmt %-3s arenas %-5s", jfr ? "on" : "off", nmt ? "on" : "off",
                    mallocArenaMax == null ? "unset" : mallocArenaMax.toString());
        }
    }

    /** RSS = fixed + marginal × threads; the half-widths are 95% intervals. */
    public record Line(double fixedBytes, double fixedHalfWidth, double marginalBytes, double marginalHalfWidth,
                       Double rSquared, int n) { }

    /** One configuration's readings (threads, RSS bytes) over every repetition, the fit, and the segments' slopes. */
    public record Cell(Setting setting, List<long[]> readings, Double zeroThreadsRssBytes, Line fit,
                       Map<String, Double> segmentBytesPerThread, String outcome) { }

    public record Result(int schemaVersion, String kind, String startedAt, String finishedAt, Map<String, Object> config,
                         List<Cell> cells) { }

    private RssExperiment() {
    }

    public static Result execute(List<Integer> checkpoints, int repeat, Path out, PrintWriter w)
            throws IOException, InterruptedException {
        Files.createDirectories(out);
        Path jfc = out.resolve("leaklab.jfc");
        try (var in = RssExperiment.class.getResourceAsStream("/dev/leaklab/jfr/leaklab.jfc")) {
            Files.copy(in, jfc, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String startedAt = Instant.now().toString();
        var settings = new ArrayList<Setting>();
        for (boolean jfr : new boolean[] {false, true}) {
            for (boolean nmt : new boolean[] {false, true}) {
                for (Integer arenas : new Integer[] {null, 2, 1}) {
                    settings.add(new Setting(jfr, nmt, arenas));
                }
            }
        }
        var cfg = new LinkedHashMap<String, Object>();
        cfg.put("checkpoints", checkpoints);
        cfg.put("repeat", repeat);
        cfg.put("heap", "-Xms256m -Xmx256m -XX:+AlwaysPreTouch");
        var cells = new ArrayList<Cell>();
        w.printf(Locale.ROOT, "%-34s %9s %22s %22s %8s   %s%n", "setting", "rss(0) MiB", "fixed MiB (95% CI)",
                "marginal KiB/thread", "R²", "segments KiB/thread");
        for (Setting s : settings) {
            var readings = new ArrayList<long[]>();
            String outcome = "COMPLETED";
            for (int r = 0; r < repeat; r++) {
                try {
                    readings.addAll(run(s, checkpoints, jfc, out));
                } catch (IOException e) {
                    outcome = "FAILED: " + e.getMessage();
                }
            }
            var zero = readings.stream().filter(p -> p[0] == 0).mapToLong(p -> p[1]).average();
            var cell = new Cell(s, readings, zero.isPresent() ? zero.getAsDouble() : null,
                    fit(readings.stream().filter(p -> p[0] > 0).toList()), segments(readings, checkpoints), outcome);
            cells.add(cell);
            w.println(row(cell));
            w.flush();
            ResultJson.write(out.resolve(FILE_NAME), new Result(1, "leaklab-rss", startedAt, null, cfg, cells));
        }
        var result = new Result(1, "leaklab-rss", startedAt, Instant.now().toString(), cfg, cells);
        ResultJson.write(out.resolve(FILE_NAME), result);
        w.println("rss(0): RSS before the first thread, mean of the repetitions; fixed and marginal: RSS = fixed + marginal x threads"
                + " over the checkpoints (95% CI); segments: the slope between consecutive readings, 0 included, mean over the repetitions.");
        w.println("Results: " + out.resolve(FILE_NAME).toAbsolutePath());
        return result;
    }

    /** One child: (threads, RSS) at 0 and at each checkpoint. */
    private static List<long[]> run(Setting s, List<Integer> checkpoints, Path jfc, Path dir)
            throws IOException, InterruptedException {
        var cmd = new ArrayList<String>(List.of(StressRun.javaExecutable(), "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"));
        if (s.jfr()) {
            cmd.add("-XX:StartFlightRecording=name=rss,settings=" + JfrOptions.relative(dir, jfc)); // dir: the child's working folder
        }
        if (s.nmt()) {
            cmd.add("-XX:NativeMemoryTracking=summary");
        }
        cmd.addAll(List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-cp", ChildClassPath.value(),
                ScaleMain.class.getName(), "platform", String.join(",", checkpoints.stream().map(String::valueOf).toList())));
        var pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        if (s.mallocArenaMax() != null) {
            pb.environment().put("MALLOC_ARENA_MAX", s.mallocArenaMax().toString());
        } else {
            pb.environment().remove("MALLOC_ARENA_MAX");
        }
        Process p = pb.start();
        var points = new ArrayList<long[]>();
        try (var lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             var next = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith(ScaleReading.LINE)) {
                    var r = ResultJson.mapper().readValue(line.substring(ScaleReading.LINE.length()), ScaleReading.class);
                    points.add(new long[] {r.threads(), r.rssBytes()});
                    next.write("next\n");
                    next.flush();
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        if (points.size() != checkpoints.size() + 1) {
            throw new IOException("the child gave " + points.size() + " of " + (checkpoints.size() + 1) + " readings");
        }
        return points;
    }

    /** Least squares with 95% intervals on both the intercept and the slope. */
    static Line fit(List<long[]> readings) {
        if (readings.size() < 3) {
            return null;
        }
        var r = new SimpleRegression();
        readings.forEach(p -> r.addData(p[0], p[1]));
        double t = new TDistribution(readings.size() - 2).inverseCumulativeProbability(0.975);
        double r2 = r.getRSquare();
        return new Line(r.getIntercept(), t * r.getInterceptStdErr(), r.getSlope(), t * r.getSlopeStdErr(),
                Double.isFinite(r2) ? r2 : null, readings.size());
    }

    /** The slope between consecutive checkpoints, mean over repetitions: is the cost per thread the same all the way? */
    static Map<String, Double> segments(List<long[]> readings, List<Integer> checkpoints) {
        var out = new LinkedHashMap<String, Double>();
        int per = checkpoints.size() + 1;
        for (int i = 1; i < per; i++) {
            double sum = 0;
            int n = 0;
            for (int rep = 0; rep + per <= readings.size(); rep += per) {
                long[] a = readings.get(rep + i - 1);
                long[] b = readings.get(rep + i);
                sum += (b[1] - a[1]) / (double) (b[0] - a[0]);
                n++;
            }
            if (n > 0) {
                long from = readings.get(i - 1)[0];
                long to = readings.get(i)[0];
                out.put(from + "-" + to, Math.round(sum / n * 10) / 10.0);
            }
        }
        return out;
    }

    static String row(Cell c) {
        Line f = c.fit();
        String fit = f == null ? String.format(Locale.ROOT, "%22s %22s %8s", "-", "-", "-")
                : String.format(Locale.ROOT, "%11.1f ± %-8.1f %11.1f ± %-8.1f %8.4f", f.fixedBytes() / 1048576,
                f.fixedHalfWidth() / 1048576, f.marginalBytes() / 1024, f.marginalHalfWidth() / 1024,
                f.rSquared() == null ? Double.NaN : f.rSquared());
        var seg = new ArrayList<String>();
        c.segmentBytesPerThread().forEach((k, v) -> seg.add(k + ": " + String.format(Locale.ROOT, "%.1f", v / 1024)));
        return String.format(Locale.ROOT, "%-34s %9s %s   %s%s", c.setting().label(),
                c.zeroThreadsRssBytes() == null ? "-" : String.format(Locale.ROOT, "%.1f", c.zeroThreadsRssBytes() / 1048576),
                fit, String.join(", ", seg),
                c.outcome().equals("COMPLETED") ? "" : "  " + c.outcome());
    }
}

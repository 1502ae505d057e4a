package dev.leaklab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * The scale: this JVM parks 100,000 virtual threads (at 4 stack depths, so 4 groups),
 * writes the JDK's JSON dump of itself, and makes its report. The page must stay under 5 MB; its
 * size, the time to make it and, when Chromium is installed, the time it takes to open and draw are
 * measured and printed, and so are those of the worst page: 100,000 distinct stacks, so the list and
 * the flame graph are at their caps (and written to target/dump-report-scale.txt), never asserted: timing is
 * the machine's, not the code's.
 */
class DumpReportScaleTest {

    static final int THREADS = 100_000, DEPTHS = 4;

    /** Parks at the bottom of {@code depth} extra frames, so stacks differ by depth. */
    static void park(int depth, CountDownLatch parked, CountDownLatch release) throws InterruptedException {
        if (depth > 0) {
            park(depth - 1, parked, release);
            return;
        }
        parked.countDown();
        release.await();
    }

    @Test
    void aHundredThousandParkedVirtualThreadsMakeAPageUnderFiveMegabytes(@TempDir Path tmp) throws Exception {
        Path dump = tmp.resolve("threads.json");
        var parked = new CountDownLatch(THREADS);
        var release = new CountDownLatch(1);
        var threads = new ArrayList<Thread>(THREADS);
        long dumpMs;
        try {
            for (int i = 0; i < THREADS; i++) {
                int depth = i % DEPTHS;
                threads.add(Thread.ofVirtual().name("scale-parked-" + i).start(() -> {
                    try {
                        park(depth, parked, release);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            parked.await();
            for (Thread t : threads) { // counted down just before await(): wait until each is parked in it
                while (t.getState() != Thread.State.WAITING) {
                    Thread.sleep(1);
                }
            }
            long t0 = System.nanoTime();
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            dumpMs = (System.nanoTime() - t0) / 1_000_000;
        } finally {
            release.countDown();
        }
        for (Thread t : threads) {
            t.join();
        }
        long dumpBytes = Files.size(dump);

        long t0 = System.nanoTime();
        Path html = Reports.make(List.of(dump), tmp.resolve("out")).html();
        long makeMs = (System.nanoTime() - t0) / 1_000_000;
        long htmlBytes = Files.size(html);

        var report = DumpInputs.read(List.of(dump), List.of(DumpInputs.Kind.DUMP));
        // the parked threads are the 4 largest groups, 25,000 each, and nothing else is that large
        assertThat(report.groups().subList(0, DEPTHS)).allSatisfy(g -> assertThat(g.count()).isEqualTo("25,000"));
        assertThat(report.groups().get(DEPTHS).count()).isNotEqualTo("25,000");
        assertThat(htmlBytes).as("bytes of report.html").isLessThan(5_000_000);

        var out = new StringBuilder(String.format(Locale.ROOT,
                "dump of %,d parked virtual threads: %,d bytes, written in %d ms; report.html: %,d bytes, made in %d ms%n",
                THREADS, dumpBytes, dumpMs, htmlBytes, makeMs));
        Path worst = tmp.resolve("worst.html");
        DumpReportHtml.write(DumpReport.dump(DumpReportTest.distinctStacks(THREADS), "100,000 distinct stacks"), worst);
        assertThat(Files.size(worst)).as("bytes of the worst page").isLessThan(5_000_000);
        out.append(String.format(Locale.ROOT, "worst page (%,d distinct stacks): %,d bytes%n", THREADS, Files.size(worst)));

        var chromium = HeadlessChromium.find();
        if (chromium.isPresent()) {
            try (var browser = new HeadlessChromium(chromium.get())) {
                out.append(open(browser, html, "dump"));
                browser.screenshot(Path.of("target", "report-scale-screenshot.png"), 1400, 3000);
                out.append(open(browser, worst, "worst page"));
                browser.screenshotOf("#flame", Path.of("target", "report-worst-flame-screenshot.png"));
            }
        } else {
            out.append("headless Chromium: not installed, render time not measured\n");
        }
        System.out.print(out);
        Files.writeString(Path.of("target", "dump-report-scale.txt"), out);
    }

    /** Opens a page and says how long it took to load and to draw its flame graph. */
    private static String open(HeadlessChromium browser, Path html, String what) throws Exception {
        browser.viewport(1400, 900);
        String url = html.toAbsolutePath().toUri().toString();
        long b0 = System.nanoTime();
        browser.open(url);
        long loadMs = (System.nanoTime() - b0) / 1_000_000;
        JsonNode flame = new ObjectMapper().readTree(browser.evaluate(
                "JSON.stringify({ drawn: leaklabFlame.drawn, at: leaklabFlame.drawnAtMs, nodes: leaklabFlame.nodes })").asText());
        assertThat(flame.path("drawn").asBoolean()).isTrue();
        assertThat(browser.problems()).isEmpty();
        assertThat(browser.requests()).containsOnly(url);
        return String.format(Locale.ROOT, "headless Chromium, %s: load event %d ms after navigation began (wall clock);"
                + " flame graph (%,d nodes) drawn at %.0f ms (performance.now())%n", what, loadMs,
                flame.path("nodes").asInt(), flame.path("at").asDouble());
    }
}

package dev.leaklab.link;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * A flood cell's {@value #FILE}: HdrHistogram interval histograms in nanoseconds, tagged
 * {@value #QUEUE_WAIT} and {@value #LATENCY}. The child's flood recorder writes it once a second;
 * the parent's analysis and the report read it back.
 */
public final class Hlog {

    public static final String FILE = "cell.hlog";
    /** Submit to completion. */
    public static final String LATENCY = "latency";
    /** Submit to the start of processing. */
    public static final String QUEUE_WAIT = "queue-wait";

    private Hlog() {
    }

    /** Sums every interval histogram of the log by tag; a cut-off log reads as far as it goes. */
    public static Map<String, Histogram> read(Path hlog) throws FileNotFoundException {
        var byTag = new HashMap<String, Histogram>();
        if (!Files.isRegularFile(hlog)) {
            return byTag;
        }
        var reader = new HistogramLogReader(hlog.toFile());
        try {
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                if (h instanceof Histogram histogram) {
                    byTag.computeIfAbsent(String.valueOf(h.getTag()), t -> new Histogram(3)).add(histogram);
                }
            }
        } catch (RuntimeException truncated) {
            // a child killed mid-write leaves a partial last line: keep what was read
        } finally {
            reader.close();
        }
        return byTag;
    }
}

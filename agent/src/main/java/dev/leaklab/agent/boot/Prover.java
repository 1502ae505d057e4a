package dev.leaklab.agent.boot;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;

/**
 * Proof mode's daemon thread: waits for entries whose virtual thread the GC freed before it ended,
 * and reports each batch as one {@code dev.leaklab.ProvenLeak} event per creation site.
 */
final class Prover implements Runnable {
    /** One site's share of a batch. */
    private static final class Batch {
        final Site site;
        final String threadName;
        long count;

        Batch(Site site, String threadName) {
            this.site = site;
            this.threadName = threadName;
        }
    }

    static void start() {
        Thread t = new Thread(new Prover(), "leaklab-prover");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        while (true) {
            try {
                var batch = new LinkedHashMap<String, Batch>();
                Registry.Entry e = Registry.awaitCollected();
                Instant now = Instant.now();
                while (e != null) {
                    if (Registry.collected(e, now)) {
                        var one = e;
                        batch.computeIfAbsent(one.site().app, s -> new Batch(one.site(), one.name)).count++;
                    }
                    e = Registry.pollCollected();
                }
                if (Registry.jfrReady) record(batch.values());
            } catch (InterruptedException stop) {
                return;
            } catch (Throwable ignored) {
                // keep proving: one bad entry must not end the thread
            }
        }
    }

    /** One ProvenLeak event per site; only once JFR is up (see JfrEvents). */
    private static void record(Collection<Batch> batches) {
        for (Batch b : batches) {
            var event = new ProvenLeakEvent();
            if (!event.isEnabled()) return;
            event.site = b.site.app;
            event.stack = b.site.stackText();
            event.count = b.count;
            event.threadName = b.threadName;
            event.commit();
        }
    }
}

package dev.leaklab.endpoint;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Child program for BaselineWithoutFlagTest: an application started without {@code --add-exports
 * java.base/jdk.internal.vm=ALL-UNNAMED} starts the endpoint, then leaks 150 platform threads, then
 * asks for the count, which it prints.
 */
public final class BaselineWithoutFlagMain {
    public static void main(String[] args) throws Exception {
        var release = new CountDownLatch(1);
        try (var debug = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
            for (int i = 0; i < 150; i++) {
                new Thread(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "leaked-" + i).start();
            }
            var url = new URL("http://127.0.0.1:" + debug.address().getPort() + "/debug/threads/count");
            try (InputStream in = url.openStream()) {
                System.out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            release.countDown();
        }
    }
}

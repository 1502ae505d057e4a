package dev.leaklab.check;

import java.util.concurrent.CountDownLatch;

/**
 * A program with no test framework at all that checks itself with leaklab's check: it proves that
 * it has no JUnit on its class path, then leaks one thread and lets {@link ThreadLeaks#verifyNone}
 * fail it. Run by {@link PlainMainTest} in a JVM of its own.
 */
public final class PlainMain {

    public static void main(String[] args) throws Exception {
        for (String c : new String[] {"org.junit.jupiter.api.Test", "org.testng.annotations.Test", "org.junit.Test"}) {
            try {
                Class.forName(c);
                System.out.println("FRAMEWORK " + c);
            } catch (ClassNotFoundException expected) {
                // what this program is for: no test framework anywhere
            }
        }
        var never = new CountDownLatch(1);
        try {
            // A short linger: the default would wait 10 s for the thread to end.
            ThreadLeaks.verifyNone(ThreadLeaks.Options.defaults().withLinger(java.time.Duration.ofMillis(50)), () -> {
                Thread t = new Thread(() -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "plain-main-leak");
                t.setDaemon(true);
                t.start();
            });
            System.out.println("NO LEAK FOUND");
        } catch (ThreadLeakError e) {
            System.out.println("LEAK " + e.getMessage().lines().findFirst().orElse(""));
            System.out.println(e.getMessage().contains("names plain-main-leak") ? "NAMED" : "UNNAMED");
            System.exit(1);
        }
    }
}

package dev.leaklab.census;

import dev.leaklab.internal.census.VirtualThreads;
import java.util.concurrent.CountDownLatch;

/**
 * Child program for CensusWithoutFlagTest: an embedder's JVM started without {@code --add-exports
 * java.base/jdk.internal.vm=ALL-UNNAMED}. Parks 3 platform threads (and 5 virtual ones where the
 * JDK has them), takes two censuses and prints "KEY value" lines.
 */
public final class CensusWithoutFlagMain {
    public static void main(String[] args) throws Exception {
        var before = LiveThreads.census();
        var release = new CountDownLatch(1);
        Runnable parked = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        for (int i = 0; i < 3; i++) {
            new Thread(parked, "parked-platform-" + i).start();
        }
        if (VirtualThreads.supported()) {
            for (int i = 0; i < 5; i++) {
                VirtualThreads.start("parked-virtual-" + i, parked);
            }
        }
        var after = LiveThreads.census();
        System.out.println("AVAILABLE " + LiveThreads.available());
        System.out.println("PLATFORM " + (after.appPlatform() - before.appPlatform()));
        System.out.println("VIRTUAL " + (after.appVirtual() - before.appVirtual()));
        System.out.println("ALL " + LiveThreads.allThreads().filter(t -> t.getName().startsWith("parked-")).count());
        release.countDown();
    }
}

package dev.leaklab.agent;

import java.util.concurrent.CountDownLatch;

/** Child program: a scope set on main reaches a platform child and its virtual grandchild; clearing it stops that. */
public final class Scopes {
    public static void main(String[] args) throws Throwable {
        var release = new CountDownLatch(1);
        Runnable wait = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Origins.setScope("test-1");
        var grandchild = new Thread[1];
        Thread child = Thread.ofPlatform().start(() -> {
            grandchild[0] = Thread.ofVirtual().start(wait);
            wait.run();
        });
        while (grandchild[0] == null) Thread.sleep(1);
        Origins.setScope(null);
        Thread after = Thread.ofVirtual().start(wait);
        System.out.println("MAIN " + Origins.scopeOf(Thread.currentThread()));
        System.out.println("CHILD " + Origins.scopeOf(child));
        System.out.println("GRANDCHILD " + Origins.scopeOf(grandchild[0]));
        System.out.println("AFTER " + Origins.scopeOf(after));
        release.countDown();
    }
}

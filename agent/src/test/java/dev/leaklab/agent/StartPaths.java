package dev.leaklab.agent;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Child program: starts one thread by the way named in args[0], on a line that also notes its own
 * position, then prints "EXPECT site", "TID id" and "ORIGIN site" (what the agent's registry says).
 * Each start call and its here() share one line on purpose.
 */
public final class StartPaths {
    static final AtomicReference<Thread> RAN_ON = new AtomicReference<>();
    static final CountDownLatch RAN = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final Runnable TASK = () -> {
        RAN_ON.set(Thread.currentThread());
        RAN.countDown();
        try {
            RELEASE.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    };

    public static void main(String[] args) throws Throwable {
        String expect = switch (args[0]) {
            case "Thread.start" -> { new Thread(TASK).start(); yield here(); }
            case "ofPlatform" -> { Thread.ofPlatform().start(TASK); yield here(); }
            case "ofVirtual" -> { Thread.ofVirtual().start(TASK); yield here(); }
            case "startVirtualThread" -> { Thread.startVirtualThread(TASK); yield here(); }
            case "ThreadFactory" -> { Executors.defaultThreadFactory().newThread(TASK).start(); yield here(); }
            case "VirtualThreadFactory" -> { Thread.ofVirtual().factory().newThread(TASK).start(); yield here(); }
            case "ThreadPoolExecutor" -> { pool().execute(TASK); yield here(); }
            case "newVirtualThreadPerTaskExecutor" -> { Executors.newVirtualThreadPerTaskExecutor().execute(TASK); yield here(); }
            case "newThreadPerTaskExecutor" -> { Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory()).execute(TASK); yield here(); }
            case "ForkJoinPool" -> { new ForkJoinPool(1).execute(TASK); yield here(); }
            case "CompletableFuture.runAsync" -> { CompletableFuture.runAsync(TASK, pool()); yield here(); }
            case "StructuredTaskScope" -> structured();
            default -> throw new IllegalArgumentException(args[0]);
        };
        if (!RAN.await(20, TimeUnit.SECONDS)) throw new AssertionError("the task did not run");
        Thread t = RAN_ON.get();
        System.out.println("EXPECT " + expect);
        System.out.println("TID " + t.threadId());
        System.out.println("ORIGIN " + Origins.site(t));
        RELEASE.countDown();
        System.exit(0);
    }

    private static ThreadPoolExecutor pool() {
        return new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
    }

    /** StructuredTaskScope is a preview API in JDK 25: called reflectively, so only the child needs --enable-preview. */
    private static String structured() throws Throwable {
        Class<?> sts = Class.forName("java.util.concurrent.StructuredTaskScope");
        Object scope = sts.getMethod("open").invoke(null);
        Method fork = sts.getMethod("fork", Runnable.class);
        fork.invoke(scope, TASK); String expect = here();
        if (!RAN.await(20, TimeUnit.SECONDS)) throw new AssertionError("the task did not run");
        return expect;
    }

    /** The caller's position, formatted as the agent formats a site. */
    static String here() {
        var f = StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElseThrow().toStackTraceElement();
        return f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")";
    }
}

package dev.leaklab.agent.jdk17;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.CountDownLatch;

/**
 * Child program for JDK 17's JVM (compiled for 17, see the pom; Jdk17IT runs it). It prints two lines
 * of its own ("APP ..."), leaks a platform thread started on a line that notes its own position,
 * starts one more that ends, and prints what the agent's registry says, read as leaklab-core reads
 * it (method handles on the bootstrap loader's Registry): "JAVA feature", "EXPECT site", "TID id",
 * "ORIGIN site", "ENDED_ORIGIN site", "STARTED n", "ENDED n", "STARTED_VIRTUAL n", "LIVE site count".
 */
public final class PlatformLeak {
    public static void main(String[] args) throws Throwable {
        System.out.println("APP first line of the application");
        var never = new CountDownLatch(1);
        Thread leaked = new Thread(() -> await(never), "leaked-worker");
        leaked.setDaemon(true);
        leaked.start(); String expect = here();
        Thread ended = new Thread(() -> { }, "short-lived");
        ended.start();
        ended.join();

        System.out.println("JAVA " + Runtime.version().feature());
        System.out.println("EXPECT " + expect);
        System.out.println("TID " + leaked.getId());
        System.out.println("ORIGIN " + site(leaked));
        System.out.println("ENDED_ORIGIN " + site(ended));
        System.out.println("STARTED " + count("started", false));
        System.out.println("ENDED " + count("ended", false));
        System.out.println("STARTED_VIRTUAL " + count("started", true));
        for (Object[] row : (Object[][]) registry("liveBySite", MethodType.methodType(Object[][].class, int.class), 10)) {
            if (row[0].equals(expect)) System.out.println("LIVE " + row[0] + " " + row[1]);
        }
        System.out.println("APP last line of the application");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Object registry(String method, MethodType type, Object... args) throws Throwable {
        Class<?> registry = Class.forName("dev.leaklab.agent.boot.Registry", false, null);
        return MethodHandles.publicLookup().findStatic(registry, method, type).invokeWithArguments(args);
    }

    private static long count(String method, boolean virtual) throws Throwable {
        return (long) registry(method, MethodType.methodType(long.class, boolean.class), virtual);
    }

    /** The first application frame of the thread's creation site in the registry, or "none". */
    private static String site(Thread t) throws Throwable {
        Object[] origin = (Object[]) registry("origin", MethodType.methodType(Object[].class, Thread.class), t);
        if (origin == null) return "none";
        for (StackTraceElement f : (StackTraceElement[]) origin[5]) {
            if (f.getClassName().startsWith("java.")) continue;
            return format(f);
        }
        return "no application frame";
    }

    /** The caller's position, formatted as the agent formats a site. */
    private static String here() {
        return format(StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElseThrow().toStackTraceElement());
    }

    private static String format(StackTraceElement f) {
        return f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")";
    }
}

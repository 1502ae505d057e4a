package dev.leaklab.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/** Child programs read the agent's registry as leaklab-core does: reflectively, on the bootstrap loader. */
final class Origins {
    private static final Class<?> REGISTRY;

    static {
        try {
            REGISTRY = Class.forName("dev.leaklab.agent.boot.Registry", false, null);
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError("the agent is not loaded");
        }
    }

    private Origins() {}

    private static MethodHandle handle(String name, MethodType type) throws ReflectiveOperationException {
        return MethodHandles.publicLookup().findStatic(REGISTRY, name, type);
    }

    /** The first application frame of the thread's creation site, or "none". */
    static String site(Thread t) throws Throwable {
        Object[] o = (Object[]) handle("origin", MethodType.methodType(Object[].class, Thread.class)).invoke(t);
        if (o == null) return "none";
        for (StackTraceElement f : (StackTraceElement[]) o[5]) {
            String c = f.getClassName();
            if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")) continue;
            return c + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")";
        }
        return "no application frame";
    }

    static String scopeOf(Thread t) throws Throwable {
        return (String) handle("scopeOf", MethodType.methodType(String.class, Thread.class)).invoke(t);
    }

    static void setScope(String s) throws Throwable {
        handle("setScope", MethodType.methodType(void.class, String.class)).invoke(s);
    }

    /** Rows {String site, Integer live} of the registry, largest first. */
    static Object[][] liveBySite(int top) throws Throwable {
        return (Object[][]) handle("liveBySite", MethodType.methodType(Object[][].class, int.class)).invoke(top);
    }

    static int live(int top) throws Throwable {
        var rows = liveBySite(top);
        int n = 0;
        for (Object[] r : rows) n += (Integer) r[1];
        return n;
    }

    static long started(boolean virtual) throws Throwable {
        return (long) handle("started", MethodType.methodType(long.class, boolean.class)).invoke(virtual);
    }

    static long ended(boolean virtual) throws Throwable {
        return (long) handle("ended", MethodType.methodType(long.class, boolean.class)).invoke(virtual);
    }

    static List<Object[]> provenLeaks() throws Throwable {
        return List.of((Object[][]) handle("provenLeaks", MethodType.methodType(Object[][].class)).invoke());
    }
}

package dev.leaklab.agent.boot;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.MethodModel;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;

/**
 * Puts a call to {@link Hooks} at the entry of the JDK methods every thread start and end goes
 * through. Checked against the JDK 25 source:
 * <ul>
 * <li>{@code Thread.start()}: a platform thread started directly ({@code new Thread}, {@code ofPlatform},
 *     thread factories, {@code ThreadPoolExecutor} and {@code ForkJoinPool} workers).
 * <li>{@code Thread.start(ThreadContainer)}: a platform thread started into a container
 *     ({@code newThreadPerTaskExecutor}, {@code StructuredTaskScope}).
 * <li>{@code VirtualThread.start(ThreadContainer)}: every virtual thread; {@code VirtualThread.start()}
 *     calls it with the root container, executors and structured concurrency with their own.
 * <li>{@code Thread.exit()}: the VM calls it when a platform thread terminates.
 * <li>{@code VirtualThread.afterDone(boolean)}: a virtual thread terminated, or its start failed.
 * </ul>
 * The start hooks run on the creating thread, before the new thread can run, so its origin is
 * recorded before it can end. Methods are matched by name and descriptor; if one is missing the
 * agent says so and instruments nothing (half the hooks would give wrong counts).
 */
final class ThreadHooks implements ClassFileTransformer {

    /** One instrumented method: where, and which hook its entry calls. */
    record Target(String owner, String method, String descriptor, boolean start, boolean passContainer) {
        String describe() {
            return owner.replace('/', '.') + "." + method + descriptor;
        }
    }

    static final List<Target> TARGETS = List.of(
            new Target("java/lang/Thread", "start", "()V", true, false),
            new Target("java/lang/Thread", "start", "(Ljdk/internal/vm/ThreadContainer;)V", true, true),
            new Target("java/lang/Thread", "exit", "()V", false, false),
            new Target("java/lang/VirtualThread", "start", "(Ljdk/internal/vm/ThreadContainer;)V", true, true),
            new Target("java/lang/VirtualThread", "afterDone", "(Z)V", false, false));

    private static final ClassDesc HOOKS = ClassDesc.of(Hooks.class.getName());
    private static final ClassDesc THREAD = ClassDesc.of("java.lang.Thread");
    private static final MethodTypeDesc STARTED = MethodTypeDesc.of(ConstantDescs.CD_void, THREAD, ConstantDescs.CD_Object);
    private static final MethodTypeDesc ENDED = MethodTypeDesc.of(ConstantDescs.CD_void, THREAD);

    /** The first failure inside {@link #transform}, for the installer to report. */
    volatile Throwable failure;

    /** Null when every target exists in this JDK's class files, else what is missing. */
    static String check() throws IOException {
        return check(TARGETS);
    }

    static String check(List<Target> targets) throws IOException {
        for (String owner : List.of("java/lang/Thread", "java/lang/VirtualThread")) {
            ClassModel model = ClassFile.of().parse(classBytes(owner));
            for (Target t : targets) {
                if (!t.owner.equals(owner)) continue;
                boolean found = false;
                for (MethodModel m : model.methods()) found |= matches(m, t);
                if (!found) return t.describe() + " not found";
            }
            instrument(owner, model); // a dry run: loads the class-file API now, not inside Thread.start
        }
        return null;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        if (loader != null || !("java/lang/Thread".equals(className) || "java/lang/VirtualThread".equals(className))) {
            return null;
        }
        try {
            return instrument(className, ClassFile.of().parse(bytes));
        } catch (Throwable e) {
            if (failure == null) failure = e;
            return null;
        }
    }

    static byte[] instrument(String owner, ClassModel model) {
        ClassTransform ct = ClassTransform.ACCEPT_ALL;
        for (Target t : TARGETS) {
            if (!t.owner.equals(owner)) continue;
            ct = ct.andThen(ClassTransform.transformingMethodBodies(m -> matches(m, t), prologue(t)));
        }
        return ClassFile.of().transformClass(model, ct);
    }

    private static boolean matches(MethodModel m, Target t) {
        return m.methodName().equalsString(t.method) && m.methodType().equalsString(t.descriptor);
    }

    private static CodeTransform prologue(Target t) {
        return new CodeTransform() {
            @Override
            public void atStart(CodeBuilder b) {
                b.aload(0);
                if (t.start) {
                    if (t.passContainer) b.aload(1); else b.aconst_null();
                    b.invokestatic(HOOKS, "started", STARTED);
                } else {
                    b.invokestatic(HOOKS, "ended", ENDED);
                }
            }

            @Override
            public void accept(CodeBuilder b, java.lang.classfile.CodeElement e) {
                b.with(e);
            }
        };
    }

    private static byte[] classBytes(String owner) throws IOException {
        try (InputStream in = Object.class.getModule().getResourceAsStream(owner + ".class")) {
            if (in == null) throw new IOException(owner + ".class not readable");
            return in.readAllBytes();
        }
    }
}

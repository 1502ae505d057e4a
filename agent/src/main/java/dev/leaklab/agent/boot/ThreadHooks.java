package dev.leaklab.agent.boot;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Puts a call to {@link Hooks} at the entry of the JDK methods every thread start and end goes
 * through. Checked against the JDK 17, 21 and 25 sources:
 * <ul>
 * <li>{@code Thread.start()}: a platform thread started directly ({@code new Thread}, {@code ofPlatform},
 *     thread factories, {@code ThreadPoolExecutor} and {@code ForkJoinPool} workers).
 * <li>{@code Thread.exit()}: the VM calls it when a platform thread terminates.
 * <li>From JDK 21: {@code Thread.start(ThreadContainer)}: a platform thread started into a container
 *     ({@code newThreadPerTaskExecutor}, {@code StructuredTaskScope}).
 * <li>From JDK 21: {@code VirtualThread.start(ThreadContainer)}: every virtual thread; {@code VirtualThread.start()}
 *     calls it with the root container, executors and structured concurrency with their own.
 * <li>From JDK 21: {@code VirtualThread.afterDone(boolean)}: a virtual thread terminated, or its start failed.
 * <li>The constructor every other one of {@code ThreadPoolExecutor} and of {@code ForkJoinPool} calls,
 *     at its returns: a pool was created; the hook records its owner (the creating thread's scope).
 * <li>{@code ThreadPoolExecutor.Worker}'s constructor, at its return: the pool's factory made the
 *     worker's thread; the hook marks that thread as the pool's before {@code addWorker} starts it.
 * </ul>
 * Pools start their workers lazily, on whichever thread submits: those hooks are how a worker gets
 * its pool's owner rather than its first submitter (a {@code ForkJoinWorkerThread} names its pool
 * itself). The start hooks run on the creating thread, before the new thread can run, so its origin is
 * recorded before it can end. Methods are matched by name and descriptor; if one this JDK should
 * have is missing the agent says so and instruments nothing (half the hooks would give wrong counts).
 *
 * <p>ASM (relocated into the agent jar) rather than {@code java.lang.classfile}, which is final only
 * from JDK 24: one code path on every JDK. Each target only gains a hook call of two to four
 * instructions, at its entry or before each {@code return} of a constructor, which leaves the stack
 * as it found it: no stack map frame changes, and ASM copies every other method as it was.
 */
final class ThreadHooks implements ClassFileTransformer {

    /** What a hook call passes and where it goes: at the method's entry, or before each of its returns. */
    enum Hook {
        /** {@code Hooks.started(this, null)} at entry. */
        STARTED("started", "(Ljava/lang/Thread;Ljava/lang/Object;)V", false),
        /** {@code Hooks.started(this, container)} at entry: the method's first argument. */
        STARTED_IN("started", "(Ljava/lang/Thread;Ljava/lang/Object;)V", false),
        /** {@code Hooks.ended(this)} at entry. */
        ENDED("ended", "(Ljava/lang/Thread;)V", false),
        /** {@code Hooks.poolCreated(this)} at each return of a pool's constructor. */
        POOL_CREATED("poolCreated", "(Ljava/lang/Object;)V", true),
        /** {@code Hooks.workerCreated(this.thread, pool)} at each return of {@code Worker(pool, task)}. */
        WORKER_CREATED("workerCreated", "(Ljava/lang/Thread;Ljava/lang/Object;)V", true);

        final String method, descriptor;
        final boolean atReturn;

        Hook(String method, String descriptor, boolean atReturn) {
            this.method = method;
            this.descriptor = descriptor;
            this.atReturn = atReturn;
        }
    }

    /** One instrumented method: where, which hook it calls, and from which JDK on it exists. */
    record Target(String owner, String method, String descriptor, Hook hook, int since) {
        String describe() {
            return owner.replace('/', '.') + "." + method + descriptor;
        }
    }

    static final String WORKER = "java/util/concurrent/ThreadPoolExecutor$Worker";

    static final List<Target> TARGETS = List.of(
            new Target("java/lang/Thread", "start", "()V", Hook.STARTED, 17),
            new Target("java/lang/Thread", "exit", "()V", Hook.ENDED, 17),
            new Target("java/util/concurrent/ThreadPoolExecutor", "<init>",
                    "(IIJLjava/util/concurrent/TimeUnit;Ljava/util/concurrent/BlockingQueue;Ljava/util/concurrent/ThreadFactory;"
                            + "Ljava/util/concurrent/RejectedExecutionHandler;)V", Hook.POOL_CREATED, 17),
            new Target(WORKER, "<init>", "(Ljava/util/concurrent/ThreadPoolExecutor;Ljava/lang/Runnable;)V", Hook.WORKER_CREATED, 17),
            new Target("java/util/concurrent/ForkJoinPool", "<init>",
                    "(ILjava/util/concurrent/ForkJoinPool$ForkJoinWorkerThreadFactory;Ljava/lang/Thread$UncaughtExceptionHandler;"
                            + "ZIIILjava/util/function/Predicate;JLjava/util/concurrent/TimeUnit;)V", Hook.POOL_CREATED, 17),
            new Target("java/lang/Thread", "start", "(Ljdk/internal/vm/ThreadContainer;)V", Hook.STARTED_IN, 21),
            new Target("java/lang/VirtualThread", "start", "(Ljdk/internal/vm/ThreadContainer;)V", Hook.STARTED_IN, 21),
            new Target("java/lang/VirtualThread", "afterDone", "(Z)V", Hook.ENDED, 21));

    private static final String HOOKS = Hooks.class.getName().replace('.', '/');

    /** Where the JDK's class files come from: this JDK's, or (in tests) another one's. */
    interface ClassBytes {
        /** The class file, or null when this JDK has no such class. */
        byte[] get(String internalName) throws IOException;
    }

    /** The targets of a JDK with this feature version. */
    static List<Target> targets(int feature) {
        var list = new ArrayList<Target>();
        for (Target t : TARGETS) if (feature >= t.since) list.add(t);
        return List.copyOf(list);
    }

    /** The classes that own at least one of these targets, in order. */
    static List<String> owners(List<Target> targets) {
        var owners = new ArrayList<String>();
        for (Target t : targets) if (!owners.contains(t.owner)) owners.add(t.owner);
        return owners;
    }

    private final List<Target> targets;
    /** The first failure inside {@link #transform}, for the installer to report. */
    volatile Throwable failure;

    ThreadHooks(List<Target> targets) {
        this.targets = targets;
    }

    /** Null when every target of this JDK exists in its class files, else what is missing. */
    static String check(List<Target> targets) throws IOException {
        return check(targets, ThreadHooks::jdkClassBytes);
    }

    static String check(List<Target> targets, ClassBytes classes) throws IOException {
        for (String owner : owners(targets)) {
            byte[] bytes = classes.get(owner);
            if (bytes == null) return owner.replace('/', '.') + " not found";
            ClassReader reader;
            try {
                reader = new ClassReader(bytes);
            } catch (IllegalArgumentException e) { // ASM refuses class-file versions newer than it knows
                int major = ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
                return owner.replace('/', '.') + " is class file version " + major + ", newer than this agent's ASM reads;"
                        + " a newer leaklab-agent is needed";
            }
            var found = new ArrayList<String>();
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    found.add(name + descriptor);
                    return null;
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            for (Target t : targets) {
                if (t.owner.equals(owner) && !found.contains(t.method + t.descriptor)) return t.describe() + " not found";
            }
            instrument(owner, bytes, targets); // a dry run: loads ASM's classes now, not inside Thread.start
        }
        return null;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        if (loader != null || !owners(targets).contains(className)) return null;
        try {
            return instrument(className, bytes, targets);
        } catch (Throwable e) {
            if (failure == null) failure = e;
            return null;
        }
    }

    static byte[] instrument(String owner, byte[] bytes, List<Target> targets) {
        var reader = new ClassReader(bytes);
        // Given the reader, the writer copies the constant pool and every method we do not touch as is.
        var writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                for (Target t : targets) {
                    if (t.owner.equals(owner) && t.method.equals(name) && t.descriptor.equals(descriptor)) return prologue(mv, t);
                }
                return mv;
            }
        }, 0);
        return writer.toByteArray();
    }

    private static MethodVisitor prologue(MethodVisitor mv, Target t) {
        return new MethodVisitor(Opcodes.ASM9, mv) {
            @Override
            public void visitCode() {
                super.visitCode();
                if (!t.hook.atReturn) call();
            }

            @Override
            public void visitInsn(int opcode) {
                if (t.hook.atReturn && opcode == Opcodes.RETURN) call(); // constructors: the stack is empty there
                super.visitInsn(opcode);
            }

            private void call() {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                switch (t.hook) {
                    case STARTED -> super.visitInsn(Opcodes.ACONST_NULL);
                    case STARTED_IN -> super.visitVarInsn(Opcodes.ALOAD, 1);
                    case WORKER_CREATED -> {
                        super.visitFieldInsn(Opcodes.GETFIELD, t.owner, "thread", "Ljava/lang/Thread;");
                        super.visitVarInsn(Opcodes.ALOAD, 1); // the outer pool, the constructor's first argument
                    }
                    default -> { }
                }
                super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, t.hook.method, t.hook.descriptor, false);
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                super.visitMaxs(Math.max(maxStack, 2), maxLocals); // the hook's two arguments at most
            }
        };
    }

    /** A class file of this JDK's java.base, or null when it has no such class. */
    private static byte[] jdkClassBytes(String owner) throws IOException {
        try (InputStream in = Object.class.getModule().getResourceAsStream(owner + ".class")) {
            return in == null ? null : in.readAllBytes();
        }
    }
}

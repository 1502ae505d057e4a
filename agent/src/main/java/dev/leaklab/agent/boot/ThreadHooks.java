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
 * </ul>
 * The start hooks run on the creating thread, before the new thread can run, so its origin is
 * recorded before it can end. Methods are matched by name and descriptor; if one this JDK should
 * have is missing the agent says so and instruments nothing (half the hooks would give wrong counts).
 *
 * <p>ASM (relocated into the agent jar) rather than {@code java.lang.classfile}, which is final only
 * from JDK 24: one code path on every JDK. Each target only gains three instructions at its entry,
 * which leave the stack as they found it: no stack map frame changes, and ASM copies every other
 * method as it was.
 */
final class ThreadHooks implements ClassFileTransformer {

    /** One instrumented method: where, which hook its entry calls, and from which JDK on it exists. */
    record Target(String owner, String method, String descriptor, boolean start, boolean passContainer, int since) {
        String describe() {
            return owner.replace('/', '.') + "." + method + descriptor;
        }
    }

    static final List<Target> TARGETS = List.of(
            new Target("java/lang/Thread", "start", "()V", true, false, 17),
            new Target("java/lang/Thread", "exit", "()V", false, false, 17),
            new Target("java/lang/Thread", "start", "(Ljdk/internal/vm/ThreadContainer;)V", true, true, 21),
            new Target("java/lang/VirtualThread", "start", "(Ljdk/internal/vm/ThreadContainer;)V", true, true, 21),
            new Target("java/lang/VirtualThread", "afterDone", "(Z)V", false, false, 21));

    private static final String HOOKS = Hooks.class.getName().replace('.', '/');
    private static final String STARTED = "(Ljava/lang/Thread;Ljava/lang/Object;)V", ENDED = "(Ljava/lang/Thread;)V";

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
                super.visitVarInsn(Opcodes.ALOAD, 0);
                if (t.start) {
                    if (t.passContainer) super.visitVarInsn(Opcodes.ALOAD, 1); else super.visitInsn(Opcodes.ACONST_NULL);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "started", STARTED, false);
                } else {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "ended", ENDED, false);
                }
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                super.visitMaxs(Math.max(maxStack, 2), maxLocals); // the prologue's two arguments
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

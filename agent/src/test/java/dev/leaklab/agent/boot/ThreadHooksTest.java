package dev.leaklab.agent.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.InvokeInstruction;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hook points against real JDK class files: this JDK's (java.base, read as resources) and JDK
 * 17's (read from its runtime image through the jrt file system). The instrumented classes are read
 * back with the JDK's own class-file API, an independent reader, and verified with its verifier.
 */
class ThreadHooksTest {
    static final Path JDK17 = Path.of(System.getProperty("leaklab.jdk17.home", "/usr/lib/jvm/java-17-openjdk-amd64"));

    @Test
    void everyHookPointExistsInThisJdk() throws Exception {
        assertThat(ThreadHooks.targets(Runtime.version().feature())).hasSize(5);
        assertThat(ThreadHooks.check(ThreadHooks.targets(Runtime.version().feature()))).isNull();
    }

    @Test
    void jdk17HasThePlatformHookPointsAndNoneOfTheOthers() throws Exception {
        try (FileSystem jrt = jdk17()) {
            ThreadHooks.ClassBytes jdk17 = name -> bytes(jrt, name);
            assertThat(ThreadHooks.targets(17)).extracting(ThreadHooks.Target::describe)
                    .containsExactly("java.lang.Thread.start()V", "java.lang.Thread.exit()V");
            assertThat(ThreadHooks.check(ThreadHooks.targets(17), jdk17)).isNull();
            // what JDK 21 adds is not there: asked for, it is named, and nothing would be instrumented
            assertThat(ThreadHooks.check(ThreadHooks.targets(21), jdk17))
                    .isEqualTo("java.lang.Thread.start(Ljdk/internal/vm/ThreadContainer;)V not found");
            assertThat(jdk17.get("java/lang/VirtualThread")).isNull();
        }
    }

    @Test
    void aMethodThisJdkLacksIsNamedWithItsDescriptor() throws Exception {
        var targets = new ArrayList<>(ThreadHooks.TARGETS);
        targets.add(new ThreadHooks.Target("java/lang/VirtualThread", "start", "(Ljava/lang/Object;)V", true, true, 21));
        assertThat(ThreadHooks.check(targets)).isEqualTo("java.lang.VirtualThread.start(Ljava/lang/Object;)V not found");
    }

    @Test
    void aClassFileNewerThanAsmReadsIsRefusedWithItsVersion() throws Exception {
        ThreadHooks.ClassBytes future = name -> {
            byte[] b = bytes(name);
            b[6] = 0;
            b[7] = (byte) 200; // class file version 200: no ASM knows it
            return b;
        };
        assertThat(ThreadHooks.check(ThreadHooks.targets(17), future))
                .isEqualTo("java.lang.Thread is class file version 200, newer than this agent's ASM reads; a newer leaklab-agent is needed");
    }

    @Test
    void theHooksAreTheOnlyChangeOnThisJdk() throws Exception {
        assertOnlyTheHooks(ThreadHooks.targets(Runtime.version().feature()), ThreadHooksTest::bytes);
    }

    @Test
    void theHooksAreTheOnlyChangeOnJdk17() throws Exception {
        try (FileSystem jrt = jdk17()) {
            assertOnlyTheHooks(ThreadHooks.targets(17), name -> bytes(jrt, name));
        }
    }

    /** Every target gains exactly the hook call at its entry, nothing else changes, and the class verifies. */
    private static void assertOnlyTheHooks(List<ThreadHooks.Target> targets, ThreadHooks.ClassBytes classes) throws Exception {
        for (String owner : ThreadHooks.owners(targets)) {
            byte[] original = classes.get(owner), instrumented = ThreadHooks.instrument(owner, original, targets);
            ClassModel before = ClassFile.of().parse(original), after = ClassFile.of().parse(instrumented);
            assertThat(after.majorVersion()).isEqualTo(before.majorVersion());
            assertThat(after.methods()).hasSameSizeAs(before.methods());
            int hooked = 0;
            for (int i = 0; i < before.methods().size(); i++) {
                MethodModel b = before.methods().get(i), a = after.methods().get(i);
                assertThat(a.methodName().stringValue() + a.methodType().stringValue())
                        .isEqualTo(b.methodName().stringValue() + b.methodType().stringValue());
                var target = targets.stream().filter(t -> t.owner().equals(owner) && t.method().equals(b.methodName().stringValue())
                        && t.descriptor().equals(b.methodType().stringValue())).findFirst();
                var expected = new ArrayList<Opcode>();
                if (target.isPresent()) {
                    hooked++;
                    expected.add(Opcode.ALOAD_0);
                    if (target.get().start()) expected.add(target.get().passContainer() ? Opcode.ALOAD_1 : Opcode.ACONST_NULL);
                    expected.add(Opcode.INVOKESTATIC);
                    var call = (InvokeInstruction) instructions(a).get(expected.size() - 1);
                    assertThat(call.owner().asInternalName()).isEqualTo("dev/leaklab/agent/boot/Hooks");
                    assertThat(call.name().stringValue()).isEqualTo(target.get().start() ? "started" : "ended");
                }
                expected.addAll(opcodes(b));
                assertThat(opcodes(a)).as(owner + "." + a.methodName()).isEqualTo(expected);
            }
            assertThat(hooked).isEqualTo(targets.stream().filter(t -> t.owner().equals(owner)).count());
            assertThat(ClassFile.of().verify(after)).as("verification errors of the instrumented " + owner).isEmpty();
        }
    }

    private static List<Instruction> instructions(MethodModel m) {
        var list = new ArrayList<Instruction>();
        m.code().ifPresent(c -> c.forEach(e -> {
            if (e instanceof Instruction i) list.add(i);
        }));
        return list;
    }

    private static List<Opcode> opcodes(MethodModel m) {
        return instructions(m).stream().map(Instruction::opcode).toList();
    }

    private static FileSystem jdk17() throws Exception {
        assumeTrue(Files.isRegularFile(JDK17.resolve("lib/modules")), "no JDK 17 at " + JDK17 + " (set -Dleaklab.jdk17.home): JDK 17's class files not checked");
        return FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", JDK17.toString()));
    }

    private static byte[] bytes(FileSystem jrt, String name) throws java.io.IOException {
        try {
            return Files.readAllBytes(jrt.getPath("modules", "java.base", name + ".class"));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static byte[] bytes(String owner) throws java.io.IOException {
        try (var in = Object.class.getModule().getResourceAsStream(owner + ".class")) {
            return in.readAllBytes();
        }
    }
}

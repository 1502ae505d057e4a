package dev.leaklab.agent.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hook points against this JDK's own class files (java.base, read as resources). */
class ThreadHooksTest {
    @Test
    void everyHookPointExistsInThisJdk() throws Exception {
        assertThat(ThreadHooks.check()).isNull();
    }

    @Test
    void aMethodThisJdkLacksIsNamedWithItsDescriptor() throws Exception {
        var targets = new ArrayList<>(ThreadHooks.TARGETS);
        targets.add(new ThreadHooks.Target("java/lang/VirtualThread", "start", "(Ljava/lang/Object;)V", true, true));
        assertThat(ThreadHooks.check(targets)).isEqualTo("java.lang.VirtualThread.start(Ljava/lang/Object;)V not found");
    }

    @Test
    void theHooksAreTheOnlyChange() throws Exception {
        // Every target method gains exactly the hook call; no method appears or disappears.
        for (String owner : List.of("java/lang/Thread", "java/lang/VirtualThread")) {
            var before = java.lang.classfile.ClassFile.of().parse(bytes(owner));
            var after = java.lang.classfile.ClassFile.of().parse(ThreadHooks.instrument(owner, before));
            assertThat(after.methods()).hasSameSizeAs(before.methods());
            long calls = after.methods().stream().flatMap(m -> m.code().stream()).flatMap(c -> c.elementStream())
                    .filter(e -> e instanceof java.lang.classfile.instruction.InvokeInstruction i
                            && i.owner().asInternalName().equals("dev/leaklab/agent/boot/Hooks"))
                    .count();
            assertThat(calls).isEqualTo(ThreadHooks.TARGETS.stream().filter(t -> t.owner().equals(owner)).count());
        }
    }

    private static byte[] bytes(String owner) throws Exception {
        try (var in = Object.class.getModule().getResourceAsStream(owner + ".class")) {
            return in.readAllBytes();
        }
    }
}

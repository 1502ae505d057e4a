package dev.leaklab.dump;

import dev.leaklab.internal.dump.Frames;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class FramesTest {

    static final List<String> VIRTUAL = List.of(
            "java.base/java.lang.VirtualThread.park(VirtualThread.java:742)",
            "java.base/java.util.concurrent.SynchronousQueue.put(SynchronousQueue.java:266)",
            "com.example.Checkout.lambda$submit$0(Checkout.java:42)",
            "java.base/java.util.concurrent.FutureTask.run(FutureTask.java:328)",
            "java.base/java.lang.VirtualThread.run(VirtualThread.java:460)");

    @Test
    void jdkFramesAreThoseOfJavaAndJdkModules() {
        assertThat(Frames.isJdk("java.base/java.lang.Thread.run(Thread.java:1474)")).isTrue();
        assertThat(Frames.isJdk("jdk.httpserver/sun.net.httpserver.ServerImpl$Dispatcher.run(ServerImpl.java:400)")).isTrue();
        assertThat(Frames.isJdk("com.example.Checkout.run(Checkout.java:42)")).isFalse();
        assertThat(Frames.isJdk("app@1.0/com.example.Checkout.run(Checkout.java:42)")).isFalse();
        assertThat(Frames.isJdk("com.example.Path.run(a/b.java:1)")).isFalse(); // a slash after the '(' is no module
    }

    @Test
    void taskEntryIsTheFirstApplicationFrameFromTheBottom() {
        assertThat(Frames.taskEntry(VIRTUAL)).isEqualTo("com.example.Checkout.lambda$submit$0(Checkout.java:42)");
        assertThat(Frames.topApplicationFrame(VIRTUAL)).isEqualTo("com.example.Checkout.lambda$submit$0(Checkout.java:42)");
        assertThat(Frames.taskEntry(List.of("java.base/java.lang.Thread.run(Thread.java:1474)"))).isNull();
    }

    @Test
    void namesAndObjectsLoseTheirVaryingParts() {
        assertThat(Frames.namePattern("leaklab-send-without-receiver-1234")).isEqualTo("leaklab-send-without-receiver-N");
        assertThat(Frames.namePattern("ForkJoinPool-1-worker-12")).isEqualTo("ForkJoinPool-N-worker-N");
        assertThat(Frames.namePattern("")).isEqualTo("\"\"");
        assertThat(Frames.withoutIdentityHash("java.util.concurrent.ThreadPoolExecutor@65969e5d")).isEqualTo("java.util.concurrent.ThreadPoolExecutor");
        assertThat(Frames.withoutIdentityHash("<root>")).isEqualTo("<root>");
        assertThat(Frames.withoutIdentityHash("java.lang.Object@0x000000069e5639b0")).isEqualTo("java.lang.Object"); // a text dump's address
        assertThat(Frames.withoutIdentityHash("x@0x")).isEqualTo("x@0x");
        assertThat(Frames.withoutIdentityHash("user@example")).isEqualTo("user@example");
    }
}

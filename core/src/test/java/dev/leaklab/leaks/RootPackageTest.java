package dev.leaklab.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A library's root package, which "the library's caller" is outside of. */
class RootPackageTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "org.apache.hc.core5.reactor.MultiCoreIOReactor.start(MultiCoreIOReactor.java:72)   | org.apache.",
        "io.netty.util.concurrent.ThreadPerTaskExecutor.execute(ThreadPerTaskExecutor.java:32) | io.netty.",
        "okhttp3.internal.connection.RealCall$AsyncCall.executeOn(RealCall.java:559)         | okhttp3.",
        "okhttp3.Dispatcher.promoteAndExecute(Dispatcher.java:1)                               | okhttp3.",
        "okio.internal.DefaultSocket$SocketSink.write(DefaultSocket.java:179)                  | okio.",
        "okio.AsyncTimeout$Companion.insertIntoQueue(AsyncTimeout.java:320)                    | okio.",
        "com.acme.libs.LibraryLeaks.jetty(LibraryLeaks.java:103)                               | com.acme.",
    })
    void rootOfAFrame(String frame, String root) {
        assertThat(RecordingLeaks.root(frame)).isEqualTo(root);
    }

    @ParameterizedTest
    @CsvSource({"Fetcher.fetch(Fetcher.java:35)", "Main.main(Main.java:1)"})
    void aDefaultPackageFrameHasNoRoot(String frame) {
        assertThat(RecordingLeaks.root(frame)).isEmpty();
        assertThat(RecordingLeaks.className(frame)).doesNotContain(".");
    }
}

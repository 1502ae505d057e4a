package dev.leaklab.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.leaklab.internal.dump.Targets;
import dev.leaklab.profile.StackGroups;

/**
 * The threads the dump layer starts (the attach thread, the writer of this JVM's own dump) come
 * from the factory passed in ({@link Targets#threadFactory}): the endpoint and the CLI pass one that
 * registers them as the tool's, which this layer, below the census, cannot do itself.
 */
class DumpThreadsTest {

    @Test
    void theAttachAndDumpWriterThreadsComeFromTheFactoryPassedIn() {
        List<Thread> made = new CopyOnWriteArrayList<>();
        Targets.threadFactory(r -> {
            var t = new Thread(r);
            made.add(t);
            return t;
        });
        try {
            long self = ProcessHandle.current().pid();
            boolean fromFactory = Targets.answer(self, Duration.ofMinutes(1), () -> made.contains(Thread.currentThread()));
            assertThat(fromFactory).as("the attach thread").isTrue();
            if (Runtime.version().feature() >= TextDumps.FIRST_JSON_FEATURE) { // before, this JVM's dump needs no thread
                ThreadDumps.visitLive(self, new StackGroups());
                assertThat(made).extracting(Thread::getName).contains("leaklab-dump-writer");
            }
            assertThat(made).allMatch(Thread::isDaemon);
        } finally {
            Targets.threadFactory(Thread::new);
        }
    }
}

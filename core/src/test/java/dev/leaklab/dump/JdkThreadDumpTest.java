package dev.leaklab.dump;

import dev.leaklab.io.UserError;
import dev.leaklab.profile.Count;
import dev.leaklab.internal.profile.ProfileJson;
import dev.leaklab.profile.ProfileText;
import dev.leaklab.profile.StackGroup;
import dev.leaklab.profile.ThreadProfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader and grouping against a real JDK 25 dump (dumps/jdk25-demo.json, written by
 * {@code jcmd PID Thread.dump_to_file -format=json} for dumps/Demo.java.txt) and against the
 * malformed inputs users bring: older formats, truncated files, other JSON.
 */
class JdkThreadDumpTest {

    static final Path DEMO = Path.of("src/test/resources/dumps/jdk25-demo.json");
    static final Path JDK21 = Path.of("src/test/resources/dumps/jdk21-format.json");

    @TempDir
    Path tmp;

    @Test
    void readsEveryThreadOfEveryContainerWithStateKindAndBlocker() throws Exception {
        var threads = new ArrayList<DumpedThread>();
        var headers = new ArrayList<DumpHeader>();
        ThreadDumps.visit(new ThreadDumps.DumpFile(DEMO), new DumpVisitor() {
            @Override
            public void header(DumpHeader h) {
                headers.add(h);
            }

            @Override
            public void thread(DumpedThread t) {
                threads.add(t);
            }
        });
        assertThat(headers).containsExactly(new DumpHeader("6842", "25.0.3+9-LTS", "2026-11-28T00:37:07.493375799Z"));
        assertThat(threads).hasSize(17); // 13 in <root>, 3 in the ForkJoinPool, 1 in the executor
        var p0 = threads.stream().filter(t -> t.name().equals("p-0")).findFirst().orElseThrow();
        assertThat(p0.virtual()).isFalse();
        assertThat(p0.state()).isEqualTo("WAITING");
        assertThat(p0.blocker()).isEqualTo("parked on java.util.concurrent.SynchronousQueue$Transferer@5cda9dde");
        assertThat(p0.stack()).hasSize(8).contains("Demo.lambda$main$1(Demo.java:6)");
        var sleeper = threads.stream().filter(t -> t.tid().equals("28")).findFirst().orElseThrow();
        assertThat(sleeper.virtual()).isTrue();
        assertThat(sleeper.container()).isEqualTo("java.util.concurrent.ThreadPerTaskExecutor@38aeaeee");
        assertThat(threads.stream().filter(t -> t.name().equals("blocked")).findFirst().orElseThrow().blocker())
                .isEqualTo("blocked on java.lang.Object@28ccba35");
    }

    @Test
    void groupsByIdenticalStackLargestFirst() throws Exception {
        var profile = ThreadProfile.of(new ThreadDumps.DumpFile(DEMO));
        assertThat(profile.total()).isEqualTo(17);
        assertThat(profile.virtual()).isEqualTo(4);
        assertThat(profile.groups().stream().mapToInt(StackGroup::count).sum()).isEqualTo(17);
        var top = profile.groups().get(0);
        assertThat(top.count()).isEqualTo(3);
        assertThat(top.virtual()).isEqualTo(3);
        assertThat(top.headline()).isEqualTo("Demo.lambda$main$0(Demo.java:4)");
        assertThat(top.states()).containsExactly(new Count("WAITING", 3));
        assertThat(top.names()).containsExactly(new Count("v-N", 3));
        assertThat(top.blockers()).containsExactly(new Count("parked on java.util.concurrent.SynchronousQueue$Transferer", 3));
        // the two carrier threads share a stack but not a state
        var carriers = profile.groups().stream().filter(g -> g.names().get(0).key().equals("ForkJoinPool-N-worker-N")).findFirst().orElseThrow();
        assertThat(carriers.states()).containsExactlyInAnyOrder(new Count("WAITING", 1), new Count("TIMED_WAITING", 1));
        assertThat(carriers.containers()).containsExactly(new Count("ForkJoinPool-1/jdk.internal.vm.SharedThreadContainer", 2));
    }

    @Test
    void textViewMatchesTheGoldenFile() throws Exception {
        var out = new java.io.StringWriter();
        ProfileText.write(ThreadProfile.of(new ThreadDumps.DumpFile(DEMO)), new java.io.PrintWriter(out));
        assertThat(out.toString()).isEqualTo(Files.readString(Path.of("src/test/resources/dumps/jdk25-demo.debug1.txt")));
    }

    @Test
    void groupedJsonRoundTrips() throws Exception {
        var profile = ThreadProfile.of(new ThreadDumps.DumpFile(DEMO));
        Path file = tmp.resolve("groups.json");
        try (var w = Files.newBufferedWriter(file)) {
            ProfileJson.write(profile, w);
        }
        assertThat(ThreadProfile.of(new ThreadDumps.DumpFile(file))).isEqualTo(profile);
    }

    @Test
    void numericIdsAsTheSchemaAllows() throws Exception {
        Path file = tmp.resolve("numeric.json");
        Files.writeString(file, Files.readString(DEMO).replaceAll("\"(tid|processId)\": \"(\\d+)\"", "\"$1\": $2"));
        var profile = ThreadProfile.of(new ThreadDumps.DumpFile(file));
        assertThat(profile.total()).isEqualTo(17);
        assertThat(profile.header().processId()).isEqualTo("6842");
    }

    @Test
    void refusesTheOlderFormatOfJdk21() {
        assertThatThrownBy(() -> ThreadProfile.of(new ThreadDumps.DumpFile(JDK21)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("written by JDK 21.0.2+13-LTS in the older thread-dump format")
                .hasMessageContaining("JDK 25 or newer");
    }

    @Test
    void refusesTheOlderFormatByItsFieldsWhenTheVersionIsUnusual() {
        assertThatThrownBy(() -> ThreadProfile.of(new ThreadDumps.DumpFile(Path.of("src/test/resources/dumps/no-state-unknown-version.json"))))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("older thread-dump format")
                .hasMessageContaining("thread 1 has no \"state\"");
    }

    @Test
    void saysWhenAFileIsTruncated() throws Exception {
        byte[] whole = Files.readAllBytes(DEMO);
        for (int cut : new int[] {whole.length / 3, whole.length / 2, whole.length - 3}) {
            Path file = tmp.resolve("cut" + cut + ".json");
            Files.write(file, java.util.Arrays.copyOf(whole, cut));
            assertThatThrownBy(() -> ThreadProfile.of(new ThreadDumps.DumpFile(file)))
                    .isInstanceOf(UserError.class)
                    .hasMessageContaining(file + " is truncated");
        }
    }

    @Test
    void namesOtherInputsForWhatTheyAre() throws Exception {
        assertThat(message("")).endsWith("is empty");
        assertThat(message("hello")).contains("is not valid JSON at line 1");
        assertThat(message("[1, 2]")).contains("is not a thread dump: expected a JSON object");
        assertThat(message("{\"name\": \"x\"}")).contains("starts with \"name\", not \"threadDump\"");
        assertThat(message("{\"threadDump\": {\"processId\": \"1\"}}")).contains("has no \"runtimeVersion\"");
        assertThatThrownBy(() -> ThreadProfile.of(new ThreadDumps.DumpFile(tmp.resolve("missing.json"))))
                .hasMessage("no such file: " + tmp.resolve("missing.json"));
    }

    private String message(String content) throws IOException {
        Path file = Files.createTempFile(tmp, "in", ".json");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        try {
            ThreadProfile.of(new ThreadDumps.DumpFile(file));
            return "no error";
        } catch (UserError e) {
            return e.getMessage();
        }
    }

    @Test
    void sharesOneCopyOfEachStackAcrossThreads() throws Exception {
        var stacks = new ArrayList<List<String>>();
        ThreadDumps.visit(new ThreadDumps.DumpFile(DEMO), t -> {
            if (t.name().startsWith("v-")) {
                stacks.add(t.stack());
            }
        });
        assertThat(stacks).hasSize(3);
        assertThat(stacks.get(1)).isSameAs(stacks.get(0));
        assertThat(stacks.get(2)).isSameAs(stacks.get(0));
    }
}

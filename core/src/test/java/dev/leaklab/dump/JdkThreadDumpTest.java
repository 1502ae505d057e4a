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
 * {@code jcmd PID Thread.dump_to_file -format=json} for dumps/Demo.java.txt), its threads in JDK
 * 21's format (dumps/jdk21-demo.json: printed as jdk.internal.vm.ThreadDumper.dumpThreadsToJson
 * of JDK 21 prints them, field by field and space by space: tid, name and stack per thread, ids and
 * counts as strings, '/' escaped; the source read was openjdk/jdk's ThreadDumper.java of 2023 without
 * ThreadSnapshot), and against the malformed inputs users bring: truncated files, other JSON.
 */
class JdkThreadDumpTest {

    static final Path DEMO = Path.of("src/test/resources/dumps/jdk25-demo.json");
    static final Path JDK21 = Path.of("src/test/resources/dumps/jdk21-demo.json");

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
    void readsJdk21sFormatWithoutStatesAndTellsVirtualThreadsByTheirEntry() {
        var v21 = ThreadProfile.of(new ThreadDumps.DumpFile(JDK21));
        var v25 = ThreadProfile.of(new ThreadDumps.DumpFile(DEMO));
        assertThat(v21.header().runtimeVersion()).isEqualTo("21.0.2+13-LTS");
        assertThat(v21.header().note()).startsWith("JDK 21's JSON dump has no thread states or blockers (JDK 25's has): states show as ?");
        assertThat(v25.header().note()).isNull();
        // the same threads: the same counts, kinds and stacks; only states and blockers are missing
        assertThat(v21.total()).isEqualTo(17);
        assertThat(v21.virtual()).isEqualTo(4);
        assertThat(v21.groups()).extracting(StackGroup::stack).containsExactlyInAnyOrderElementsOf(
                v25.groups().stream().map(StackGroup::stack).toList());
        var top = v21.groups().get(0);
        assertThat(top.virtual()).isEqualTo(3);
        assertThat(top.states()).containsExactly(new Count("?", 3));
        assertThat(top.blockers()).isEmpty();
        assertThat(top.containers()).containsExactly(new Count("<root>", 3));
    }

    @Test
    void readsTheOlderFormatByItsFieldsWhenTheVersionIsUnusual() {
        var profile = ThreadProfile.of(new ThreadDumps.DumpFile(Path.of("src/test/resources/dumps/no-state-unknown-version.json")));
        assertThat(profile.total()).isEqualTo(1);
        assertThat(profile.platform()).isEqualTo(1);
        assertThat(profile.groups().get(0).states()).containsExactly(new Count("?", 1));
    }

    /**
     * JDK 27's format 2 (dumps/jdk27-format2.json): the JDK 25 demo's threads as JDK 27's spec
     * writes them (doc-files/threadDump.html of openjdk-27 27~19ea: {@code "formatVersion": 2} first,
     * processId, tid, owner, threadCount and carrier as JSON numbers; the JDK 27 ThreadDumper
     * source itself could not be read here).
     */
    @Test
    void readsFormatVersion2AndSaysWhenAVersionIsNewer() throws Exception {
        Path v2 = Path.of("src/test/resources/dumps/jdk27-format2.json");
        var profile = ThreadProfile.of(new ThreadDumps.DumpFile(v2));
        var v25 = ThreadProfile.of(new ThreadDumps.DumpFile(DEMO));
        assertThat(profile.header()).isEqualTo(new DumpHeader("6842", "27-ea+22-2010", v25.header().time()));
        assertThat(profile.groups()).isEqualTo(v25.groups());
        Path v3 = tmp.resolve("v3.json");
        Files.writeString(v3, Files.readString(v2).replace("\"formatVersion\": 2,", "\"formatVersion\": 3,"));
        var newer = ThreadProfile.of(new ThreadDumps.DumpFile(v3));
        assertThat(newer.header().note()).isEqualTo("formatVersion 3 is newer than this leaklab knows (2): read as version 2");
        assertThat(newer.groups()).isEqualTo(v25.groups());
    }

    @Test
    void aKeyTwiceIsBadInputAtAnyLevelNeverASmallerAnswer() throws Exception {
        String dump = Files.readString(DEMO);
        var cases = java.util.Map.of(
                "outer", dump.strip().substring(0, dump.strip().length() - 1) + ", \"threadDump\": {\"threads\": []}}",
                "thread", dump.replaceFirst("\"tid\": \"(\\d+)\"", "\"tid\": \"$1\", \"tid\": \"$1\""),
                "header", dump.replaceFirst("\"processId\": ", "\"processId\": \"1\", \"processId\": "));
        for (var c : cases.entrySet()) {
            Path file = tmp.resolve("dup-" + c.getKey() + ".json");
            Files.writeString(file, c.getValue());
            assertThat(c.getValue()).as(c.getKey()).isNotEqualTo(dump);
            assertThatThrownBy(() -> ThreadProfile.of(new ThreadDumps.DumpFile(file))).as(c.getKey())
                    .isInstanceOf(UserError.class)
                    .hasMessageContaining("Duplicate field");
        }
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
        assertThat(message("hello")).contains("is neither a JSON thread dump nor a text one");
        assertThat(message("{hello")).contains("is not valid JSON at line 1");
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

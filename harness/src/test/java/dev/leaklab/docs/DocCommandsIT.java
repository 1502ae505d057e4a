package dev.leaklab.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fenced shell block of README.md and docs/*.md runs as written, the way a reader following
 * the page would run it: the blocks of one document in order, in one scratch folder (so that
 * base.json or rec.jfr made by one block is there for the next), with JDK 25 first on the PATH.
 * What a reader would fill in or wait for is substituted ({@link #SUBSTITUTIONS}: the application
 * {@code app.jar} by the tests' demo programs, port 6060 by a free one, /tmp by the scratch folder,
 * long sleeps and stress settings by short ones); a {@code $PID} the block does not set is a demo
 * JVM the test starts. A command that exits non-zero (for {@code watch}: other than a level) fails
 * the test. Commands too long for the suite are skipped by {@link #SKIPS}, a list printed at the end
 * with each reason; a skip that matches no command fails, so the list cannot go stale.
 * A block without a language fails: it could hide a command from this test.
 */
class DocCommandsIT {

    static final Path ROOT = DocsTest.ROOT;
    static final Pattern FENCE = Pattern.compile("^\\s*```(\\S*)\\s*$");
    static final Set<String> SHELL = Set.of("bash", "sh", "shell", "console");
    static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(150);

    record Command(int line, String text) {
    }

    record Block(String doc, int line, List<Command> commands) {
    }

    record Skip(Pattern pattern, String why) {
        static Skip of(String regex, String why) {
            return new Skip(Pattern.compile(regex), why);
        }
    }

    /** In the commands {@code command} matches (every command when null), {@code pattern} replaced. */
    record Substitution(Pattern command, Pattern pattern, String replacement) {
        static Substitution of(String command, String regex, String replacement) {
            return new Substitution(command == null ? null : Pattern.compile(command), Pattern.compile(regex), replacement);
        }

        String apply(String text) {
            return command != null && !command.matcher(text).find() ? text : pattern.matcher(text).replaceAll(replacement);
        }
    }

    /** The marked list: commands too long (or too heavy) for the suite, and why. Printed after the run. */
    static final List<Skip> SKIPS = List.of(
            Skip.of("^scripts/test\\b", "the whole suite, about 16 min: this test runs inside it"),
            Skip.of("^scripts/leaklab stress$", "the quick matrix: 36 child JVMs, ~3 min (StressEndToEndTest runs stress end to end)"),
            Skip.of("^scripts/leaklab stress\\b.*--(quick|full|scale|rss)\\b", "a long run: minutes to tens of minutes"),
            Skip.of("^scripts/leaklab stress\\b.*--repeat\\b", "every cell several times: minutes"),
            Skip.of("^scripts/bench\\b(?! --help$)", "a JMH run: minutes (the JMH smoke test of the suite runs one)"),
            Skip.of("benchmarks/target/benchmarks\\.jar", "a JMH run: minutes"),
            Skip.of("^mvn\\b", "a Maven build: the suite has just built what this test runs"),
            Skip.of("^(timeout|flock)\\b", "busy loops that load both cores for a measurement"),
            Skip.of("0\\.0\\.0\\.0", "binds every interface: tests bind 127.0.0.1 only"),
            Skip.of("--rate 20000/s|big-100k", "100,000 parked threads and a 126 MB dump"),
            Skip.of("^cat harness/target/dump-report-scale\\.txt", "written by DumpReportScaleTest, which the suite runs"),
            Skip.of("results/jmh/20261128T010203Z\\.json", "an example file name, not a file in the repository"));

    static final String STRESS = "^scripts/leaklab stress\\b(?!.*--help)", WATCH = "^scripts/leaklab watch ";

    /**
     * What a reader fills in or waits for, made small; applied in order to each command. A stress
     * run's settings are replaced by short ones, and it writes into the scratch folder, not into the
     * checkout's results/runs/.
     */
    static final List<Substitution> SUBSTITUTIONS = List.of(
            //              in commands  what                                    by
            Substitution.of(null,    "-jar app\\.jar\\s*&",                      "-cp harness/target/test-classes com.example.drip.Drip &"),
            Substitution.of(null,    "(=prove\\b.*)-jar app\\.jar",              "$1-cp harness/target/test-classes com.example.billing.Billing prove"),
            Substitution.of(null,    "-jar app\\.jar",                           "-cp harness/target/test-classes com.example.billing.Billing leak"),
            Substitution.of(null,    "=endpoint(?=[\\s,])",                      "=endpoint=127.0.0.1:@PORT@"),
            Substitution.of(null,    "127\\.0\\.0\\.1:6060",                     "127.0.0.1:@PORT@"),
            Substitution.of(null,    "(?<![\\w/])/tmp/",                         "@SCRATCH@/tmp/"),
            Substitution.of(null,    "\\bsleep \\d+",                            "sleep 3"),
            Substitution.of(WATCH,   "--interval \\S+",                          "--interval 1s"),
            Substitution.of(WATCH,   "--for \\S+",                               "--for 2s"),
            Substitution.of(STRESS,  " --(warmup|load|idle) \\S+",               ""),
            Substitution.of(STRESS,  "$",                                       " --warmup 0s --load 1s --idle 1s"),
            Substitution.of("^scripts/leaklab stress\\b(?!.*(--help|--out))", "$", " --out @SCRATCH@/runs/@RUN@"),
            Substitution.of(null,    "(^|&& |\\| )curl ",                        "$1curl --fail --silent --show-error --retry 30 --retry-connrefused --retry-delay 1 --max-time 60 "),
            Substitution.of(null,    "seconds=\\d+",                             "seconds=1"),
            Substitution.of(null,    "(?<![\\w/.])scripts/",                     "@ROOT@/scripts/"));

    /** Exit codes that are a verdict, not a failure. */
    static final Map<Pattern, Set<Integer>> VERDICTS = Map.of(
            Pattern.compile("^scripts/leaklab watch\\b"), Set.of(3, 4, 5));

    static final List<String> skipped = new ArrayList<>();
    static final Set<Skip> used = new LinkedHashSet<>();
    static final Map<String, String> ranStress = new HashMap<>();

    static Stream<String> documents() throws IOException {
        var docs = new ArrayList<>(List.of("README.md"));
        try (var s = Files.list(ROOT.resolve("docs"))) {
            s.map(p -> "docs/" + p.getFileName()).filter(p -> p.endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs.stream();
    }

    /** The fenced blocks of a document; commands joined over trailing backslashes, comments dropped. */
    static List<Block> shellBlocks(String doc) throws IOException {
        var lines = Files.readAllLines(ROOT.resolve(doc));
        var blocks = new ArrayList<Block>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String lang = open.group(1);
            if (lang.isEmpty()) {
                fail(doc + ":" + (i + 1) + ": a fenced block without a language (bash for commands, text for output)");
            }
            int start = i;
            if (!SHELL.contains(lang)) {
                for (i++; i < lines.size() && !FENCE.matcher(lines.get(i)).matches(); i++) {
                    // output, Java, XML: nothing to run
                }
                continue;
            }
            var commands = new ArrayList<Command>();
            StringBuilder pending = null;
            int pendingLine = 0;
            for (i++; i < lines.size() && !FENCE.matcher(lines.get(i)).matches(); i++) {
                String line = lines.get(i);
                if (pending == null) {
                    pending = new StringBuilder();
                    pendingLine = i + 1;
                }
                if (line.endsWith("\\")) {
                    pending.append(line, 0, line.length() - 1).append(' ');
                    continue;
                }
                pending.append(line);
                if (openQuote(stripComment(pending.toString()))) { // a quoted script over several lines: one command
                    pending.append('\n');
                    continue;
                }
                String text = stripComment(pending.toString()).replaceAll("[ \\t]+", " ").strip();
                if (!text.isEmpty()) {
                    commands.add(new Command(pendingLine, text));
                }
                pending = null;
            }
            if (pending != null) {
                fail(doc + ":" + pendingLine + ": a command whose quote or backslash goes on past the end of its block");
            }
            if (!commands.isEmpty()) {
                blocks.add(new Block(doc, start + 1, commands));
            }
        }
        return blocks;
    }

    static boolean openQuote(CharSequence text) {
        boolean single = false, dbl = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            }
        }
        return single || dbl;
    }

    /** A {@code #} after whitespace (or first) starts a comment, outside quotes. */
    static String stripComment(String line) {
        boolean single = false, dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    static final class Targets implements AutoCloseable {
        final Path scratch;
        final int port;
        Process pidTarget, endpointTarget;

        Targets(Path scratch) throws IOException {
            this.scratch = scratch;
            try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                this.port = s.getLocalPort();
            }
        }

        long pid() throws Exception {
            if (pidTarget == null) {
                pidTarget = demo(List.of());
            }
            return pidTarget.pid();
        }

        void endpoint() throws Exception {
            if (endpointTarget == null) {
                endpointTarget = demo(List.of("-javaagent:" + ROOT.resolve("agent/target/leaklab-agent.jar")
                        + "=endpoint=127.0.0.1:" + port + ",quiet"));
            }
        }

        /** The tests' demo service that goes on leaking a virtual thread every 20 ms (no agent unless given). */
        private Process demo(List<String> options) throws Exception {
            var cmd = new ArrayList<>(List.of(java(), "-Xmx256m"));
            cmd.addAll(options);
            cmd.addAll(List.of("-cp", ROOT.resolve("harness/target/test-classes").toString(), "com.example.drip.Drip"));
            var p = new ProcessBuilder(cmd).directory(scratch.toFile()).redirectErrorStream(true).start();
            var out = p.inputReader();
            String line;
            int read = 0;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("READY") && ++read < 50);
            assertThat(line).as("the demo program starts").isEqualTo("READY");
            Thread.ofPlatform().daemon().name("doc-target-drain").start(() -> {
                try {
                    out.transferTo(java.io.Writer.nullWriter());
                } catch (IOException e) {
                    // the target ended
                }
            });
            return p;
        }

        @Override
        public void close() {
            for (Process p : new Process[] {pidTarget, endpointTarget}) {
                if (p != null) {
                    p.destroyForcibly();
                }
            }
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void everyCommandBlockRunsAsWritten(String doc, @TempDir Path scratch) throws Exception {
        Files.createDirectories(scratch.resolve("tmp"));
        // The paths the documents name, for commands to read; scripts/ itself is called by its real path
        // (through a link it would take its sources for changed, and rebuild).
        for (String entry : List.of("harness", "agent", "core", "benchmarks", "monitoring", "results", "docs")) {
            Files.createSymbolicLink(scratch.resolve(entry), ROOT.resolve(entry));
        }
        boolean promtool = onPath("promtool");
        long started = System.nanoTime();
        int ran = 0;
        try (var targets = new Targets(scratch)) {
            var skippedOutputs = new ArrayList<String>();
            for (Block block : shellBlocks(doc)) {
                var script = new StringBuilder();
                // -e: a command that fails inside a chain (a; b) fails the block too; the ERR trap names it.
                script.append("set -e -o pipefail\n")
                        .append("trap 'printf \"FAILED: %s (exit %s)\\\\n\" \"$BASH_COMMAND\" \"$?\"' ERR\n")
                        // background jobs (a target started with &) end with the block; the block's exit code stays
                        .append("trap '__rc=$?; set +e; __jobs=$(jobs -p); [ -z \"$__jobs\" ] || kill $__jobs 2>/dev/null;"
                                + " wait 2>/dev/null; exit $__rc' EXIT\n")
                        .append("export JAVA_HOME=").append(quote(System.getProperty("java.home"))).append('\n')
                        .append("export PATH=\"$JAVA_HOME/bin:$PATH\"\n");
                boolean setsPid = block.commands().stream().anyMatch(c -> c.text().contains("PID="));
                boolean usesPid = block.commands().stream().anyMatch(c -> c.text().contains("$PID"));
                boolean startsEndpoint = block.commands().stream().anyMatch(c -> c.text().contains("=endpoint"));
                boolean usesEndpoint = block.commands().stream().anyMatch(c -> c.text().contains(":6060"));
                int toRun = 0;
                for (Command c : block.commands()) {
                    String where = doc + ":" + c.line();
                    String why = skipReason(c.text(), promtool, skippedOutputs);
                    String text = substitute(c.text(), scratch, targets.port);
                    if (why == null && c.text().startsWith("scripts/leaklab stress")) {
                        String first = ranStress.putIfAbsent(text, where);
                        why = first == null ? null : "the same run as " + first;
                    }
                    if (why == null) {
                        text = text.replace("@RUN@", Integer.toString(RUNS.incrementAndGet()));
                    }
                    if (why != null) {
                        skipped.add(String.format(Locale.ROOT, "%-26s %s%n%26s   skipped: %s", where, c.text(), "", why));
                        Matcher out = Pattern.compile("(?:--out|-o|-rff) (\\S+)").matcher(c.text());
                        while (out.find()) {
                            skippedOutputs.add(out.group(1));
                        }
                        continue;
                    }
                    Set<Integer> allowed = VERDICTS.entrySet().stream().filter(e -> e.getKey().matcher(c.text()).find())
                            .findFirst().map(Map.Entry::getValue).orElse(Set.of());
                    script.append("printf '%s\\n' ").append(quote("+ " + where + ": " + text)).append('\n');
                    if (text.endsWith("&") && !text.endsWith("&&")) {
                        script.append(text).append('\n'); // started in the background: nothing to check yet
                    } else {
                        // A || list is exempt from -e: the exit code is checked here, verdicts allowed.
                        script.append(text).append(" || { rc=$?; case \" ")
                                .append(String.join(" ", allowed.stream().map(String::valueOf).toList()))
                                .append(" \" in *\" $rc \"*) ;; *) printf '%s\\n' ").append(quote("FAILED " + where + ": exit "))
                                .append("\"$rc\"; exit 97 ;; esac; }\n");
                    }
                    toRun++;
                }
                if (toRun == 0) {
                    continue;
                }
                if (usesPid && !setsPid) {
                    script.insert(0, "PID=" + targets.pid() + "\n");
                }
                if (usesEndpoint && !startsEndpoint) {
                    targets.endpoint();
                }
                runBlock(block, script.toString(), scratch);
                ran += toRun;
            }
        }
        System.out.printf(Locale.ROOT, "DocCommandsIT %s: %d commands ran in %.1f s%n", doc, ran,
                (System.nanoTime() - started) / 1e9);
    }

    static String skipReason(String command, boolean promtool, List<String> skippedOutputs) {
        for (Skip s : SKIPS) {
            if (s.pattern().matcher(command).find()) {
                used.add(s);
                return s.why();
            }
        }
        if (!promtool && command.contains("promtool")) {
            return "promtool is not installed here (CI installs it)";
        }
        for (String out : skippedOutputs) {
            if (command.contains(out)) {
                return "reads " + out + ", the output of a command skipped above";
            }
        }
        return null;
    }

    static String substitute(String command, Path scratch, int port) {
        String text = command;
        for (Substitution s : SUBSTITUTIONS) {
            text = s.apply(text);
        }
        return text.replace("@PORT@", Integer.toString(port)).replace("@SCRATCH@", scratch.toString())
                .replace("@ROOT@", ROOT.toString());
    }

    /** A stress run's folder must not exist yet: one per run. */
    static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

    static void runBlock(Block block, String script, Path scratch) throws Exception {
        Path file = Files.createTempFile(scratch, "block-", ".sh");
        Path log = Files.createTempFile(scratch, "block-", ".log");
        Files.writeString(file, script);
        var p = new ProcessBuilder("bash", file.toString()).directory(scratch.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        boolean ended = p.waitFor(BLOCK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        String tail = out.length() > 6000 ? "...\n" + out.substring(out.length() - 6000) : out;
        assertThat(ended).as("%s:%d ended within %s:%n%s", block.doc(), block.line(), BLOCK_TIMEOUT, tail).isTrue();
        assertThat(p.exitValue()).as("%s:%d, as run:%n%s%noutput:%n%s", block.doc(), block.line(), script, tail).isZero();
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** A stress run from a page is made short and writes into the scratch folder, never into the checkout's results/runs/. */
    @Test
    void aStressRunIsShortAndWritesIntoTheScratchFolder() {
        Path scratch = Path.of("SCRATCH");
        assertThat(substitute("scripts/leaklab stress --scenarios unbounded-fan-out --rates 50,500 --load 10s", scratch, 1))
                .isEqualTo(ROOT + "/scripts/leaklab stress --scenarios unbounded-fan-out --rates 50,500"
                        + " --warmup 0s --load 1s --idle 1s --out SCRATCH/runs/@RUN@");
        assertThat(substitute("scripts/leaklab stress --repeat 4 --load 2s --out /tmp/base", scratch, 1))
                .isEqualTo(ROOT + "/scripts/leaklab stress --repeat 4 --out SCRATCH/tmp/base --warmup 0s --load 1s --idle 1s");
        assertThat(substitute("scripts/leaklab stress --help", scratch, 1)).isEqualTo(ROOT + "/scripts/leaklab stress --help");
        assertThat(substitute("scripts/leaklab watch 42 --interval 10s --for 5m", scratch, 1))
                .isEqualTo(ROOT + "/scripts/leaklab watch 42 --interval 1s --for 2s");
    }

    /** Every skip still matches a command: a stale one would hide nothing, and say it does. */
    @Test
    void everySkipMatchesACommand() throws Exception {
        var unmatched = new ArrayList<String>();
        var all = documents().flatMap(d -> {
            try {
                return shellBlocks(d).stream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).flatMap(b -> b.commands().stream()).map(Command::text).toList();
        for (Skip s : SKIPS) {
            if (all.stream().noneMatch(c -> s.pattern().matcher(c).find())) {
                unmatched.add(s.pattern().pattern());
            }
        }
        assertThat(unmatched).as("skips that match no command").isEmpty();
    }

    @AfterAll
    static void printTheSkippedCommands() {
        System.out.println("DocCommandsIT: " + skipped.size() + " commands skipped (the marked list, SKIPS):");
        skipped.forEach(System.out::println);
    }
}

package dev.leaklab.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * With the agent loaded, the counters are the agent's and {@code jvm.threads.site} reports the top
 * N creation sites, dropping a site that leaves the top N. The agent is a stand-in here: a registry
 * class of the same contract ({@code ThreadOrigins}' comment) on the boot class path of a child JVM.
 */
class WithTheAgentTest {

    /** The agent registry's contract, answering fixed counts and, from the second call on, other sites. */
    static final String REGISTRY = """
            package dev.leaklab.agent.boot;

            public final class Registry {
                private static int bySiteCalls;
                public static boolean active() { return true; }
                public static Object[] origin(Thread t) { return null; }
                public static void setScope(String scope) { }
                public static String scopeOf(Thread t) { return null; }
                public static long started(boolean virtual) { return virtual ? 7_000 : 30; }
                public static long ended(boolean virtual) { return virtual ? 6_000 : 20; }
                public static Object[][] provenLeaks() { return new Object[0][]; }
                public static synchronized Object[][] liveBySite(int top) {
                    String prefix = bySiteCalls++ == 0 ? "first.Site.run(First.java:" : "second.Site.run(Second.java:";
                    var rows = new Object[Math.min(top, 12)][];
                    for (int i = 0; i < rows.length; i++) {
                        rows[i] = new Object[] {prefix + i + ")", 100 - i};
                    }
                    return rows;
                }
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void countersAndTopSitesComeFromTheAgent() throws Exception {
        Path source = tmp.resolve("src/dev/leaklab/agent/boot/Registry.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, REGISTRY);
        Path boot = tmp.resolve("boot");
        int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", boot.toString(), source.toString());
        assertThat(javac).isZero();

        var process = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx128m",
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-Xbootclasspath/a:" + boot,
                "-cp", System.getProperty("java.class.path"), Child.class.getName()).redirectErrorStream(true).start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(out).isZero();
            assertThat(out).contains("starts virtual 7000 platform 30, ends virtual 6000 platform 20\n")
                    .contains("sites [first.Site.run(First.java:0)=100, first.Site.run(First.java:1)=99, first.Site.run(First.java:2)=98]\n")
                    .contains("sites [second.Site.run(Second.java:0)=100, second.Site.run(Second.java:1)=99, second.Site.run(Second.java:2)=98]\n")
                    .contains("endpoint jvm_threads_starts_threads_total{kind=\"virtual\"} 7000.0\n")
                    .contains("endpoint jvm_threads_site_threads{site=\"second.Site.run(Second.java:0)\"} 100.0\n")
                    .contains("endpoint jvm_threads_site_threads{site=\"second.Site.run(Second.java:9)\"} 91.0\n");
            assertThat(out.lines().filter(l -> l.startsWith("endpoint jvm_threads_site_threads{"))).as(out).hasSize(10);
        } finally {
            process.destroyForcibly();
        }
    }

    static final class Child {
        public static void main(String[] args) {
            var registry = new SimpleMeterRegistry();
            try (var binder = new LeaklabThreadMetrics(3, io.micrometer.core.instrument.Tags.empty())) {
                binder.bindTo(registry);
                System.out.println("starts virtual " + count(registry, "jvm.threads.starts", "virtual")
                        + " platform " + count(registry, "jvm.threads.starts", "platform")
                        + ", ends virtual " + count(registry, "jvm.threads.ends", "virtual")
                        + " platform " + count(registry, "jvm.threads.ends", "platform"));
                System.out.println("sites " + sites(registry));
                binder.refreshSites(); // as the scheduled refresh does: the first three sites leave the top N
                System.out.println("sites " + sites(registry));
            }
            // the debug endpoint's exposition: the same series, the top 10 sites (its default)
            try (var endpoint = dev.leaklab.endpoint.DebugEndpoint.start(dev.leaklab.endpoint.DebugEndpoint.Options.loopback(0))) {
                var body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/debug/metrics")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                body.lines().filter(l -> l.startsWith("jvm_threads_site_threads{") || l.startsWith("jvm_threads_starts_threads_total{"))
                        .forEach(l -> System.out.println("endpoint " + l));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        static long count(SimpleMeterRegistry registry, String name, String kind) {
            return (long) registry.get(name).tag("kind", kind).functionCounter().count();
        }

        static List<String> sites(SimpleMeterRegistry registry) {
            return registry.find("jvm.threads.site").gauges().stream()
                    .map(g -> g.getId().getTag("site") + "=" + (long) g.value()).sorted().toList();
        }
    }
}

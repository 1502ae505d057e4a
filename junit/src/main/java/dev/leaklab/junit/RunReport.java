package dev.leaklab.junit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.junit.jupiter.api.extension.ExtensionContext;

import dev.leaklab.check.EndedThread;
import dev.leaklab.check.LeakedThread;
import dev.leaklab.internal.io.AtomicFile;

/**
 * What the whole run found, for triage: every check adds to it, and when the run ends (JUnit
 * closes the root store) it writes {@code thread-leaks.txt} and {@code thread-leaks.json}, grouped
 * by creation site with counts, prints a few lines on standard error, and, when asked, records the
 * baseline. Closing must never fail the run: a file that cannot be written is one line on stderr.
 */
@SuppressWarnings("deprecation") // CloseableResource: what JUnit before 5.13 closes
final class RunReport implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    static final String TEXT = "thread-leaks.txt", JSON = "thread-leaks.json";
    /** Console lines for the sites with the most tests; the files hold all of them. */
    static final int CONSOLE_SITES = 5;

    /** What happened to a leak. */
    enum Status {
        /** Failed its test. */
        FAILED,
        /** Reported only (action WARN, or while recording the baseline). */
        WARNED,
        /** In the baseline: reported only. */
        KNOWN
    }

    private record Site(Status status, String site) {
    }

    private static final class Count {
        final Set<String> tests = new TreeSet<>();
        int threads;
    }

    private final Settings.Run run;
    private final Baseline baseline;
    private final Map<Site, Count> sites = new LinkedHashMap<>();
    /** Baseline entries seen this run, and every test checked (a fixed entry is one whose test ran). */
    private final Set<String> seen = new LinkedHashSet<>(), checked = new LinkedHashSet<>();
    private final List<String> classLifetime = new ArrayList<>();
    private final List<String> ended = new ArrayList<>();
    private int endedTests, tests;

    RunReport(Settings.Run run, Baseline baseline) {
        this.run = run;
        this.baseline = baseline;
    }

    Baseline baseline() {
        return baseline;
    }

    boolean recording() {
        return run.recordBaseline();
    }

    /** The baseline's key of a leak: its site without the line number, so edits elsewhere keep it known. */
    static String siteKey(LeakedThread l) {
        StackTraceElement line = null;
        for (StackTraceElement f : l.creationStack()) {
            if (!isJdk(f)) {
                line = f;
                break;
            }
        }
        if (line != null) {
            return line.getClassName() + "." + line.getMethodName();
        }
        String site = l.site();
        if (site != null) {
            int paren = site.indexOf('(');
            String m = paren < 0 ? site : site.substring(0, paren);
            int slash = m.lastIndexOf('/');
            return slash < 0 ? m : "task began at " + m.substring(slash + 1);
        }
        return "thread named " + l.name().replaceAll("\\d+", "N");
    }

    private static boolean isJdk(StackTraceElement f) {
        String m = f.getModuleName();
        return m != null && (m.startsWith("java.") || m.startsWith("jdk."));
    }

    /** How the summary shows a leak's site: its creation line, or where its task began, or its name. */
    static String siteText(LeakedThread l) {
        if (l.creationLine() != null) {
            return "created at " + l.creationLine();
        }
        String site = l.site(); // where its task began
        return site != null ? site : "threads named " + l.name().replaceAll("\\d+", "N")
                + " (no creation site: run with the agent, stack-rate=all)";
    }

    /** @param isTest a test method's check, not a class's lifecycle: counted in the headline */
    synchronized void checked(String test, boolean isTest) {
        checked.add(test);
        if (isTest) {
            tests++;
        }
    }

    synchronized void leaks(String test, Status status, List<LeakedThread> leaks) {
        for (LeakedThread l : leaks) {
            var count = sites.computeIfAbsent(new Site(status, siteText(l)), k -> new Count());
            count.tests.add(test);
            count.threads++;
            seen.add(Baseline.entry(test, siteKey(l)));
        }
    }

    synchronized void notes(String test, List<EndedThread> endedThreads, List<LeakedThread> lifetime) {
        if (!endedThreads.isEmpty()) {
            endedTests++;
            for (EndedThread e : endedThreads) {
                ended.add(String.format(Locale.ROOT, "%s · %s ended within %d ms%s", test, e.name(), e.withinMillis(),
                        where(e.site())));
            }
        }
        for (LeakedThread l : lifetime) {
            classLifetime.add(l.name() + " · started by the static initializer of " + l.initializer() + " · first seen in "
                    + test + where(l.site()));
        }
    }

    /** {@code " · created at <line>"}, {@code " · task began at <frame>"}, or nothing. */
    private static String where(String site) {
        return site == null ? "" : site.startsWith("task began at ") ? " · " + site : " · created at " + site;
    }

    /** Baseline entries whose test ran and no longer leaks from that site. */
    synchronized List<String> fixed() {
        var out = new ArrayList<String>();
        for (String e : baseline.entries()) {
            if (checked.contains(Baseline.test(e)) && !seen.contains(e)) {
                out.add(e);
            }
        }
        return out;
    }

    private boolean closed;

    /**
     * JUnit 5.13 and later close it as an {@link AutoCloseable} (and warn about a value that is
     * only a {@code CloseableResource}), earlier ones as a {@code CloseableResource}: once either way.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            finish(System.err);
        } catch (RuntimeException e) {
            System.err.println("leaklab: the end-of-run summary failed: " + e);
        }
    }

    synchronized void finish(PrintStream console) {
        List<String> fixed = fixed();
        var ordered = new ArrayList<>(sites.entrySet());
        ordered.sort(Comparator.<Map.Entry<Site, Count>>comparingInt(e -> e.getKey().status().ordinal())
                .thenComparing(e -> -e.getValue().tests.size())
                .thenComparing(e -> e.getKey().site()));
        var text = new ByteArrayOutputStream();
        var out = new PrintStream(text, true, StandardCharsets.UTF_8);
        String headline = headline(fixed);
        out.println("leaklab: " + headline);
        out.println();
        for (var e : ordered) {
            out.printf(Locale.ROOT, "%-6s %d %s · %d %s · %s%n", e.getKey().status(), e.getValue().tests.size(),
                    e.getValue().tests.size() == 1 ? "test" : "tests", e.getValue().threads,
                    e.getValue().threads == 1 ? "thread" : "threads", e.getKey().site());
            for (String t : e.getValue().tests) {
                out.println("           " + t);
            }
        }
        if (!fixed.isEmpty()) {
            out.println();
            out.println("Fixed: in the baseline " + baseline.file() + ", no longer leaking (delete these lines, or record again):");
            fixed.forEach(f -> out.println("    " + f));
        }
        if (!classLifetime.isEmpty()) {
            out.println();
            out.println("Class-lifetime threads (started by a static initializer; reported once, not leaks):");
            classLifetime.forEach(c -> out.println("    " + c));
        }
        if (!ended.isEmpty()) {
            out.println();
            out.println("Ended within the linger (waited for, not leaks):");
            ended.forEach(c -> out.println("    " + c));
        }
        Path dir = run.summaryDir();
        boolean wrote = false;
        if (dir != null) {
            try {
                Files.createDirectories(dir);
                AtomicFile.write(dir.resolve(TEXT), text.toByteArray());
                AtomicFile.write(dir.resolve(JSON), json(ordered, fixed));
                wrote = true;
            } catch (IOException | RuntimeException e) {
                console.println("leaklab: could not write the thread-leak summary to " + dir + ": " + e.getMessage());
            }
        }
        if (run.recordBaseline() && baseline.file() != null) {
            var entries = new TreeSet<>(seen);
            for (String e : baseline.entries()) {
                if (!checked.contains(Baseline.test(e))) {
                    entries.add(e); // its test did not run: still known
                }
            }
            try {
                Baseline.write(baseline.file(), entries);
                console.println("leaklab: recorded " + entries.size() + " known " + (entries.size() == 1 ? "leak" : "leaks")
                        + " in the baseline " + baseline.file());
            } catch (IOException | RuntimeException e) {
                console.println("leaklab: could not write the baseline " + baseline.file() + ": " + e.getMessage());
            }
        }
        if (sites.isEmpty() && fixed.isEmpty() && classLifetime.isEmpty() && ended.isEmpty()) {
            return; // a clean run says nothing on the console
        }
        console.println("leaklab: " + headline);
        for (int i = 0; i < Math.min(CONSOLE_SITES, ordered.size()); i++) {
            var e = ordered.get(i);
            console.printf(Locale.ROOT, "leaklab:   %-6s %d %s · %d %s · %s%n", e.getKey().status(),
                    e.getValue().tests.size(), e.getValue().tests.size() == 1 ? "test" : "tests", e.getValue().threads,
                    e.getValue().threads == 1 ? "thread" : "threads", e.getKey().site());
        }
        if (ordered.size() > CONSOLE_SITES) {
            console.println("leaklab:   ... " + (ordered.size() - CONSOLE_SITES) + " more sites");
        }
        if (!fixed.isEmpty()) {
            console.println("leaklab:   FIXED  " + fixed.size() + " baseline " + (fixed.size() == 1 ? "entry" : "entries")
                    + " no longer leak: delete from " + baseline.file() + ": " + String.join("; ", fixed));
        }
        if (wrote) {
            console.println("leaklab: details in " + dir.resolve(TEXT) + " and " + JSON);
        }
    }

    private String headline(List<String> fixed) {
        var byStatus = new LinkedHashMap<Status, Set<String>>();
        Set<String> leakyTests = new TreeSet<>();
        for (var e : sites.entrySet()) {
            byStatus.computeIfAbsent(e.getKey().status(), k -> new TreeSet<>()).addAll(e.getValue().tests);
            leakyTests.addAll(e.getValue().tests);
        }
        var parts = new ArrayList<String>();
        String counts = "";
        if (!sites.isEmpty()) {
            var each = new ArrayList<String>();
            for (Status st : Status.values()) {
                if (byStatus.containsKey(st)) {
                    each.add(byStatus.get(st).size() + " " + st.name().toLowerCase(Locale.ROOT));
                }
            }
            counts = " (" + String.join(", ", each) + ")";
        }
        parts.add(String.format(Locale.ROOT, "%d of %d checked tests leaked threads%s, from %d %s", leakyTests.size(),
                tests, counts, sites.size(), sites.size() == 1 ? "site" : "sites"));
        if (!fixed.isEmpty()) {
            parts.add(fixed.size() + " baseline " + (fixed.size() == 1 ? "entry" : "entries") + " fixed");
        }
        if (!classLifetime.isEmpty()) {
            parts.add(classLifetime.size() + " class-lifetime " + (classLifetime.size() == 1 ? "thread" : "threads"));
        }
        if (endedTests > 0) {
            parts.add(endedTests + (endedTests == 1 ? " test's" : " tests'") + " threads ended within the linger");
        }
        return String.join("; ", parts);
    }

    private byte[] json(List<Map.Entry<Site, Count>> ordered, List<String> fixed) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(bytes)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("schemaVersion", 1);
            g.writeNumberField("checkedTests", checked.size());
            g.writeArrayFieldStart("sites");
            for (var e : ordered) {
                g.writeStartObject();
                g.writeStringField("status", e.getKey().status().name());
                g.writeStringField("site", e.getKey().site());
                g.writeNumberField("threads", e.getValue().threads);
                g.writeArrayFieldStart("tests");
                for (String t : e.getValue().tests) {
                    g.writeString(t);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("baseline", baseline.file() == null ? null : baseline.file().toString());
            strings(g, "fixed", fixed);
            strings(g, "classLifetime", classLifetime);
            strings(g, "endedWithinLinger", ended);
            g.writeEndObject();
        }
        return bytes.toByteArray();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}

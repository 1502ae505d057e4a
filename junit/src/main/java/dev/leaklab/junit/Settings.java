package dev.leaklab.junit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

import dev.leaklab.check.LeakAction;
import dev.leaklab.io.Durations;
import dev.leaklab.check.ThreadLeaks;

/**
 * {@link CheckThreadLeaks} settings merged along the class hierarchy: the run's configuration
 * parameters ({@code leaklab.threads.*}), then the enclosing classes of a nested class, then
 * superclasses from the top, then the class, then the method. Lists add up; one-value settings
 * are taken from the most specific place that sets them.
 */
record Settings(ThreadLeaks.Options options, LeakScope scope) {

    static final Settings DEFAULTS = new Settings(ThreadLeaks.Options.defaults(), LeakScope.TEST);

    /** The run's configuration parameters, parsed once per run (kept in the root store). */
    static final class Run {
        private final Merge merged = new Merge();
        private final Path baseline;
        private final boolean recordBaseline;
        private final Path summaryDir;

        Run(Function<String, Optional<String>> config) {
            merged.add(config);
            baseline = Merge.value(config, CheckThreadLeaks.BASELINE_PROPERTY_NAME, Settings::path);
            Boolean record = Merge.value(config, CheckThreadLeaks.BASELINE_RECORD_PROPERTY_NAME, Settings::bool);
            recordBaseline = record != null && record;
            if (recordBaseline && baseline == null) {
                throw new ExtensionConfigurationException("configuration parameter "
                        + CheckThreadLeaks.BASELINE_RECORD_PROPERTY_NAME + "=true: name the file to record in "
                        + CheckThreadLeaks.BASELINE_PROPERTY_NAME);
            }
            String dir = config.apply(CheckThreadLeaks.SUMMARY_DIR_PROPERTY_NAME).map(String::strip).orElse("");
            summaryDir = dir.isEmpty() ? defaultSummaryDir()
                    : dir.equals("none") ? null : Merge.value(config, CheckThreadLeaks.SUMMARY_DIR_PROPERTY_NAME, Settings::path);
        }

        /** Null when no baseline is used. */
        Path baseline() {
            return baseline;
        }

        boolean recordBaseline() {
            return recordBaseline;
        }

        /** Null when no summary file is written. */
        Path summaryDir() {
            return summaryDir;
        }

        /** Maven's build folder, else Gradle's, in the folder the tests run in (the module's); else none. */
        private static Path defaultSummaryDir() {
            for (String build : new String[] {"target", "build"}) {
                if (Files.isDirectory(Path.of(build))) {
                    return Path.of(build, "leaklab");
                }
            }
            return null;
        }
    }

    private static Path path(String v) {
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a path: " + e.getReason());
        }
    }

    static Settings forClass(Class<?> testClass) {
        return forClass(testClass, new Run(key -> Optional.empty()));
    }

    static Settings forMethod(Class<?> testClass, Method method) {
        return forMethod(testClass, method, new Run(key -> Optional.empty()));
    }

    static Settings forClass(Class<?> testClass, Run run) {
        var merged = run.merged.copy();
        for (AnnotatedElement e : chain(testClass)) {
            merged.add(e);
        }
        return merged.settings();
    }

    static Settings forMethod(Class<?> testClass, Method method, Run run) {
        var merged = run.merged.copy();
        for (AnnotatedElement e : chain(testClass)) {
            merged.add(e);
        }
        merged.add(method);
        return merged.settings();
    }

    /** Outermost first: enclosing classes of an inner (nested) class, each with its superclasses top-down. */
    private static List<AnnotatedElement> chain(Class<?> c) {
        Deque<AnnotatedElement> out = new ArrayDeque<>();
        for (Class<?> k = c; k != null; k = isInner(k) ? k.getEnclosingClass() : null) {
            var supers = new ArrayList<Class<?>>();
            for (Class<?> s = k; s != null && s != Object.class; s = s.getSuperclass()) {
                supers.add(s);
            }
            for (Class<?> s : supers) {
                out.addFirst(s); // the class first, then its superclasses in front of it: top-down
            }
        }
        return List.copyOf(out);
    }

    private static boolean isInner(Class<?> k) {
        return k.getEnclosingClass() != null && !Modifier.isStatic(k.getModifiers());
    }

    private static boolean bool(String v) {
        switch (v) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("expected true or false");
        }
    }

    private static Duration linger(String v) {
        Duration d = Durations.parse(v);
        if (d.isNegative()) {
            throw new IllegalArgumentException("expected a duration of 0 or more");
        }
        return d;
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String v) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v) && !e.name().equals("DEFAULT")) {
                return e;
            }
        }
        var names = new ArrayList<String>();
        for (E e : type.getEnumConstants()) {
            if (!e.name().equals("DEFAULT")) {
                names.add(e.name());
            }
        }
        String last = names.remove(names.size() - 1);
        throw new IllegalArgumentException("expected " + String.join(", ", names) + " or " + last);
    }

    private static final class Merge {
        final List<String> sites = new ArrayList<>(), topFrames = new ArrayList<>(), names = new ArrayList<>();
        Boolean ignoreCurrent, blameClassLifetime;
        Duration linger;
        LeakScope scope;
        LeakAction action;

        Merge copy() {
            var c = new Merge();
            c.sites.addAll(sites);
            c.topFrames.addAll(topFrames);
            c.names.addAll(names);
            c.ignoreCurrent = ignoreCurrent;
            c.blameClassLifetime = blameClassLifetime;
            c.linger = linger;
            c.scope = scope;
            c.action = action;
            return c;
        }

        /**
         * The run's own settings, under everything an annotation says: lists separated by commas
         * (a regular expression with a comma belongs in an annotation), one-value settings as an
         * annotation writes them.
         */
        void add(Function<String, Optional<String>> config) {
            list(config, CheckThreadLeaks.IGNORE_SITES_PROPERTY_NAME, sites);
            list(config, CheckThreadLeaks.IGNORE_TOP_FRAMES_PROPERTY_NAME, topFrames);
            list(config, CheckThreadLeaks.IGNORE_NAMES_PROPERTY_NAME, names);
            ignoreCurrent = or(value(config, CheckThreadLeaks.IGNORE_CURRENT_PROPERTY_NAME, Settings::bool), ignoreCurrent);
            linger = or(value(config, CheckThreadLeaks.LINGER_PROPERTY_NAME, Settings::linger), linger);
            blameClassLifetime = or(value(config, CheckThreadLeaks.BLAME_CLASS_LIFETIME_PROPERTY_NAME, Settings::bool),
                    blameClassLifetime);
            scope = or(value(config, CheckThreadLeaks.SCOPE_PROPERTY_NAME, v -> parseEnum(LeakScope.class, v)), scope);
            action = or(value(config, CheckThreadLeaks.ACTION_PROPERTY_NAME, v -> parseEnum(LeakAction.class, v)), action);
        }

        private static <T> T or(T value, T otherwise) {
            return value != null ? value : otherwise;
        }

        private static void list(Function<String, Optional<String>> config, String name, List<String> into) {
            config.apply(name).ifPresent(v -> {
                for (String item : v.split(",")) {
                    if (!item.isBlank()) {
                        into.add(item.strip());
                    }
                }
            });
        }

        private static <T> T value(Function<String, Optional<String>> config, String name, Function<String, T> parse) {
            var text = config.apply(name).map(String::strip).filter(v -> !v.isEmpty());
            if (text.isEmpty()) {
                return null;
            }
            try {
                return parse.apply(text.get());
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException("configuration parameter " + name + "=" + text.get()
                        + ": " + e.getMessage());
            }
        }

        void add(AnnotatedElement e) {
            var found = AnnotationSupport.findAnnotation(e, CheckThreadLeaks.class);
            if (found.isEmpty()) {
                return;
            }
            CheckThreadLeaks a = found.get();
            sites.addAll(List.of(a.ignoreSites()));
            topFrames.addAll(List.of(a.ignoreTopFrames()));
            names.addAll(List.of(a.ignoreNames()));
            ignoreCurrent = or(annotated(e, "ignoreCurrent", a.ignoreCurrent(), Settings::bool), ignoreCurrent);
            linger = or(annotated(e, "linger", a.linger(), Settings::linger), linger);
            blameClassLifetime = or(annotated(e, "blameClassLifetime", a.blameClassLifetime(), Settings::bool),
                    blameClassLifetime);
            if (a.scope() != LeakScope.DEFAULT) {
                scope = a.scope();
            }
            if (a.action() != LeakAction.DEFAULT) {
                action = a.action();
            }
        }

        private static <T> T annotated(AnnotatedElement e, String name, String text, Function<String, T> parse) {
            if (text.isBlank()) {
                return null;
            }
            try {
                return parse.apply(text.strip());
            } catch (IllegalArgumentException x) {
                throw new ExtensionConfigurationException("@CheckThreadLeaks on " + e + ": " + name + " = \"" + text
                        + "\": " + x.getMessage());
            }
        }

        Settings settings() {
            var o = ThreadLeaks.Options.defaults()
                    .ignoreSites(sites.toArray(String[]::new))
                    .ignoreTopFrames(topFrames.toArray(String[]::new));
            try {
                o = o.ignoreNames(names.toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException("@CheckThreadLeaks " + e.getMessage());
            }
            if (ignoreCurrent != null) {
                o = o.withIgnoreCurrent(ignoreCurrent);
            }
            if (linger != null) {
                o = o.withLinger(linger);
            }
            if (blameClassLifetime != null) {
                o = o.withBlameClassLifetime(blameClassLifetime);
            }
            if (action != null) {
                o = o.withAction(action);
            }
            return new Settings(o, scope == null ? LeakScope.TEST : scope);
        }
    }
}

package dev.leaklab.junit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
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

/**
 * {@link CheckThreadLeaks} settings merged along the class hierarchy: the run's configuration
 * parameters ({@code leaklab.threads.*}), then the enclosing classes of a nested class, then
 * superclasses from the top, then the class, then the method. Lists add up; one-value settings
 * are taken from the most specific place that sets them.
 */
record Settings(ThreadLeaks.Options options, LeakScope scope) {

    static final Settings DEFAULTS = new Settings(ThreadLeaks.Options.defaults(), LeakScope.TEST);

    /** The prefix of the run-wide settings, JUnit configuration parameters ({@code leaklab.threads.action=WARN}). */
    static final String PREFIX = "leaklab.threads.";

    static Settings forClass(Class<?> testClass) {
        return forClass(testClass, key -> Optional.empty());
    }

    static Settings forMethod(Class<?> testClass, Method method) {
        return forMethod(testClass, method, key -> Optional.empty());
    }

    static Settings forClass(Class<?> testClass, Function<String, Optional<String>> config) {
        var merged = new Merge();
        merged.add(config);
        for (AnnotatedElement e : chain(testClass)) {
            merged.add(e);
        }
        return merged.settings();
    }

    static Settings forMethod(Class<?> testClass, Method method, Function<String, Optional<String>> config) {
        var merged = new Merge();
        merged.add(config);
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

    private static final class Merge {
        final List<String> sites = new ArrayList<>(), topFrames = new ArrayList<>(), names = new ArrayList<>();
        Boolean ignoreCurrent;
        Long lingerMillis;
        LeakScope scope;
        LeakAction action;

        /**
         * The run's own settings, under everything an annotation says: lists separated by commas
         * (a regular expression with a comma belongs in an annotation), one-value settings as an
         * annotation writes them.
         */
        void add(Function<String, Optional<String>> config) {
            list(config, "ignoreSites", sites);
            list(config, "ignoreTopFrames", topFrames);
            list(config, "ignoreNames", names);
            ignoreCurrent = value(config, "ignoreCurrent", v -> switch (v) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("true or false");
            });
            lingerMillis = value(config, "lingerMillis", v -> {
                long ms = Long.parseLong(v);
                if (ms < 0) {
                    throw new IllegalArgumentException("0 or more");
                }
                return ms;
            });
            scope = value(config, "scope", v -> LeakScope.valueOf(v.toUpperCase(Locale.ROOT)));
            action = value(config, "action", v -> LeakAction.valueOf(v.toUpperCase(Locale.ROOT)));
        }

        private static void list(Function<String, Optional<String>> config, String name, List<String> into) {
            config.apply(PREFIX + name).ifPresent(v -> {
                for (String item : v.split(",")) {
                    if (!item.isBlank()) {
                        into.add(item.strip());
                    }
                }
            });
        }

        private static <T> T value(Function<String, Optional<String>> config, String name, Function<String, T> parse) {
            var text = config.apply(PREFIX + name).map(String::strip).filter(v -> !v.isEmpty());
            if (text.isEmpty()) {
                return null;
            }
            try {
                return parse.apply(text.get());
            } catch (RuntimeException e) {
                String expected = switch (name) {
                    case "scope" -> "TEST or CLASS";
                    case "action" -> "FAIL, WARN or INTERRUPT_THEN_FAIL";
                    case "lingerMillis" -> "a number of milliseconds, 0 or more";
                    default -> e.getMessage();
                };
                throw new ExtensionConfigurationException("configuration parameter " + PREFIX + name + "=" + text.get()
                        + ": expected " + expected);
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
            if (a.ignoreCurrent().length > 0) {
                one(e, "ignoreCurrent", a.ignoreCurrent().length);
                ignoreCurrent = a.ignoreCurrent()[0];
            }
            if (a.lingerMillis().length > 0) {
                one(e, "lingerMillis", a.lingerMillis().length);
                if (a.lingerMillis()[0] < 0) {
                    throw new ExtensionConfigurationException("@CheckThreadLeaks on " + e
                            + ": lingerMillis must be 0 or more, not " + a.lingerMillis()[0]);
                }
                lingerMillis = a.lingerMillis()[0];
            }
            if (a.scope().length > 0) {
                one(e, "scope", a.scope().length);
                scope = a.scope()[0];
            }
            if (a.action().length > 0) {
                one(e, "action", a.action().length);
                action = a.action()[0];
            }
        }

        private static void one(AnnotatedElement e, String name, int n) {
            if (n != 1) {
                throw new ExtensionConfigurationException("@CheckThreadLeaks on " + e + ": " + name
                        + " takes one value, not " + n);
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
            if (lingerMillis != null) {
                o = o.withLinger(Duration.ofMillis(lingerMillis));
            }
            if (action != null) {
                o = o.withAction(action);
            }
            return new Settings(o, scope == null ? LeakScope.TEST : scope);
        }
    }
}

package dev.leaklab.junit;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.parallel.ExecutionMode;

import dev.leaklab.check.CheckResult;
import dev.leaklab.check.LeakAction;
import dev.leaklab.check.LeakedThread;
import dev.leaklab.check.ThreadLeaks;

/**
 * Fails a test that leaves threads running, virtual threads included.
 *
 * <p>Register it with {@code @ExtendWith(ThreadLeakExtension.class)} or {@link CheckThreadLeaks} on a
 * class, or for a whole suite with {@code junit.jupiter.extensions.autodetection.enabled=true}.
 *
 * <p>With the leaklab agent ({@code -javaagent:leaklab-agent.jar}) each test runs under a scope of
 * its own that every thread it starts inherits, transitively, and after the test exactly the live
 * threads of that scope are its leaks: tests running in parallel cannot be blamed for each other.
 * Without the agent it compares the live threads before and after and says so in the failure
 * message. When JUnit runs tests concurrently, such snapshots cannot tell whose thread is whose:
 * then each class is checked once, after its last test, instead of each test, and the run warns once.
 *
 * <p>With {@link LeakScope#TEST}, each test is checked, and after the class the class's own
 * lifecycle ({@code @BeforeAll}/{@code @AfterAll}) once more; with {@link LeakScope#CLASS}, the
 * class once, tests included.
 */
public final class ThreadLeakExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, InvocationInterceptor {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ThreadLeakExtension.class);
    private static final String PARALLEL = "junit.jupiter.execution.parallel.enabled";
    private static final String DEFAULT_MODE = "junit.jupiter.execution.parallel.mode.default";
    /** Where leak warnings have always gone (CheckResult.act), whichever path reports them. */
    private static final System.Logger CHECK_LOG = System.getLogger("dev.leaklab.check");

    /**
     * The class's watch: its lifecycle methods run under its scope, and with {@link LeakScope#CLASS}
     * its tests too, or when {@code perClass} (concurrent tests, no agent) it checks them all at once.
     */
    private record ClassState(Settings settings, ThreadLeaks.Watch watch, boolean perClass) {
    }

    /** A test's own watch (none with class scope), and the scope to go back to after the test. */
    private record TestState(ThreadLeaks.Watch watch, String previousScope) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        warnIfConcurrent(context);
        Settings settings = Settings.forClass(context.getRequiredTestClass(), run(context));
        boolean perClass = snapshotsOverlap(context) || snapshotsOverlap(context, DEFAULT_MODE);
        // The class's scope is its own only while its lifecycle methods run (see interceptBeforeAllMethod).
        var watch = ThreadLeaks.watch(settings.options(), perClass ? describeConcurrent(context)
                : describeClass(context, settings.scope()), context.getUniqueId(), context.getRequiredTestClass());
        context.getStore(NS).put(ClassState.class, new ClassState(settings, watch, perClass));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        warnIfConcurrent(context);
        Method method = context.getRequiredTestMethod();
        Settings settings = Settings.forMethod(context.getRequiredTestClass(), method, run(context));
        ClassState cls = classState(context);
        if (cls != null && (settings.scope() == LeakScope.CLASS || cls.perClass() || snapshotsOverlap(context))) {
            context.getStore(NS).put(TestState.class, new TestState(null, cls.watch().enter()));
        } else {
            var watch = ThreadLeaks.watch(settings.options(), describeTest(context), context.getUniqueId(),
                    context.getRequiredTestClass());
            context.getStore(NS).put(TestState.class, new TestState(watch, watch.enter()));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestState state = context.getStore(NS).remove(TestState.class, TestState.class);
        if (state == null) {
            return;
        }
        ThreadLeaks.Watch.leave(state.previousScope());
        if (state.watch() == null) {
            return;
        }
        CheckResult report = state.watch().find();
        ClassState cls = classState(context);
        if (cls != null) {
            cls.watch().exclude(report.threads());
        }
        act(report, context, context.getRequiredTestClass().getName() + "." + context.getRequiredTestMethod().getName() + "()");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ClassState cls = context.getStore(NS).remove(ClassState.class, ClassState.class);
        if (cls != null) {
            act(cls.watch().find(), context, context.getRequiredTestClass().getName()
                    + (cls.settings().scope() == LeakScope.CLASS || cls.perClass() ? " (the class and its tests)" : " (class lifecycle)"));
        }
    }

    @Override
    public <T> T interceptTestClassConstructor(Invocation<T> invocation,
                                               ReflectiveInvocationContext<Constructor<T>> invocationContext,
                                               ExtensionContext context) throws Throwable {
        ClassState cls = classState(context);
        if (cls == null) {
            return invocation.proceed();
        }
        String previous = cls.watch().enter();
        try {
            return invocation.proceed();
        } finally {
            ThreadLeaks.Watch.leave(previous);
        }
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                         ExtensionContext context) throws Throwable {
        inClassScope(invocation, context);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                        ExtensionContext context) throws Throwable {
        inClassScope(invocation, context);
    }

    /**
     * Runs a class lifecycle method under the class's scope. Between them the class's thread waits
     * for its tests, and in parallel runs may meanwhile run other classes' tests: it must not pass
     * the class's scope on to their threads.
     */
    private static void inClassScope(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        ClassState cls = classState(context);
        if (cls == null) {
            invocation.proceed();
            return;
        }
        String previous = cls.watch().enter();
        try {
            invocation.proceed();
        } finally {
            ThreadLeaks.Watch.leave(previous);
        }
    }

    /**
     * The run-wide settings, parsed once into the root store. getOrComputeIfAbsent is in every
     * JUnit from 5.0 on (JUnit 6 deprecates it for a computeIfAbsent that 5.x lacks).
     */
    @SuppressWarnings("deprecation")
    private static Settings.Run run(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(Settings.Run.class,
                k -> new Settings.Run(context::getConfigurationParameter), Settings.Run.class);
    }

    private static ClassState classState(ExtensionContext context) {
        return context.getStore(NS).get(ClassState.class, ClassState.class);
    }

    /** The run's summary, and the baseline it reads, made once per run; closed (written) when the run ends. */
    @SuppressWarnings("deprecation") // see run()
    private static RunReport report(ExtensionContext context) {
        Settings.Run run = run(context);
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(RunReport.class, k -> {
            Baseline baseline = Baseline.none();
            if (run.baseline() != null) {
                try {
                    baseline = Baseline.read(run.baseline());
                } catch (IOException e) {
                    throw new ExtensionConfigurationException("configuration parameter "
                            + CheckThreadLeaks.BASELINE_PROPERTY_NAME + ": cannot read " + run.baseline() + ": " + e.getMessage());
                }
            }
            return new RunReport(run, baseline);
        }, RunReport.class);
    }

    /**
     * Acts on one check: leaks the baseline knows only warn, the others act as the settings say
     * (only warn while recording a baseline); threads that ended within the linger and
     * class-lifetime threads get a report entry and a quiet log line. All of it goes into the
     * run's summary.
     */
    private static void act(CheckResult result, ExtensionContext context, String test) {
        RunReport run = report(context);
        run.checked(test, context.getTestMethod().isPresent());
        var known = new ArrayList<LeakedThread>();
        var fresh = new ArrayList<LeakedThread>();
        for (LeakedThread l : result.leaks()) {
            (run.baseline().knows(Baseline.entry(test, RunReport.siteKey(l))) ? known : fresh).add(l);
        }
        boolean warnOnly = result.options().action() == LeakAction.WARN || run.recording();
        run.leaks(test, RunReport.Status.KNOWN, known);
        run.leaks(test, warnOnly ? RunReport.Status.WARNED : RunReport.Status.FAILED, fresh);
        run.notes(test, result.ended(), result.classLifetime());
        if (!result.notes().isEmpty()) {
            context.publishReportEntry("leaklab.notLeaks", result.notes());
        }
        if (!known.isEmpty()) {
            String message = "known in the baseline " + run.baseline().file() + ": " + result.withLeaks(known).message();
            context.publishReportEntry("leaklab.knownLeak", message);
            CHECK_LOG.log(System.Logger.Level.DEBUG, () -> "leaklab: " + message);
        }
        CheckResult rest = result.withLeaks(fresh);
        if (!rest.isEmpty() && warnOnly) {
            context.publishReportEntry("leaklab.threadLeak", rest.message());
            CHECK_LOG.log(System.Logger.Level.WARNING, "leaklab: " + rest.message());
            return;
        }
        rest.act();
    }

    /**
     * Whether this class or test may run beside others with no agent to tell their threads apart:
     * JUnit's parallel execution is on, and it runs concurrently (or, with {@code defaultMode}, its
     * methods do by default).
     */
    private static boolean snapshotsOverlap(ExtensionContext context) {
        return !ThreadLeaks.agentLoaded() && context.getExecutionMode() == ExecutionMode.CONCURRENT
                && context.getConfigurationParameter(PARALLEL).map(Boolean::parseBoolean).orElse(false);
    }

    private static boolean snapshotsOverlap(ExtensionContext context, String defaultMode) {
        return !ThreadLeaks.agentLoaded() && context.getConfigurationParameter(PARALLEL).map(Boolean::parseBoolean).orElse(false)
                && context.getConfigurationParameter(defaultMode).map(m -> m.trim().equalsIgnoreCase("concurrent")).orElse(false);
    }

    /** Once per run: snapshots cannot tell apart the threads of tests that run at the same time. */
    private static void warnIfConcurrent(ExtensionContext context) {
        if (!snapshotsOverlap(context)) {
            return;
        }
        @SuppressWarnings("deprecation") // see run(): the one call that JUnit 5 and 6 both have
        var warned = context.getRoot().getStore(NS).getOrComputeIfAbsent("warned-concurrent", k -> new AtomicBoolean(),
                AtomicBoolean.class);
        if (warned.compareAndSet(false, true)) {
            String message = "tests run concurrently and the leaklab agent is not loaded: a before/after snapshot"
                    + " cannot tell which test started a thread, so each class is checked once, after its last test,"
                    + " instead of each test (a class may still be blamed for a thread that a class running beside it"
                    + " started). Add -javaagent:leaklab-agent.jar to the test JVM to check each test exactly.";
            System.getLogger("dev.leaklab.junit").log(System.Logger.Level.WARNING, "leaklab: " + message);
            context.publishReportEntry("leaklab.warning", message);
        }
    }

    private static String describeClass(ExtensionContext context, LeakScope scope) {
        return context.getRequiredTestClass().getName()
                + (scope == LeakScope.CLASS ? " (the class and its tests)" : " (class lifecycle)");
    }

    private static String describeConcurrent(ExtensionContext context) {
        return context.getRequiredTestClass().getName() + " (the class and its tests, checked per class: they ran"
                + " concurrently, and without the leaklab agent a snapshot cannot tell which test started a thread)";
    }

    private static String describeTest(ExtensionContext context) {
        return context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName()
                + "()" + (context.getDisplayName().startsWith(context.getRequiredTestMethod().getName() + "(")
                ? "" : " [" + context.getDisplayName() + "]");
    }

}

package dev.leaklab.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The package structure, checked on the compiled classes of core, the JUnit extension and the
 * harness together: a package per concern, no cycle among them, core at the bottom in a fixed
 * layer order, internals used by leaklab's own modules only, and a public API of core that names
 * no Jackson or Prometheus type (an embedder's versions of those must not matter). That core stays
 * free of the CLI's libraries is checked by Maven's enforcer in core/pom.xml, where a violation
 * fails the build itself.
 *
 * <p>The harness is split by side, as jcstress splits host and fork: what a child JVM runs, the
 * host that forks children and analyses what they recorded, what only reads files, and the
 * commands on top (see {@link #theHarnessIsLayeredBySide}).
 */
class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.leaklab");

    /** The harness's tests stand for users' code: applications under test and a vendor library. */
    static final JavaClasses USER_CODE = new ClassFileImporter().importPackages("com.example", "org.example");

    static final String CORE_BASE = "core base", CORE_DUMPS = "core dumps", CORE_LIVE = "core live",
            CORE_TOOLS = "core tools", CORE_ENDPOINT = "core endpoint", JUNIT = "junit", HARNESS = "harness";

    static final String[] JDK = {"java..", "javax..", "jdk..", "com.sun.net.httpserver..", "com.sun.management.."};
    static final String[] MODEL = {"dev.leaklab.result..", "dev.leaklab.format.."};
    /** The small files between host and child: the cell's spec, its phases, its .hlog, the scale experiment's lines. */
    static final String[] LINK = {"dev.leaklab.link.."};
    /** What a child JVM runs: its mains, the scenarios, the load, the flood's recorder, the JFR events. */
    static final String[] CHILD = {"dev.leaklab.child..", "dev.leaklab.scenario..", "dev.leaklab.load..",
        "dev.leaklab.flood..", "dev.leaklab.jfr.."};
    /** The host: stress runs and their children, host limits, the scale and RSS experiments, the analysis of what children recorded. */
    static final String[] HOST = {"dev.leaklab.stress..", "dev.leaklab.analysis.."};
    /** What only reads files: one reader per input format, compare, the reports. */
    static final String[] READ = {"dev.leaklab.input..", "dev.leaklab.compare..", "dev.leaklab.report.."};
    static final String[] COMMANDS = {"dev.leaklab.cli.."};

    /**
     * The libraries a child JVM has on its class path besides the JDK and leaklab's own classes
     * ({@code ChildClassPath} puts exactly these there): no picocli, no XChart, no Commons Math.
     */
    static final String[] CHILD_LIBRARIES = {"org.HdrHistogram..", "com.fasterxml.jackson.."};

    @Test
    void importsEveryModule() {
        // guards the checks below against an import that silently found nothing
        assertThat(CLASSES.contain("dev.leaklab.census.LiveThreads")).isTrue();
        assertThat(CLASSES.contain("dev.leaklab.check.ThreadLeaks")).isTrue();
        assertThat(CLASSES.contain("dev.leaklab.junit.ThreadLeakExtension")).isTrue();
        assertThat(CLASSES.contain("dev.leaklab.cli.Main")).isTrue();
        assertThat(CLASSES.contain("dev.leaklab.child.CellMain")).isTrue();
        assertThat(USER_CODE.size()).isPositive();
        assertThat(coreClasses()).isNotEmpty().allMatch(c -> !c.getPackageName().startsWith("dev.leaklab.cli"));
    }

    /**
     * A package per concern, and its internals ({@code dev.leaklab.internal.dump} for
     * {@code dev.leaklab.dump}) count as part of it: the cycle that matters is between concerns.
     */
    @Test
    void noPackageCycles() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String rest = c.getPackageName().startsWith("dev.leaklab.internal.")
                        ? c.getPackageName().substring("dev.leaklab.internal.".length())
                        : c.getPackageName().startsWith("dev.leaklab.") ? c.getPackageName().substring("dev.leaklab.".length()) : "";
                return rest.isEmpty() ? SliceIdentifier.ignore() : SliceIdentifier.of(rest.split("\\.")[0]);
            }

            @Override
            public String getDescription() {
                return "dev.leaklab's top-level packages, each with its dev.leaklab.internal twin";
            }
        }).should().beFreeOfCycles().check(CLASSES);
    }

    /**
     * Bottom to top: text and files; reading dumps and grouping them; what a live JVM says (census,
     * creators); the tools built on those (the check, recording analysis, levels, metric series);
     * the debug endpoint, which serves them; then the JUnit extension, and the harness above everything.
     */
    @Test
    void layersInOrder() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer(CORE_BASE).definedBy("dev.leaklab.io..", "dev.leaklab.internal.io..")
                .layer(CORE_DUMPS).definedBy("dev.leaklab.dump..", "dev.leaklab.profile..", "dev.leaklab.internal.dump..",
                        "dev.leaklab.internal.profile..")
                .layer(CORE_LIVE).definedBy("dev.leaklab.census..", "dev.leaklab.origins..", "dev.leaklab.internal.census..")
                .layer(CORE_TOOLS).definedBy("dev.leaklab.check..", "dev.leaklab.leaks..", "dev.leaklab.monitor..",
                        "dev.leaklab.metrics..")
                .layer(CORE_ENDPOINT).definedBy("dev.leaklab.endpoint..")
                .layer(JUNIT).definedBy("dev.leaklab.junit..")
                .layer(HARNESS).definedBy(harnessPackages())
                .whereLayer(HARNESS).mayNotBeAccessedByAnyLayer()
                .whereLayer(JUNIT).mayOnlyBeAccessedByLayers(HARNESS)
                .whereLayer(CORE_ENDPOINT).mayOnlyBeAccessedByLayers(HARNESS)
                .whereLayer(CORE_TOOLS).mayOnlyBeAccessedByLayers(CORE_ENDPOINT, JUNIT, HARNESS)
                .whereLayer(CORE_LIVE).mayOnlyBeAccessedByLayers(CORE_TOOLS, CORE_ENDPOINT, JUNIT, HARNESS)
                .whereLayer(CORE_DUMPS).mayOnlyBeAccessedByLayers(CORE_LIVE, CORE_TOOLS, CORE_ENDPOINT, JUNIT, HARNESS)
                .whereLayer(CORE_BASE).mayOnlyBeAccessedByLayers(CORE_DUMPS, CORE_LIVE, CORE_TOOLS, CORE_ENDPOINT, JUNIT,
                        HARNESS)
                .check(CLASSES);
    }

    /** Everything of dev.leaklab that is neither core nor the JUnit extension. */
    private static String[] harnessPackages() {
        Set<String> core = Set.of("io", "internal", "dump", "profile", "census", "origins", "check", "leaks", "monitor",
                "metrics", "endpoint",
                "junit", "micrometer", "agent", "bench");
        List<String> packages = new ArrayList<>();
        for (JavaClass c : CLASSES) {
            String rest = c.getPackageName().substring("dev.leaklab".length());
            String top = rest.isEmpty() ? "" : rest.substring(1).split("\\.")[0];
            if (!top.isEmpty() && !core.contains(top) && !packages.contains("dev.leaklab." + top + "..")) {
                packages.add("dev.leaklab." + top + "..");
            }
        }
        return packages.toArray(String[]::new);
    }

    @Test
    void internalsAreForLeaklabsOwnModulesOnly() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.leaklab.internal..")
                .because("dev.leaklab.internal is leaklab's own; it changes without notice")
                .check(USER_CODE);
    }

    /** The classes of leaklab-core, told apart by the folder or jar they were read from. */
    private static List<JavaClass> coreClasses() {
        var list = new ArrayList<JavaClass>();
        for (JavaClass c : CLASSES) {
            String where = c.getSource().map(s -> s.getUri().toString()).orElse("");
            if (where.contains("/core/target/classes/") || where.contains("leaklab-core")) {
                list.add(c);
            }
        }
        return list;
    }

    @Test
    void coresPublicApiNamesNoJacksonOrPrometheusType() {
        Set<JavaClass> core = Set.copyOf(coreClasses());
        DescribedPredicate<JavaMember> publicApi = new DescribedPredicate<>("part of core's public API") {
            @Override
            public boolean test(JavaMember m) {
                JavaClass owner = m.getOwner();
                return core.contains(owner) && owner.getModifiers().contains(JavaModifier.PUBLIC)
                        && !owner.getPackageName().startsWith("dev.leaklab.internal")
                        && (m.getModifiers().contains(JavaModifier.PUBLIC) || m.getModifiers().contains(JavaModifier.PROTECTED));
            }
        };
        members().that(publicApi).should(new ArchCondition<>("name no Jackson or Prometheus type") {
            @Override
            public void check(JavaMember m, ConditionEvents events) {
                var types = new ArrayList<JavaClass>();
                if (m instanceof JavaField f) {
                    types.add(f.getRawType());
                } else if (m instanceof JavaCodeUnit u) {
                    types.add(u.getRawReturnType());
                    types.addAll(u.getRawParameterTypes());
                    types.addAll(u.getThrowsClause().getTypes());
                }
                for (JavaClass t : types) {
                    String name = t.getName();
                    if (name.startsWith("com.fasterxml.") || name.startsWith("io.prometheus.")) {
                        events.add(SimpleConditionEvent.violated(m, m.getFullName() + " names " + name));
                    }
                }
            }
        }).check(CLASSES);
    }

    @Test
    void theHarnessIsLayeredBySide() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Model").definedBy(MODEL)
                .layer("Link").definedBy(LINK)
                .layer("Child").definedBy(CHILD)
                .layer("Host").definedBy(HOST)
                .layer("Read").definedBy(READ)
                .layer("Commands").definedBy(COMMANDS)
                .whereLayer("Commands").mayNotBeAccessedByAnyLayer()
                .whereLayer("Host").mayOnlyBeAccessedByLayers("Commands")
                .whereLayer("Read").mayOnlyBeAccessedByLayers("Commands")
                .whereLayer("Child").mayOnlyBeAccessedByLayers("Host", "Commands")
                .whereLayer("Link").mayOnlyBeAccessedByLayers("Child", "Host", "Read", "Commands")
                .whereLayer("Model").mayOnlyBeAccessedByLayers("Link", "Child", "Host", "Read", "Commands")
                .check(CLASSES);
    }

    @Test
    void whatAChildRunsUsesOnlyTheLibrariesOnItsClassPath() {
        classes().that().resideInAnyPackage(concat(MODEL, LINK, CHILD))
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        concat(JDK, new String[] {"dev.leaklab.."}, CHILD_LIBRARIES))
                .check(CLASSES);
    }

    static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}

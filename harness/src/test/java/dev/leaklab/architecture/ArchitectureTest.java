package dev.leaklab.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The package structure, checked on the compiled classes of core and the harness together: a
 * package per concern, and no cycle among them (each package can be understood, and moved,
 * without the ones that use it). That core stays free of the CLI's libraries is checked by
 * Maven's enforcer in core/pom.xml, where a violation fails the build itself.
 *
 * <p>The harness is split by side, as jcstress splits host and fork: what a child JVM runs, the
 * host that forks and analyses children, what only reads files, and the commands on top. Core
 * is below them all and is not a layer here.
 */
class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.leaklab");

    /** The result model (run.json and what it holds) and the units numbers are printed in: every side reads them. */
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
    void importsBothModules() {
        // guards the checks below against an import that silently found nothing
        assertThat(CLASSES.contain("dev.leaklab.census.LiveThreads")).isTrue();
        assertThat(CLASSES.contain("dev.leaklab.cli.Main")).isTrue();
        assertThat(CLASSES.contain("dev.leaklab.child.CellMain")).isTrue();
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.leaklab.(*)..").should().beFreeOfCycles().check(CLASSES);
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

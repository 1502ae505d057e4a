package dev.leaklab.architecture;

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
 */
class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.leaklab");

    @Test
    void importsBothModules() {
        // guards the checks below against an import that silently found nothing
        assertThat(CLASSES.contain("dev.leaklab.census.LiveThreads")).isTrue();
        assertThat(CLASSES.contain("dev.leaklab.cli.Main")).isTrue();
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.leaklab.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}

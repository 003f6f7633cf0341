package dev.lla.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module rules above core: render knows nothing of the command line, and neither render nor
 * the command line reaches past core's interfaces into DJL's PyTorch engine. Core's own rules are
 * in core's LayeringTest.
 */
@AnalyzeClasses(
        packages = {"dev.lla.render", "dev.lla.cli"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule renderKnowsNoCommandLine = noClasses()
            .that().resideInAPackage("dev.lla.render..")
            .should().dependOnClassesThat().resideInAnyPackage("picocli..", "dev.lla.cli..");

    @ArchTest
    static final ArchRule onlyCoreTouchesPyTorch = noClasses()
            .that().resideInAnyPackage("dev.lla.render..", "dev.lla.cli..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl.pytorch..");
}

package dev.lla.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Core's place in the layering (shared/STYLE.md): no command line, no JSON, no plotting (AWT only
 * in the image decoder), nothing
 * of the modules above it; and only {@code dev.lla.core.model.torch} sees DJL's PyTorch engine,
 * everything else works through interfaces.
 */
@AnalyzeClasses(packages = "dev.lla.core", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule onlyTheTorchPackageTouchesPyTorch = noClasses()
            .that().resideOutsideOfPackage("dev.lla.core.model.torch..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl.pytorch..");

    @ArchTest
    static final ArchRule coreKnowsNoCommandLineJsonOrPlots = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "picocli..", "com.fasterxml.jackson..", "org.knowm.xchart..");

    /** Decoding images needs AWT's image types (what ImageIO returns); one class holds them. */
    @ArchTest
    static final ArchRule onlyTheImageDecoderTouchesAwt = noClasses()
            .that().doNotHaveFullyQualifiedName("dev.lla.core.data.ImageDecoder")
            .should().dependOnClassesThat().resideInAPackage("java.awt..");

    @ArchTest
    static final ArchRule coreKnowsNoModuleAboveIt = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.lla.render..", "dev.lla.cli..");
}

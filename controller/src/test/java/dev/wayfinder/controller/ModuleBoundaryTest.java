package dev.wayfinder.controller;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The controller uses the GSLB module and the source API; neither reaches back into the controller. Checked here,
 * where the controller's classes are on the class path too, so a GSLB class placed in this module (or a
 * split package) that imports the controller fails as well as one in the gslb module would.
 */
@AnalyzeClasses(packages = "dev.wayfinder", importOptions = ModuleBoundaryTest.MainClassesOnly.class)
class ModuleBoundaryTest {

    private static final String[] CONTROLLER = {"dev.wayfinder.controller..", "dev.wayfinder.config..", "dev.wayfinder.cli..",
        "dev.wayfinder.plan..", "dev.wayfinder.registry..", "dev.wayfinder.source"};

    static final class MainClassesOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/") && !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule theGslbDoesNotReachBackIntoTheController = noClasses().that().resideInAPackage("dev.wayfinder.gslb..")
            .should().dependOnClassesThat().resideInAnyPackage(CONTROLLER)
            .because("the controller uses the GSLB through the source API (dev.wayfinder.source.api); the GSLB module stands below it");

    @ArchTest
    static final ArchRule theSourceApiStandsBelowBoth = noClasses().that().resideInAPackage("dev.wayfinder.source.api..")
            .should().dependOnClassesThat().resideInAnyPackage(CONTROLLER)
            .orShould().dependOnClassesThat().resideInAPackage("dev.wayfinder.gslb..")
            .because("the source API is the seam below the controller's sources and the GSLB");
}

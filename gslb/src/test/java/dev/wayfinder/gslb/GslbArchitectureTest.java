package dev.wayfinder.gslb;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The GSLB module's shape: it stands on the model and the source API only, its parts depend on each other
 * without cycles, {@link GslbSource} (the package root) sits on top, and the strategy is a pure function.
 * The controller's {@code ModuleBoundaryTest} checks the same boundary from the other side, with the
 * controller's classes on the class path.
 */
@AnalyzeClasses(packages = "dev.wayfinder.gslb", importOptions = GslbArchitectureTest.MainClassesOnly.class)
class GslbArchitectureTest {

    /** The production classes: test classes may use anything (AssertJ, the mock API server, the DNS server). */
    static final class MainClassesOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/");
        }
    }

    @ArchTest
    static final ArchRule standsOnTheModelAndTheSourceApiOnly = classes().that().resideInAPackage("dev.wayfinder.gslb..")
            .should().onlyDependOnClassesThat(resideOutsideOfPackage("dev.wayfinder..")
                    .or(resideInAnyPackage("dev.wayfinder.gslb..", "dev.wayfinder.model..", "dev.wayfinder.source.api..")))
            .because("the controller uses the GSLB through the source API; nothing in the GSLB may reach back into the controller"
                    + " (dev.wayfinder.controller, config, cli, source, plan, registry) or the providers");

    @ArchTest
    static final ArchRule partsAreFreeOfCycles = slices().matching("dev.wayfinder.gslb.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theSourceSitsOnTop = noClasses().that().resideInAPackage("dev.wayfinder.gslb.*..")
            .should().dependOnClassesThat().resideInAPackage("dev.wayfinder.gslb")
            .because("GslbSource and GslbParts compose the parts; a part that needs them would close a cycle");

    @ArchTest
    static final ArchRule theStrategyIsPure = classes().that().resideInAPackage("dev.wayfinder.gslb.strategy..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.wayfinder.gslb.strategy..", "dev.wayfinder.model..",
                    "java.lang..", "java.util..", "java.time..", "java.math..")
            .because("the decision is a pure function of its input, tested as tables: no I/O (no fabric8, dnsjava, jetcd,"
                    + " java.net, java.io, java.nio), no logging, no metrics");
}

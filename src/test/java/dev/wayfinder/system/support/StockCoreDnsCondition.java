package dev.wayfinder.system.support;

import dev.wayfinder.demo.coredns.CoreDnsBinary;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips (or, where required, lets fail) the tests of a {@link RequiresStockCoreDns} class, saying why. */
final class StockCoreDnsCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (CoreDnsBinary.find().isPresent()) {
            return ConditionEvaluationResult.enabled("stock CoreDNS found");
        }
        if (StockCoreDns.required()) {
            // Let it run: StockCoreDns.binary() then fails the test with the reason.
            return ConditionEvaluationResult.enabled(StockCoreDns.REQUIRE_ENV + " is set");
        }
        // Surefire shows the skip on the console and the reason in the class's report.
        return ConditionEvaluationResult.disabled("skipped " + context.getDisplayName() + ": " + CoreDnsBinary.whyMissing());
    }
}

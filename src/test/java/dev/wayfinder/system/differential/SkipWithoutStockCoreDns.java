package dev.wayfinder.system.differential;

import dev.wayfinder.demo.coredns.CoreDnsBinary;
import dev.wayfinder.system.support.StockCoreDns;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * jqwik's counterpart of {@code @RequiresStockCoreDns}: without a CoreDNS binary the properties are
 * skipped with the reason and how to get CoreDNS; where CoreDNS is required (CI) they run and fail.
 */
public final class SkipWithoutStockCoreDns implements SkipExecutionHook {

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        if (CoreDnsBinary.find().isPresent() || StockCoreDns.required()) {
            return SkipResult.doNotSkip();
        }
        return SkipResult.skip("skipped " + context.label() + ": " + CoreDnsBinary.whyMissing());
    }
}

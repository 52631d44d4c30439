package dev.wayfinder.controller;

import dev.wayfinder.model.Endpoint;
import dev.wayfinder.provider.DomainFilter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names the sources ask for that {@code --domain-filter} leaves out. ExternalDNS drops them without a
 * word (issue 14); here each is logged at INFO once per object and name while it lasts (at DEBUG on
 * later passes) and counted in {@code wayfinder_controller_names_outside_domain_filter}. Kept from pass to
 * pass by what changed ({@link InstanceDelta}): a pass after one change looks at that change's endpoints,
 * not at every desired name.
 */
final class OutsideDomainFilter {

    private static final Logger LOG = LoggerFactory.getLogger(OutsideDomainFilter.class);

    private final DomainFilter filter;
    private final AtomicLong count = new AtomicLong();
    private List<Endpoint> last = List.of(); // guarded by this
    /** "name (resource)" left out, with how many desired endpoints ask for it. Guarded by this. */
    private final Map<String, Integer> outside = new HashMap<>();

    OutsideDomainFilter(DomainFilter filter, MeterRegistry meters) {
        this.filter = filter;
        meters.gauge("wayfinder_controller_names_outside_domain_filter", count);
    }

    /** Pure: "name (resource)" for each desired endpoint outside {@code filter}, sorted, each once. */
    static Set<String> outside(List<Endpoint> desired, DomainFilter filter) {
        Set<String> out = new TreeSet<>();
        for (Endpoint e : desired) {
            if (!filter.matches(e.name())) {
                out.add(describe(e));
            }
        }
        return out;
    }

    /** Looks at one pass's desired endpoints: logs what is newly left out, updates the count. */
    synchronized void check(List<Endpoint> desired) {
        InstanceDelta<Endpoint> delta = InstanceDelta.between(last, desired);
        last = desired;
        Set<String> dropped = new HashSet<>();
        for (Endpoint e : delta.removed()) {
            String id = filter.matches(e.name()) ? null : describe(e);
            if (id != null && outside.computeIfPresent(id, (k, n) -> n == 1 ? null : n - 1) == null) {
                dropped.add(id);
            }
        }
        Set<String> fresh = new TreeSet<>();
        for (Endpoint e : delta.added()) {
            // Dropped and asked for again in the same pass (its object's endpoints made anew): still the same, not new.
            String id = filter.matches(e.name()) ? null : describe(e);
            if (id != null && outside.merge(id, 1, Integer::sum) == 1 && !dropped.contains(id)) {
                fresh.add(id);
            }
        }
        count.set(outside.size());
        fresh.forEach(n -> LOG.info("Not publishing {}: outside --domain-filter {}", n, filter));
        if (LOG.isDebugEnabled()) {
            new TreeSet<>(outside.keySet()).stream().filter(n -> !fresh.contains(n))
                    .forEach(n -> LOG.debug("Still not publishing {}: outside --domain-filter {}", n, filter));
        }
    }

    private static String describe(Endpoint e) {
        return e.name() + " (" + e.metadata().resource() + ")";
    }
}

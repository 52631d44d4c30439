package dev.wayfinder.controller;

import dev.wayfinder.model.Endpoint;
import dev.wayfinder.provider.DomainFilter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names the sources ask for that {@code --domain-filter} leaves out. ExternalDNS drops them without a
 * word (issue 14); here each is logged at INFO once per object and name while it lasts (at DEBUG on
 * later passes) and counted in {@code wayfinder_controller_names_outside_domain_filter}.
 */
final class OutsideDomainFilter {

    private static final Logger LOG = LoggerFactory.getLogger(OutsideDomainFilter.class);

    private final DomainFilter filter;
    private final AtomicLong count = new AtomicLong();
    private Set<String> reported = Set.of();

    OutsideDomainFilter(DomainFilter filter, MeterRegistry meters) {
        this.filter = filter;
        meters.gauge("wayfinder_controller_names_outside_domain_filter", count);
    }

    /** Pure: "name (resource)" for each desired endpoint outside {@code filter}, sorted, each once. */
    static Set<String> outside(List<Endpoint> desired, DomainFilter filter) {
        Set<String> out = new TreeSet<>();
        for (Endpoint e : desired) {
            if (!filter.matches(e.name())) {
                out.add(e.name() + " (" + e.metadata().resource() + ")");
            }
        }
        return out;
    }

    /** Looks at one pass's desired endpoints: logs what is newly left out, updates the count. */
    synchronized void check(List<Endpoint> desired) {
        Set<String> now = outside(desired, filter);
        count.set(now.size());
        for (String n : now) {
            if (!reported.contains(n)) {
                LOG.info("Not publishing {}: outside --domain-filter {}", n, filter);
            } else if (LOG.isDebugEnabled()) {
                LOG.debug("Still not publishing {}: outside --domain-filter {}", n, filter);
            }
        }
        reported = Set.copyOf(now);
    }
}

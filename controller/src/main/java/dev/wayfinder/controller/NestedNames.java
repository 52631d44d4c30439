package dev.wayfinder.controller;

import dev.wayfinder.model.Endpoint;
import dev.wayfinder.source.api.EventSink;
import dev.wayfinder.source.api.Subtrees;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells each object whose published name has other published names beneath it what CoreDNS's subtree read answers
 * for that name (ExternalDNS's "subtree aggregation": {@code www} answers the targets of {@code a.www} too). Once
 * while it lasts, like problems. A Gslb's host is left to the Gslb, which says it in its status and Events.
 */
final class NestedNames {

    private static final Logger LOG = LoggerFactory.getLogger(NestedNames.class);
    private static final String GSLB = "gslb/";

    private final EventSink events;
    private Set<String> reportedLastPass = Set.of(); // guarded by this

    NestedNames(EventSink events) {
        this.events = events;
    }

    /** Each endpoint as a published name; grouped when its records carry their own name as SkyDNS group (the GSLB's layout). */
    static List<Subtrees.Published> published(List<Endpoint> endpoints) {
        return endpoints.stream().filter(e -> !e.metadata().resource().isEmpty())
                .map(e -> new Subtrees.Published(e.name(), e.metadata().resource(), e.metadata().group().equals(e.name().toString())))
                .toList();
    }

    synchronized void report(List<Endpoint> desired) {
        Set<String> now = new HashSet<>();
        for (Subtrees.Nested n : Subtrees.of(published(desired))) {
            String resource = n.parent().resource();
            if (resource.startsWith(GSLB) || n.answeredWithParent().isEmpty()) {
                continue;
            }
            String message = n.parent().name() + " has published names beneath it: " + n.explanation();
            String id = resource + "|" + message;
            if (now.add(id) && !reportedLastPass.contains(id)) {
                LOG.warn("Names beneath {} ({}): {}", n.parent().name(), resource, n.explanation());
                events.emit(resource, EventSink.Reason.NESTED, true, message);
            }
        }
        reportedLastPass = Set.copyOf(now);
    }
}

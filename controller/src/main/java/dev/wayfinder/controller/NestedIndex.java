package dev.wayfinder.controller;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.source.api.Subtrees;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code Subtrees.of(NestedNames.published(endpoints))}, kept from one list of desired endpoints to the next by what
 * changed between them, so a pass after one change does not walk every name's parents (at 100,000 names that cost
 * more than the rest of the pass); the lists are compared by instance ({@link InstanceDelta}). Only the names nested under one another, with
 * the names beneath them, are handed to {@link Subtrees#of}, in their order in the list, which gives what the whole
 * list gives: nothing else is nested, and each of those names keeps all its publications.
 */
final class NestedIndex {

    private List<Endpoint> last = List.of();
    // Publications (endpoints with a resource) per name, and the published names beneath each name (published or not).
    private final Map<DnsName, Integer> publications = new HashMap<>();
    private final Map<DnsName, Set<DnsName>> beneath = new HashMap<>();
    // Published names with published names beneath them.
    private final Set<DnsName> parents = new HashSet<>();
    private List<Subtrees.Nested> nested = List.of();

    /** The published names with others beneath them, in {@code endpoints}. */
    List<Subtrees.Nested> update(List<Endpoint> endpoints) {
        InstanceDelta<Endpoint> delta = InstanceDelta.between(last, endpoints);
        if (delta.isEmpty()) {
            return nested;
        }
        delta.removed().forEach(e -> count(e, -1));
        delta.added().forEach(e -> count(e, 1));
        last = endpoints;
        nested = parents.isEmpty() ? List.of() : Subtrees.of(NestedNames.published(relevant(endpoints)));
        return nested;
    }

    private void count(Endpoint e, int delta) {
        if (e.metadata().resource().isEmpty()) {
            return;
        }
        DnsName name = e.name();
        int before = publications.getOrDefault(name, 0);
        int after = before + delta;
        if (after == 0) {
            publications.remove(name);
        } else {
            publications.put(name, after);
        }
        if ((before == 0) != (after == 0)) {
            for (DnsName up = name.parent(); !up.isRoot(); up = up.parent()) {
                if (after > 0) {
                    beneath.computeIfAbsent(up, k -> new HashSet<>()).add(name);
                } else {
                    Set<DnsName> below = beneath.get(up);
                    below.remove(name);
                    if (below.isEmpty()) {
                        beneath.remove(up);
                    }
                }
                refresh(up);
            }
            refresh(name);
        }
    }

    private void refresh(DnsName name) {
        if (publications.containsKey(name) && beneath.containsKey(name)) {
            parents.add(name);
        } else {
            parents.remove(name);
        }
    }

    /** The endpoints at a nested name or beneath one, in their order. */
    private List<Endpoint> relevant(List<Endpoint> endpoints) {
        Set<DnsName> names = new HashSet<>(parents);
        parents.forEach(p -> names.addAll(beneath.get(p)));
        return endpoints.stream().filter(e -> names.contains(e.name())).toList();
    }
}

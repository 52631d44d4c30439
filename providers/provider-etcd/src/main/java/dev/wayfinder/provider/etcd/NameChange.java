package dev.wayfinder.provider.etcd;

import dev.wayfinder.provider.ChangeChecks;
import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Update;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.DomainFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The part of a batch that concerns one DNS name: it is written in one etcd transaction. */
record NameChange(DnsName name, List<Endpoint> create, List<Update> update, List<Endpoint> delete) {

    NameChange {
        create = List.copyOf(create);
        update = List.copyOf(update);
        delete = List.copyOf(delete);
    }

    /** Groups a batch by name, keeping the batch's order of first appearance. */
    static List<NameChange> group(Changes changes) {
        Map<DnsName, List<Endpoint>> c = new LinkedHashMap<>();
        Map<DnsName, List<Update>> u = new LinkedHashMap<>();
        Map<DnsName, List<Endpoint>> d = new LinkedHashMap<>();
        Set<DnsName> order = new java.util.LinkedHashSet<>();
        for (Endpoint e : changes.create()) {
            order.add(e.name());
            c.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e);
        }
        for (Update x : changes.update()) {
            order.add(x.key().name());
            u.computeIfAbsent(x.key().name(), n -> new ArrayList<>()).add(x);
        }
        for (Endpoint e : changes.delete()) {
            order.add(e.name());
            d.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e);
        }
        return order.stream()
                .map(n -> new NameChange(n, c.getOrDefault(n, List.of()), u.getOrDefault(n, List.of()), d.getOrDefault(n, List.of())))
                .toList();
    }

    /**
     * Every reason the batch cannot be applied at all, whatever etcd holds: a name outside the
     * filter, a record set named twice, a record SkyDNS cannot express. Empty when it can.
     */
    static List<String> refusals(Changes changes, DomainFilter filter, SkyDnsMapping mapping) {
        List<String> problems = new ArrayList<>(ChangeChecks.outsideOrRepeated(changes, filter));
        for (Endpoint e : changes.create()) {
            expressible(e, mapping, problems);
        }
        for (Update x : changes.update()) {
            expressible(x.after(), mapping, problems);
        }
        return problems;
    }

    private static void expressible(Endpoint e, SkyDnsMapping mapping, List<String> problems) {
        if (e.targets().isEmpty()) {
            problems.add(e.key() + ": has no targets");
            return;
        }
        try {
            mapping.toEntries(e);
        } catch (IllegalArgumentException ex) {
            problems.add(ex.getMessage());
        }
    }

    /** The owner the change writes for (a plan writes for one owner id): of what it creates or updates to, else of what it deletes. */
    String owner() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.concat(create.stream(), update.stream().map(Update::after)), delete.stream())
                .map(e -> e.metadata().owner()).findFirst().orElse("");
    }

    int size() {
        return create.size() + update.size() + delete.size();
    }

    /** One line for the INFO log: what happens to this name. */
    String describe() {
        List<String> parts = new ArrayList<>();
        create.forEach(e -> parts.add("create " + e));
        update.forEach(x -> parts.add("update " + x.before() + " -> " + x.after()));
        delete.forEach(e -> parts.add("delete " + e));
        return parts.stream().collect(Collectors.joining("; "));
    }
}

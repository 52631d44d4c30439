package dev.wayfinder.plan;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.Update;
import dev.wayfinder.provider.DomainFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The plan: a pure function from what is published (current, with owners) and what the sources
 * want (desired, each endpoint naming its resource) to the changes that make them agree.
 *
 * <ul>
 *   <li>Only names inside the domain filter are considered, current and desired alike.</li>
 *   <li>Records of another owner — another controller, ExternalDNS, a person — are never updated
 *       or deleted; a desired record whose key (or, for CNAMEs, whose name) they hold is reported
 *       as a conflict instead of created.</li>
 *   <li>Unchanged records produce no change, so planning the result of a plan yields nothing.</li>
 *   <li>Held names — those a source has not decided yet — are left exactly as they are: nothing at them is
 *       created, updated or deleted.</li>
 *   <li>The policy then removes what it forbids (upsert-only: deletes; create-only: updates too).</li>
 * </ul>
 */
public final class Plan {

    private Plan() {
    }

    public static PlanResult compute(List<CurrentRecord> current, List<Endpoint> desired, String ownerId,
                                     Policy policy, DomainFilter filter) {
        return compute(current, desired, ownerId, policy, filter, Set.of());
    }

    /** As above, leaving the names in {@code held} as they are published. */
    public static PlanResult compute(List<CurrentRecord> current, List<Endpoint> desired, String ownerId,
                                     Policy policy, DomainFilter filter, Set<DnsName> held) {
        List<CurrentRecord> inCurrent = current.stream()
                .filter(c -> filter.matches(c.record().name()) && !held.contains(c.record().name())).toList();
        Map<Endpoint.Key, CurrentRecord> owned = new HashMap<>();
        Map<Endpoint.Key, CurrentRecord> foreignByKey = new HashMap<>();
        Map<DnsName, List<CurrentRecord>> foreignByName = new HashMap<>();
        for (CurrentRecord c : inCurrent) {
            if (c.ownedBy(ownerId)) {
                owned.put(c.record().key(), c);
            } else {
                foreignByKey.putIfAbsent(c.record().key(), c);
                foreignByName.computeIfAbsent(c.record().name(), n -> new ArrayList<>()).add(c);
            }
        }
        Map<Endpoint.Key, String> incumbents = new HashMap<>();
        owned.forEach((k, c) -> incumbents.put(k, c.record().metadata().resource()));

        List<Endpoint> inDesired = desired.stream().filter(e -> filter.matches(e.name()) && !held.contains(e.name())).toList();
        ConflictResolver.Resolution resolution = ConflictResolver.resolve(inDesired, incumbents);
        List<Conflict> conflicts = new ArrayList<>(resolution.conflicts());

        List<Endpoint> create = new ArrayList<>();
        List<Update> update = new ArrayList<>();
        Set<Endpoint.Key> wanted = new HashSet<>();
        for (Endpoint d : resolution.winners()) {
            Metadata meta = d.metadata().withOwner(ownerId);
            CurrentRecord have = owned.get(d.key());
            if (have != null && same(have.record(), d, meta)) {
                // Unchanged: the common case, decided without building anything.
                wanted.add(d.key());
                continue;
            }
            Endpoint want = d.withMetadata(meta);
            Optional<CurrentRecord> blocker = blocker(want, foreignByKey, foreignByName);
            if (blocker.isPresent()) {
                CurrentRecord b = blocker.get();
                String holder = b.owner().isEmpty() ? "a record without owner" : "owner " + b.owner();
                conflicts.add(new Conflict(want.key(), d.metadata().resource(), holder,
                        "the name is held by a record this controller does not own (" + b.record().key() + ")"));
                continue;
            }
            wanted.add(want.key());
            if (have == null) {
                create.add(want);
            } else {
                update.add(new Update(have.record(), want));
            }
        }
        List<Endpoint> delete = new ArrayList<>();
        owned.forEach((k, c) -> {
            if (!wanted.contains(k)) {
                delete.add(c.record());
            }
        });
        create.sort(java.util.Comparator.comparing(Endpoint::key));
        update.sort(java.util.Comparator.comparing(Update::key));
        delete.sort(java.util.Comparator.comparing(Endpoint::key));
        Changes all = new Changes(create, update, delete);
        return new PlanResult(policy.restrict(all), conflicts);
    }

    /** The foreign record that keeps {@code want} from being published, if any. */
    private static Optional<CurrentRecord> blocker(Endpoint want, Map<Endpoint.Key, CurrentRecord> foreignByKey,
                                                   Map<DnsName, List<CurrentRecord>> foreignByName) {
        CurrentRecord sameKey = foreignByKey.get(want.key());
        if (sameKey != null) {
            return Optional.of(sameKey);
        }
        // A CNAME excludes every other type at its name, in either direction.
        for (CurrentRecord f : foreignByName.getOrDefault(want.name(), List.of())) {
            if (want.type() == RecordType.CNAME || f.record().type() == RecordType.CNAME) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private static boolean same(Endpoint have, Endpoint want, Metadata wantMetadata) {
        return have.targets().equals(want.targets())
                && (!want.hasTtl() || have.ttl() == want.ttl())
                && have.metadata().equals(wantMetadata);
    }
}

package dev.wayfinder.plan;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.RecordType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, deterministically, which object's record set is published when several objects ask
 * for the same name and type. The object that already holds the record keeps it (so a newcomer
 * never steals a live name); otherwise the smallest candidate wins: fewer targets, then the
 * targets in order, then the resource name. A CNAME cannot share its name with other types, so a
 * CNAME loses to any other type wanted for the same name.
 */
public final class ConflictResolver {

    private static final Comparator<Endpoint> SMALLEST = Comparator
            .comparingInt((Endpoint e) -> e.targets().size())
            .thenComparing(e -> String.join(",", e.targets()))
            .thenComparing(e -> e.metadata().resource());

    private ConflictResolver() {
    }

    /** The winners (one endpoint per key) and the conflicts for every loser. */
    public record Resolution(List<Endpoint> winners, List<Conflict> conflicts) {
    }

    /**
     * @param desired     every desired endpoint; several per key when objects disagree
     * @param incumbents  the resource that currently holds each key we own
     */
    public static Resolution resolve(List<Endpoint> desired, Map<Endpoint.Key, String> incumbents) {
        List<Conflict> conflicts = new ArrayList<>();
        Map<Endpoint.Key, Endpoint> winners = new HashMap<>();
        for (Map.Entry<Endpoint.Key, List<Endpoint>> group : mergePerResource(desired).entrySet()) {
            List<Endpoint> candidates = group.getValue();
            Endpoint winner = pick(candidates, incumbents.get(group.getKey()));
            winners.put(group.getKey(), winner);
            for (Endpoint loser : candidates) {
                if (loser != winner) {
                    conflicts.add(new Conflict(group.getKey(), loser.metadata().resource(), winner.metadata().resource(),
                            "another object claims the same name and type"));
                }
            }
        }
        dropSharedCnames(winners, conflicts);
        conflicts.sort(Comparator.comparing(Conflict::key).thenComparing(Conflict::loser));
        // Unordered: the plan sorts what it emits, which is usually far smaller than what it keeps.
        return new Resolution(new ArrayList<>(winners.values()), conflicts);
    }

    /** One candidate per (key, resource): an object's own record sets for one key are unioned. */
    private static Map<Endpoint.Key, List<Endpoint>> mergePerResource(List<Endpoint> desired) {
        Map<Endpoint.Key, List<Endpoint>> byKey = new HashMap<>(desired.size() * 2);
        for (Endpoint e : desired) {
            List<Endpoint> candidates = byKey.get(e.key());
            if (candidates == null) {
                // Most keys have one candidate: no merging, no sorting.
                byKey.put(e.key(), new ArrayList<>(List.of(e)));
                continue;
            }
            String resource = e.metadata().resource();
            int same = -1;
            for (int i = 0; i < candidates.size(); i++) {
                if (candidates.get(i).metadata().resource().equals(resource)) {
                    same = i;
                }
            }
            if (same < 0) {
                candidates.add(e);
            } else {
                Endpoint a = candidates.get(same);
                List<String> targets = new ArrayList<>(a.targets());
                targets.addAll(e.targets());
                long ttl = a.hasTtl() ? (e.hasTtl() ? Math.min(a.ttl(), e.ttl()) : a.ttl()) : e.ttl();
                candidates.set(same, a.withTargets(targets).withTtl(ttl));
            }
        }
        return byKey;
    }

    private static Endpoint pick(List<Endpoint> candidates, String incumbent) {
        if (incumbent != null) {
            Optional<Endpoint> holder = candidates.stream().filter(c -> c.metadata().resource().equals(incumbent)).findFirst();
            if (holder.isPresent()) {
                return holder.get();
            }
        }
        return candidates.stream().min(SMALLEST).orElseThrow();
    }

    private static void dropSharedCnames(Map<Endpoint.Key, Endpoint> winners, List<Conflict> conflicts) {
        Map<DnsName, Endpoint> cnames = new HashMap<>();
        winners.values().stream().filter(e -> e.type() == RecordType.CNAME).forEach(e -> cnames.put(e.name(), e));
        if (cnames.isEmpty()) {
            return;
        }
        List<Endpoint> others = winners.values().stream().filter(e -> e.type() != RecordType.CNAME && cnames.containsKey(e.name()))
                .sorted(Comparator.comparing(Endpoint::key)).toList();
        for (Endpoint other : others) {
            Endpoint cname = cnames.remove(other.name());
            if (cname != null) {
                winners.remove(cname.key());
                conflicts.add(new Conflict(cname.key(), cname.metadata().resource(), other.metadata().resource(),
                        "a CNAME cannot share its name with a " + other.type() + " record"));
            }
        }
    }
}

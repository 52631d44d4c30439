package dev.wayfinder.provider.etcd;

import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Update;
import dev.wayfinder.model.skydns.SkyDnsEntry;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides, from what etcd holds, the keys one name's changes put and delete — a pure function.
 *
 * <p>Ownership is enforced per key: a delete removes only the keys of the record set whose stored
 * owner is the endpoint's; an update refuses a record set that holds another owner's keys, and
 * changes the owner only to adopt a record set none of whose keys has one; a create refuses a
 * record set that exists (of any owner) and any key that exists. Every key of the name is guarded
 * by the mod revision read, and every key written that did not exist by absence, so a concurrent
 * writer makes the transaction fail instead of being overwritten.
 *
 * <p>Strictly owned ({@code --coredns-strictly-owned}, ExternalDNS PR #5921): another owner's keys
 * are invisible rather than in the way, so several owners keep record sets side by side under one
 * name (each change sees only the keys of its own owner; an adoption, the keys without one). A key
 * that already exists is still never overwritten.
 */
final class NamePlanner {

    /** What to do for one name. */
    sealed interface Plan {
    }

    record Write(NameWrite write) implements Plan {
    }

    /** Everything asked is already so; only accepted after an attempt whose outcome is unknown. */
    record AlreadyDone() implements Plan {
    }

    record Refused(String reason) implements Plan {
    }

    /** The change was planned against an older read: someone changed the record set since. Re-plan. */
    record Stale(String reason) implements Plan {
    }

    private final SkyDnsMapping mapping;
    private final boolean strictlyOwned;

    NamePlanner(SkyDnsMapping mapping) {
        this(mapping, false);
    }

    NamePlanner(SkyDnsMapping mapping, boolean strictlyOwned) {
        this.mapping = mapping;
        this.strictlyOwned = strictlyOwned;
    }

    /**
     * @param afterUnknownOutcome a previous attempt may have committed (a timeout after sending), so
     *                            finding the name already as asked counts as success
     */
    Plan plan(NameChange change, Snapshot snapshot, boolean afterUnknownOutcome) {
        Map<Endpoint.Key, List<Snapshot.Member>> sets = snapshot.recordSetsAt(change.name());
        List<String> problems = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        Map<String, Long> guards = new LinkedHashMap<>();
        Map<String, String> puts = new TreeMap<>();
        Set<String> deletes = new TreeSet<>();
        snapshot.membersAt(change.name()).forEach(m -> guards.put(m.stored().key(), m.stored().modRevision()));

        for (Endpoint e : change.delete()) {
            List<Snapshot.Member> set = visible(sets, e.key(), e.metadata().owner());
            planDelete(e, set, deletes, problems);
            staleness(e, set).ifPresent(stale::add);
        }
        for (Update u : change.update()) {
            List<Snapshot.Member> set = visible(sets, u.key(), u.before().metadata().owner());
            planUpdate(u, set, deletes, puts, problems);
            staleness(u.before(), set).ifPresent(stale::add);
        }
        for (Endpoint e : change.create()) {
            planCreate(e, visible(sets, e.key(), e.metadata().owner()), puts, problems);
        }
        for (String key : puts.keySet()) {
            StoredKey existing = snapshot.get(key);
            if (existing == null) {
                guards.put(key, 0L);
            } else if (!deletes.contains(key)) {
                problems.add("key " + key + " exists and " + existing.describeOwner());
            }
        }
        if (!problems.isEmpty() || !stale.isEmpty()) {
            if (afterUnknownOutcome && alreadyDone(change, sets)) {
                return new AlreadyDone();
            }
            return problems.isEmpty() ? new Stale(String.join("; ", stale)) : new Refused(String.join("; ", problems));
        }
        deletes.removeAll(puts.keySet());
        return new Write(new NameWrite(change, guards, puts, deletes));
    }

    /** The keys of a record set a change by {@code owner} deals with: all of them, or strictly owned only {@code owner}'s. */
    private List<Snapshot.Member> visible(Map<Endpoint.Key, List<Snapshot.Member>> sets, Endpoint.Key key, String owner) {
        List<Snapshot.Member> set = sets.getOrDefault(key, List.of());
        return strictlyOwned ? set.stream().filter(m -> m.owner().equals(owner)).toList() : set;
    }

    private static void planDelete(Endpoint e, List<Snapshot.Member> set, Set<String> deletes, List<String> problems) {
        if (set.isEmpty()) {
            problems.add(e.key() + ": cannot delete, it does not exist");
            return;
        }
        List<String> mine = keysOwnedBy(set, e.metadata().owner());
        if (mine.isEmpty()) {
            problems.add(e.key() + ": cannot delete as owner '" + e.metadata().owner() + "', " + ownersOf(set));
            return;
        }
        deletes.addAll(mine);
    }

    private void planUpdate(Update u, List<Snapshot.Member> set, Set<String> deletes, Map<String, String> puts,
            List<String> problems) {
        String owner = u.before().metadata().owner();
        String newOwner = u.after().metadata().owner();
        boolean adoption = owner.isEmpty() && !newOwner.isEmpty();
        if (!newOwner.equals(owner) && !adoption) {
            problems.add(u.key() + ": an update cannot change the owner from '" + owner + "' to '" + newOwner
                    + "' (only a record set without owner can be adopted)");
            return;
        }
        if (set.isEmpty()) {
            problems.add(u.key() + ": cannot update, it does not exist");
            return;
        }
        List<String> foreign = set.stream().filter(m -> !m.owner().equals(owner))
                .map(m -> "key " + m.stored().key() + " " + m.stored().describeOwner()).toList();
        if (!foreign.isEmpty()) {
            problems.add(u.key() + ": cannot update as owner '" + owner + "': " + String.join(", ", foreign));
            return;
        }
        set.forEach(m -> deletes.add(m.stored().key()));
        mapping.toEntries(u.after()).forEach(entry -> puts.put(entry.key(), entry.json()));
    }

    private void planCreate(Endpoint e, List<Snapshot.Member> set, Map<String, String> puts, List<String> problems) {
        if (!set.isEmpty()) {
            problems.add(e.key() + ": cannot create, it exists: " + ownersOf(set));
            return;
        }
        mapping.toEntries(e).forEach(entry -> puts.put(entry.key(), entry.json()));
    }

    /**
     * Why the record set no longer reads as {@code expected} (what the plan saw), if it does not:
     * deleting or replacing it would then discard a change made since by another writer.
     */
    private Optional<String> staleness(Endpoint expected, List<Snapshot.Member> set) {
        List<SkyDnsEntry> stored = set.stream().filter(m -> m.owner().equals(expected.metadata().owner()))
                .map(m -> m.stored().entry()).flatMap(Optional::stream).toList();
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        // A key may also hold another record set's part (ExternalDNS's merged ownership text): compare this one.
        List<Endpoint> now = mapping.toEndpoints(stored, (key, reason) -> { }).stream().filter(e -> e.key().equals(expected.key())).toList();
        Endpoint asRead = canonical(expected);
        if (now.size() == 1 && now.get(0).equals(asRead)) {
            return Optional.empty();
        }
        return Optional.of(expected.key() + ": changed since it was read (now " + now + ", the plan expected " + asRead + ")");
    }

    /**
     * {@code e}, as {@code records()} returned it, in the form a fresh read yields: targets canonical,
     * the TTL as it was — a value without {@code ttl} (ExternalDNS omits it) reads as unset, not as the default.
     */
    private Endpoint canonical(Endpoint e) {
        return readBack(e).withTtl(e.ttl());
    }

    /** {@code e} as reading it back from etcd yields it: the default TTL filled in, targets canonical. */
    Endpoint readBack(Endpoint e) {
        Endpoint withTtl = e.hasTtl() ? e : e.withTtl(mapping.defaultTtl());
        try {
            List<Endpoint> back = mapping.toEndpoints(mapping.toEntries(withTtl), (key, reason) -> { });
            return back.size() == 1 ? back.get(0) : withTtl;
        } catch (IllegalArgumentException ex) {
            return withTtl;
        }
    }

    /** True when the name already reads as the change asks: each record set created or updated, each delete gone. */
    private boolean alreadyDone(NameChange change, Map<Endpoint.Key, List<Snapshot.Member>> sets) {
        for (Endpoint e : change.delete()) {
            if (!keysOwnedBy(sets.getOrDefault(e.key(), List.of()), e.metadata().owner()).isEmpty()) {
                return false;
            }
        }
        List<Endpoint> written = new ArrayList<>(change.create());
        change.update().forEach(u -> written.add(u.after()));
        for (Endpoint e : written) {
            Set<SkyDnsEntry> stored = sets.getOrDefault(e.key(), List.of()).stream()
                    .map(m -> m.stored().entry()).flatMap(Optional::stream).collect(Collectors.toSet());
            if (!stored.equals(new HashSet<>(mapping.toEntries(e)))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> keysOwnedBy(List<Snapshot.Member> set, String owner) {
        return set.stream().filter(m -> m.owner().equals(owner)).map(m -> m.stored().key()).toList();
    }

    private static String ownersOf(List<Snapshot.Member> set) {
        return set.stream().map(m -> "key " + m.stored().key() + " " + m.stored().describeOwner())
                .collect(Collectors.joining(", "));
    }
}

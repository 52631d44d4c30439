package dev.wayfinder.controller;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.plan.Conflict;
import dev.wayfinder.plan.CurrentRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the controller's gauges count — the record sets read (by type), the desired ones found
 * published, those this owner holds after the pass's changes, and the conflicts — kept per name, so that a pass over a few names replaces what those names contribute
 * instead of counting everything again. A pass over every name starts afresh ({@link #clear()}).
 *
 * <p>Mutable; used by one reconcile loop.
 */
final class Tallies {

    private static final int TYPES = RecordType.values().length;

    /** What one name contributed when it was last read. */
    private record Read(int[] visible, int[] verified) {
    }

    private final Map<DnsName, Read> read = new HashMap<>();
    private final Map<DnsName, int[]> managed = new HashMap<>();
    private final Map<DnsName, List<Conflict>> conflicts = new HashMap<>();
    private final long[] visible = new long[TYPES];
    private final long[] verified = new long[TYPES];
    private final long[] held = new long[TYPES];
    private long visibleTotal;

    void clear() {
        read.clear();
        managed.clear();
        conflicts.clear();
        java.util.Arrays.fill(visible, 0);
        java.util.Arrays.fill(verified, 0);
        java.util.Arrays.fill(held, 0);
        visibleTotal = 0;
    }

    /**
     * What {@code names} hold now, as read ({@code current}: the records at those names) against what
     * is desired there ({@code desired}: its keys found among the records count as verified).
     */
    void read(Collection<DnsName> names, List<CurrentRecord> current, List<Endpoint> desired) {
        Map<DnsName, Set<Endpoint.Key>> keys = new HashMap<>();
        Map<DnsName, int[]> visibleAt = new HashMap<>();
        for (CurrentRecord c : current) {
            DnsName n = c.record().name();
            keys.computeIfAbsent(n, x -> new HashSet<>()).add(c.record().key());
            visibleAt.computeIfAbsent(n, x -> new int[TYPES])[c.record().type().ordinal()]++;
        }
        Map<DnsName, int[]> verifiedAt = new HashMap<>();
        for (Endpoint d : desired) {
            if (keys.getOrDefault(d.name(), Set.of()).contains(d.key())) {
                verifiedAt.computeIfAbsent(d.name(), x -> new int[TYPES])[d.type().ordinal()]++;
            }
        }
        for (DnsName n : names) {
            Read was = read.remove(n);
            if (was != null) {
                add(was, -1);
            }
            int[] v = visibleAt.get(n);
            int[] f = verifiedAt.get(n);
            if (v != null || f != null) {
                Read now = new Read(v == null ? new int[TYPES] : v, f == null ? new int[TYPES] : f);
                read.put(n, now);
                add(now, 1);
            }
        }
    }

    /** The conflicts a plan over {@code names} found. */
    void conflicts(Collection<DnsName> names, List<Conflict> found) {
        names.forEach(conflicts::remove);
        found.forEach(c -> conflicts.computeIfAbsent(c.key().name(), n -> new ArrayList<>()).add(c));
    }

    /** What this owner holds at {@code names} once {@code applied} is: the records read there, changed by it. */
    void held(Collection<DnsName> names, List<CurrentRecord> current, Changes applied, String ownerId) {
        Map<Endpoint.Key, RecordType> owned = new HashMap<>();
        current.stream().filter(c -> c.ownedBy(ownerId)).forEach(c -> owned.put(c.record().key(), c.record().type()));
        applied.delete().forEach(e -> owned.remove(e.key()));
        applied.update().forEach(u -> owned.put(u.key(), u.after().type()));
        applied.create().forEach(e -> owned.put(e.key(), e.type()));
        Map<DnsName, int[]> heldAt = new HashMap<>();
        owned.forEach((k, t) -> heldAt.computeIfAbsent(k.name(), x -> new int[TYPES])[t.ordinal()]++);
        for (DnsName n : names) {
            int[] was = managed.remove(n);
            if (was != null) {
                add(held, was, -1);
            }
        }
        // A change outside the names (none is expected) still counts where it lands.
        heldAt.forEach((n, counts) -> {
            int[] was = managed.put(n, counts);
            if (was != null) {
                add(held, was, -1);
            }
            add(held, counts, 1);
        });
    }

    /** How many names hold records or are desired, as last counted. */
    int names() {
        return read.size();
    }

    long visibleTotal() {
        return visibleTotal;
    }

    long[] visibleByType() {
        return visible.clone();
    }

    long[] verifiedByType() {
        return verified.clone();
    }

    long[] heldByType() {
        return held.clone();
    }

    /** Every conflict, by key, then by loser. */
    List<Conflict> conflicts() {
        List<Conflict> all = new ArrayList<>();
        conflicts.values().forEach(all::addAll);
        all.sort(Comparator.comparing(Conflict::key).thenComparing(Conflict::loser).thenComparing(Conflict::message));
        return all;
    }

    private void add(Read r, int sign) {
        add(visible, r.visible(), sign);
        add(verified, r.verified(), sign);
        for (int v : r.visible()) {
            visibleTotal += sign * (long) v;
        }
    }

    private static void add(long[] into, int[] counts, int sign) {
        for (int i = 0; i < counts.length; i++) {
            into[i] += sign * (long) counts[i];
        }
    }
}

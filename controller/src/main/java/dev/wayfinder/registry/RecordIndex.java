package dev.wayfinder.registry;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The registry's copy of what a provider holds, by name: a pass that concerns a few names takes
 * their records without touching the rest, and a patch costs what it changes. Records keep the
 * order the provider returned them in (records applied since are appended), so the records of
 * some names come out in the same relative order as the whole. Also kept, for each name, the names
 * of the records {@link TxtRegistry#ties tied} to it, so ties are followed from either end.
 *
 * <p>Mutable, owned by one {@link Registry}, which guards it.
 */
final class RecordIndex {

    /** A record and its place in the provider's order. */
    private record Slot(long seq, Endpoint record) {
    }

    private final Map<DnsName, List<Slot>> byName = new HashMap<>();
    private final Referrers referrers;
    private long next;
    private int size;

    /**
     * @param records what the provider returned, in its order
     * @param ties    the names a record is tied to besides its own
     */
    RecordIndex(List<Endpoint> records, Function<Endpoint, Set<String>> ties) {
        this(records, ties, null);
    }

    /**
     * A fresh read that keeps, for each record equal to one the {@code previous} copy held, that instance:
     * a store read afresh every interval is not held twice over (the desired endpoints share the old ones).
     */
    RecordIndex(List<Endpoint> records, Function<Endpoint, Set<String>> ties, RecordIndex previous) {
        this.referrers = new Referrers(ties);
        for (Endpoint e : records) {
            add(previous == null ? e : previous.same(e));
        }
    }

    /** The instance of the record equal to {@code e} held here, else {@code e}. */
    private Endpoint same(Endpoint e) {
        for (Slot s : byName.getOrDefault(e.name(), List.of())) {
            if (s.record().equals(e)) {
                return s.record();
            }
        }
        return e;
    }

    int size() {
        return size;
    }

    /** Every record, in the provider's order. */
    List<Endpoint> all() {
        List<Slot> slots = new ArrayList<>(size);
        byName.values().forEach(slots::addAll);
        return ordered(slots);
    }

    /** The records at these names, in the provider's order. */
    List<Endpoint> at(Collection<DnsName> names) {
        List<Slot> slots = new ArrayList<>();
        for (DnsName n : names) {
            slots.addAll(byName.getOrDefault(n, List.of()));
        }
        return ordered(slots);
    }

    /** The names tied to {@code name} by the records at it, and the names of the records tied to it. */
    void tiesOf(String name, Set<String> into) {
        referrers.of(name, into);
        try {
            byName.getOrDefault(DnsName.of(name), List.of()).forEach(s -> into.addAll(referrers.ties(s.record())));
        } catch (dev.wayfinder.model.InvalidDnsNameException e) {
            // a tie to a text that is no DNS name: no record is there
        }
    }

    /**
     * What an apply did, as {@link Registry} patched a list before: every record equal to one of
     * {@code gone} leaves, then {@code added} are appended in order. Returns the names touched.
     */
    Set<DnsName> patch(Collection<Endpoint> gone, List<Endpoint> added) {
        Set<DnsName> touched = new HashSet<>();
        Set<Endpoint> goneSet = new HashSet<>(gone);
        for (DnsName n : goneSet.stream().map(Endpoint::name).distinct().toList()) {
            List<Slot> at = byName.get(n);
            if (at == null) {
                continue;
            }
            for (Slot s : at.stream().filter(s -> goneSet.contains(s.record())).toList()) {
                at.remove(s);
                size--;
                referrers.remove(s.record());
                touched.add(n);
            }
            if (at.isEmpty()) {
                byName.remove(n);
            }
        }
        for (Endpoint e : added) {
            add(e);
            touched.add(e.name());
        }
        return touched;
    }

    private void add(Endpoint e) {
        byName.computeIfAbsent(e.name(), n -> new ArrayList<>(1)).add(new Slot(next++, e));
        size++;
        referrers.add(e);
    }

    private static List<Endpoint> ordered(List<Slot> slots) {
        slots.sort(Comparator.comparingLong(Slot::seq));
        List<Endpoint> out = new ArrayList<>(slots.size());
        slots.forEach(s -> out.add(s.record()));
        return out;
    }
}

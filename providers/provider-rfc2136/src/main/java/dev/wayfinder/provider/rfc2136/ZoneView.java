package dev.wayfinder.provider.rfc2136;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.provider.rfc2136.Ownership.Owned;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;

/**
 * One zone as an AXFR returned it, read through the ownership records: which record sets exist,
 * who owns each, and which ownership records describe nothing (orphans). Pure and immutable.
 *
 * <p>The SOA and the apex NS records belong to the zone itself and are left out, as are names at or
 * below a more specific configured zone (they are read from that zone) and types Wayfinder does
 * not manage. Ownership records are not record sets of their own: their data becomes the
 * {@link Endpoint#metadata()} of the record set they describe.
 */
final class ZoneView {

    private final DnsName zone;
    /** Every RRset kept, exactly as transferred (ownership TXT included). */
    private final Map<Owned, List<Record>> raw = new LinkedHashMap<>();
    /** The RRsets minus the ownership TXT records in them. */
    private final Map<Owned, List<Record>> ordinary = new LinkedHashMap<>();
    /** Ownership records by the record set they describe. */
    private final Map<Owned, List<Ownership>> entries = new LinkedHashMap<>();

    ZoneView(DnsName zone, Collection<Record> transfer, Collection<DnsName> nestedZones) {
        this.zone = zone;
        for (Record r : transfer) {
            DnsName name = RecordCodec.dnsName(r.getName());
            Optional<RecordType> type = RecordCodec.recordType(r);
            boolean nested = nestedZones.stream().anyMatch(name::isAtOrBelow);
            boolean apexNs = name.equals(zone) && type.equals(Optional.of(RecordType.NS));
            if (type.isEmpty() || nested || apexNs || !name.isAtOrBelow(zone)) {
                continue;
            }
            Owned key = new Owned(name, type.get());
            List<Record> set = raw.computeIfAbsent(key, k -> new ArrayList<>());
            if (!set.contains(r)) {
                set.add(r);
            }
        }
        raw.forEach((key, records) -> {
            Optional<Owned> owned = key.type() == RecordType.TXT ? Ownership.owned(key.name(), zone) : Optional.empty();
            for (Record r : records) {
                Optional<Ownership> o = owned.isPresent() ? Ownership.parse(RecordCodec.txtData((TXTRecord) r)) : Optional.empty();
                if (o.isPresent()) {
                    entries.computeIfAbsent(owned.get(), k -> new ArrayList<>()).add(o.get());
                } else {
                    ordinary.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
                }
            }
        });
        entries.values().forEach(list -> list.sort(Comparator.comparing(Ownership::format)));
    }

    DnsName zone() {
        return zone;
    }

    /** The RRset exactly as transferred (ownership records included), or empty. */
    List<Record> raw(DnsName name, RecordType type) {
        return List.copyOf(raw.getOrDefault(new Owned(name, type), List.of()));
    }

    /** The RRset without ownership records, or empty. */
    List<Record> ordinary(DnsName name, RecordType type) {
        return List.copyOf(ordinary.getOrDefault(new Owned(name, type), List.of()));
    }

    /** The types that hold ordinary records at {@code name}. */
    Set<RecordType> typesAt(DnsName name) {
        Set<RecordType> out = EnumSet.noneOf(RecordType.class);
        ordinary.keySet().stream().filter(k -> k.name().equals(name)).forEach(k -> out.add(k.type()));
        return out;
    }

    /** Every record set in the zone with its owner, ownership records themselves left out. */
    List<Endpoint> endpoints() {
        List<Endpoint> out = new ArrayList<>();
        ordinary.keySet().forEach(k -> out.addAll(recordSets(k)));
        return out;
    }

    /**
     * The record sets of one name and type: one per set identifier its ownership records name (with
     * the targets whose digests they list), plus the remaining targets under the plain ownership
     * record, or with no owner when there is none.
     */
    List<Endpoint> recordSets(Owned key) {
        List<Record> rrs = ordinary.getOrDefault(key, List.of());
        if (rrs.isEmpty()) {
            return List.of();
        }
        long ttl = rrs.get(0).getTTL();
        Set<String> remaining = new LinkedHashSet<>();
        rrs.forEach(r -> remaining.add(RecordCodec.target(r)));
        List<String> all = List.copyOf(remaining);
        List<Endpoint> out = new ArrayList<>();
        Map<String, Ownership> bySet = new TreeMap<>();
        Ownership plain = null;
        for (Ownership o : entries.getOrDefault(key, List.of())) {
            if (!o.setIdentifier().isEmpty()) {
                bySet.putIfAbsent(o.setIdentifier(), o);
            } else if (plain == null) {
                plain = o;
            }
        }
        for (Ownership o : bySet.values()) {
            List<String> mine = all.stream().filter(o::claims).toList();
            if (!mine.isEmpty()) {
                out.add(new Endpoint(key.name(), key.type(), mine, ttl, o.setIdentifier(), o.metadata()));
                remaining.removeAll(mine);
            }
        }
        if (!remaining.isEmpty()) {
            Metadata m = plain == null ? Metadata.NONE : plain.metadata();
            out.add(new Endpoint(key.name(), key.type(), List.copyOf(remaining), ttl, "", m));
        }
        return out;
    }

    /** Ownership records of {@code key} that describe no record set read back (left by a half-finished writer). */
    List<Ownership> orphans(Owned key) {
        Set<String> liveSets = new LinkedHashSet<>();
        recordSets(key).forEach(e -> liveSets.add(e.setIdentifier()));
        return entries.getOrDefault(key, List.of()).stream().filter(o -> !liveSets.contains(o.setIdentifier())).toList();
    }
}

package dev.wayfinder.provider.rfc2136;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.txt.TxtNames;
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
    private final TxtNames names;
    /** Every RRset kept, exactly as transferred (ownership TXT included). */
    private final Map<Owned, List<Record>> raw = new LinkedHashMap<>();
    /** The RRsets minus the ownership TXT records in them. */
    private final Map<Owned, List<Record>> ordinary = new LinkedHashMap<>();
    /** Ownership records by the record set they describe. */
    private final Map<Owned, List<Ownership>> entries = new LinkedHashMap<>();
    /** Ownership records in the format before v0.18, by the name whose every type but AAAA they claim. */
    private final Map<DnsName, List<Legacy>> legacy = new LinkedHashMap<>();

    /** An old-format ownership record: where it is, as transferred, and what it says. */
    record Legacy(DnsName txtName, Record record, Ownership ownership) {
    }

    ZoneView(DnsName zone, Collection<Record> transfer, Collection<DnsName> nestedZones) {
        this(zone, transfer, nestedZones, TxtNames.DEFAULT);
    }

    /**
     * Reads a transfer. Every TXT record whose data is an ExternalDNS registry text is an ownership
     * record, as ExternalDNS reads it (registry/txt/registry.go:209-237), wherever it is; it claims
     * what {@code names} maps its name to, or nothing.
     */
    ZoneView(DnsName zone, Collection<Record> transfer, Collection<DnsName> nestedZones, TxtNames names) {
        this.zone = zone;
        this.names = names;
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
            Optional<Ownership.Claim> claim = key.type() == RecordType.TXT ? Ownership.claim(key.name(), zone, names) : Optional.empty();
            for (Record r : records) {
                Optional<Ownership> o = key.type() == RecordType.TXT ? Ownership.parse(RecordCodec.txtData((TXTRecord) r)) : Optional.empty();
                if (o.isEmpty()) {
                    ordinary.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
                } else if (claim.isPresent() && claim.get().type() != null) {
                    entries.computeIfAbsent(new Owned(claim.get().name(), claim.get().type()), k -> new ArrayList<>()).add(o.get());
                } else if (claim.isPresent()) {
                    legacy.computeIfAbsent(claim.get().name(), k -> new ArrayList<>()).add(new Legacy(key.name(), r, o.get()));
                }
            }
        });
        entries.values().forEach(list -> list.sort(Comparator.comparing(Ownership::format)));
    }

    TxtNames names() {
        return names;
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
        for (Ownership o : claims(key)) {
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

    /**
     * The ownership records of {@code key}: its typed ones, else (but for AAAA) the old-format ones at
     * its name without set identifier — ExternalDNS prefers the typed record (registry/txt/registry.go:271-275).
     */
    private List<Ownership> claims(Owned key) {
        List<Ownership> typed = entries.getOrDefault(key, List.of());
        if (!typed.isEmpty() || key.type() == RecordType.AAAA) {
            return typed;
        }
        return legacy.getOrDefault(key.name(), List.of()).stream().map(Legacy::ownership).filter(o -> o.setIdentifier().isEmpty()).toList();
    }

    /** True when {@code key} has an ownership record of its own type (not only an old-format one). */
    boolean hasTypedOwnership(Owned key) {
        return entries.containsKey(key);
    }

    /** The old-format ownership records claiming {@code name}. */
    List<Legacy> legacy(DnsName name) {
        return List.copyOf(legacy.getOrDefault(name, List.of()));
    }

    /** Ownership records of {@code key} that describe no record set read back (left by a half-finished writer). */
    List<Ownership> orphans(Owned key) {
        Set<String> liveSets = new LinkedHashSet<>();
        recordSets(key).forEach(e -> liveSets.add(e.setIdentifier()));
        return entries.getOrDefault(key, List.of()).stream().filter(o -> !liveSets.contains(o.setIdentifier())).toList();
    }
}

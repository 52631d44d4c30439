package dev.wayfinder.provider.etcd;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.skydns.SkyDnsEntry;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a read found, indexed for planning: every key, and the keys that make up each record set,
 * by the record's DNS name. Which record set a key belongs to is decided by {@link SkyDnsMapping}
 * alone (targetstrip, apex folding), so planning and {@code records()} never disagree.
 */
final class Snapshot {

    /** A key that belongs to a record set: its identity and owner as {@link SkyDnsMapping#toEndpoints} reads them. */
    record Member(StoredKey stored, Endpoint.Key recordSet, String owner) {
    }

    private final Map<String, StoredKey> byKey;
    private final Map<DnsName, List<Member>> byName;

    private Snapshot(Map<String, StoredKey> byKey, Map<DnsName, List<Member>> byName) {
        this.byKey = byKey;
        this.byName = byName;
    }

    static Snapshot of(Collection<StoredKey> keys, SkyDnsMapping mapping) {
        Map<String, StoredKey> byKey = new HashMap<>();
        Map<DnsName, List<Member>> byName = new HashMap<>();
        for (StoredKey k : keys) {
            // Reads of neighbouring names overlap (www's range holds www-x's keys too): each key once.
            if (byKey.putIfAbsent(k.key(), k) != null || k.entry().isEmpty()) {
                continue;
            }
            SkyDnsEntry entry = k.entry().get();
            // One key usually holds one record; ExternalDNS's merged ownership text makes it two (record and TXT).
            for (Endpoint e : mapping.toEndpoints(List.of(entry), (key, reason) -> { })) {
                byName.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(new Member(k, e.key(), e.metadata().owner()));
            }
        }
        return new Snapshot(byKey, byName);
    }

    /** The stored key, or null. */
    StoredKey get(String key) {
        return byKey.get(key);
    }

    /** Every key of a record set at {@code name}. */
    List<Member> membersAt(DnsName name) {
        return byName.getOrDefault(name, List.of());
    }

    /** The keys at {@code name} grouped by record set. */
    Map<Endpoint.Key, List<Member>> recordSetsAt(DnsName name) {
        Map<Endpoint.Key, List<Member>> out = new LinkedHashMap<>();
        for (Member m : membersAt(name)) {
            out.computeIfAbsent(m.recordSet(), k -> new ArrayList<>()).add(m);
        }
        return out;
    }
}

package dev.wayfinder.server.xfr;

import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.model.skydns.SkyDnsRecord;
import dev.wayfinder.server.answer.Rrs;
import dev.wayfinder.server.snapshot.SnapshotEntry;
import dev.wayfinder.server.snapshot.SnapshotEntry.HostKind;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A zone as a secondary holds it, derived from a snapshot with the answerer's reading of the
 * SkyDNS fields. Pure. Each key contributes its records once, at its own name: the name the key
 * stands for minus {@code targetstrip} leading labels (so an ExternalDNS-style leaf disappears), or
 * minus the leaf Wayfinder derives for its SRV and MX values (written with {@code targetstrip 0}).
 *
 * <ul>
 *   <li>IP host → A/AAAA. Text (host not an IP) → TXT, packed as the answer path packs it.</li>
 *   <li>Name host → SRV when it has a port, else MX when {@code mail}, else CNAME. The SRV/MX target
 *       is the host after targetstrip (as CoreDNS); SRV weights are normalised per owner and priority
 *       exactly as a CoreDNS SRV answer for that name. A CNAME next to other data at its owner, or a
 *       second CNAME, is left out: a zone with either is invalid and a secondary would reject it.</li>
 *   <li>{@code dns/ns} IP hosts → NS at the apex to the key-derived, stripped name, with glue;
 *       {@code dns/apex} IP and text hosts → records at the apex. With no {@code dns/ns} keys the
 *       SOA's {@code ns.dns.<zone>} is the NS (a zone without NS records does not load).</li>
 *   <li>Query-time views are not listed: subtree answers (a name's A query returns its whole
 *       subtree — a secondary serves each record at its own name), wildcards, groups, GSLB
 *       choices, SRV/MX synthesised from IP hosts, CNAME chasing. Undecodable keys are skipped.</li>
 *   <li>Names below another served zone belong to that zone's transfer.</li>
 * </ul>
 */
public final class ZoneContent {

    private ZoneContent() {
    }

    /** The serial a transfer carries: the snapshot's etcd revision in 32 bits (RFC 1982 arithmetic copes with the wrap). */
    public static long serial(ZoneSnapshot snapshot) {
        return snapshot.revision() & 0xffff_ffffL;
    }

    /** The zone's SOA with this serial; the same names and timers as the answerer's synthesised SOA. */
    public static SOARecord soa(Name zone, long serial) {
        return Rrs.soa(zone, child(zone, "ns.dns"), child(zone, "hostmaster"), serial);
    }

    /**
     * Every record of {@code zone} (lower case), SOA excluded, in canonical name order.
     *
     * @param root       the key prefix without its trailing slash, e.g. {@code /skydns}
     * @param innerZones other served zones; names at or below them are left out
     */
    public static List<Record> records(ZoneSnapshot snapshot, String root, Name zone, List<Name> innerZones) {
        return records(snapshot, root, zone, innerZones, e -> Rrs.ttl(e.record()));
    }

    /**
     * As {@link #records(ZoneSnapshot, String, Name, List)} with each key's records at {@code ttl}
     * of its entry (the answerer's {@code LeaseTtl}, so a leased key transfers with the TTL it is answered with).
     */
    public static List<Record> records(ZoneSnapshot snapshot, String root, Name zone, List<Name> innerZones,
                                       ToLongFunction<SnapshotEntry> ttl) {
        String zonePath = path(root, zone);
        List<SnapshotEntry> entries = new ArrayList<>();
        SnapshotEntry atApex = snapshot.exact(zonePath);
        if (atApex != null) {
            entries.add(atApex);
        }
        entries.addAll(snapshot.withPrefix(zonePath + "/"));
        int rootSegments = root.isEmpty() ? 0 : root.split("/", -1).length - 1;
        Name nsName = child(zone, "ns.dns");
        Name apexName = child(zone, "apex.dns");
        Set<Record> out = new LinkedHashSet<>();
        Map<Name, List<SnapshotEntry>> srvs = new LinkedHashMap<>();
        Map<Name, Record> cnames = new LinkedHashMap<>();
        for (SnapshotEntry e : entries) {
            if (e.isError() || (e.record().host().isEmpty() && e.record().text().isEmpty())) {
                continue;
            }
            Name key = nameOfKey(e.key(), rootSegments);
            if (key == null) {
                continue;
            }
            SkyDnsRecord r = e.record();
            if (key.subdomain(nsName)) {
                if (e.kind() == HostKind.A || e.kind() == HostKind.AAAA) {
                    Name target = strip(key, r.targetstrip());
                    out.add(Rrs.ns(zone, ttl.applyAsLong(e), target));
                    out.add(Rrs.address(target, e, ttl.applyAsLong(e)));
                }
                continue;
            }
            Name owner = key.subdomain(apexName) ? zone : ownerOf(key, r);
            if (!owner.subdomain(zone) || innerZones.stream().anyMatch(z -> !z.equals(zone) && z.subdomain(zone) && owner.subdomain(z))) {
                continue;
            }
            switch (e.kind()) {
                case A, AAAA -> out.add(Rrs.address(owner, e, ttl.applyAsLong(e)));
                case TXT -> out.add(Rrs.txt(owner, r, ttl.applyAsLong(e)));
                case NAME -> {
                    if (owner.equals(zone) && (key.subdomain(apexName) || (r.port() == 0 && !r.mail()))) {
                        // Nothing from dns/apex (CoreDNS answers MX/SRV from the subtree), and no CNAME at the apex (the zone would not load).
                        continue;
                    }
                    Name target = parse(fqdn(r.host()));
                    if (target == null) {
                        continue;
                    }
                    if (r.port() > 0) {
                        srvs.computeIfAbsent(owner, o -> new ArrayList<>()).add(e);
                    } else if (r.mail()) {
                        out.add(Rrs.mx(owner, r, ttl.applyAsLong(e), strip(target, r.targetstrip())));
                    } else {
                        cnames.putIfAbsent(owner, Rrs.cname(owner, ttl.applyAsLong(e), target));
                    }
                }
            }
        }
        srvs.forEach((owner, list) -> out.addAll(srv(owner, list, ttl)));
        Set<Name> owners = new java.util.HashSet<>();
        out.forEach(rr -> owners.add(rr.getName()));
        cnames.forEach((owner, cname) -> {
            if (!owners.contains(owner)) {
                out.add(cname);
            }
        });
        if (out.stream().noneMatch(rr -> rr.getType() == Type.NS && rr.getName().equals(zone))) {
            out.add(Rrs.ns(zone, Rrs.SOA_TTL, nsName));
        }
        List<Record> sorted = new ArrayList<>(out);
        sorted.sort((a, b) -> {
            int c = a.getName().compareTo(b.getName());
            return c != 0 ? c : Integer.compare(a.getType(), b.getType());
        });
        return sorted;
    }

    /** CoreDNS's SRV weights: per priority, 100 / total × weight (weight 0 counts as 100), floored, at least 1. */
    private static List<Record> srv(Name owner, List<SnapshotEntry> list, ToLongFunction<SnapshotEntry> ttl) {
        Map<Long, Long> totals = new HashMap<>();
        for (SnapshotEntry s : list) {
            totals.merge(Rrs.priority(s.record()), s.record().weight() == 0 ? 100 : s.record().weight(), Long::sum);
        }
        List<Record> out = new ArrayList<>();
        for (SnapshotEntry s : list) {
            SkyDnsRecord r = s.record();
            int weight = Rrs.srvWeight(totals.get(Rrs.priority(r)), r.weight());
            out.add(Rrs.srv(owner, r, ttl.applyAsLong(s), weight, strip(parse(fqdn(r.host())), r.targetstrip())));
        }
        return out;
    }

    /** Where a key's records live: its name less targetstrip labels, or less the leaf of a Wayfinder SRV/MX value. */
    private static Name ownerOf(Name key, SkyDnsRecord r) {
        if (key.labels() > 2 && SkyDnsMapping.isDerivedSrvOrMxLeaf(key.getLabelString(0), r)) {
            return new Name(key, 1);
        }
        return strip(key, r.targetstrip());
    }

    /** CoreDNS's {@code targetStrip}: drop {@code n} leading labels unless that would drop them all. */
    static Name strip(Name name, long n) {
        int labels = name.labels() - 1;
        return n <= 0 || n >= labels ? name : new Name(name, (int) n);
    }

    /** {@code msg.Domain}: the key's segments after the prefix, reversed. */
    static Name nameOfKey(String key, int rootSegments) {
        String[] parts = key.split("/", -1);
        int end = parts.length;
        if (end > 0 && parts[end - 1].isEmpty()) {
            end--;
        }
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = end - 1; i > rootSegments; i--) {
            sb.append(parts[i]).append('.');
        }
        return parse(sb.length() == 0 ? "." : sb.toString());
    }

    /** The key path of a zone: the prefix, then its labels reversed (lower case, as keys are written). */
    static String path(String root, Name zone) {
        StringBuilder sb = new StringBuilder(root);
        String text = zone.toString(true).toLowerCase(java.util.Locale.ROOT);
        if (text.isEmpty() || text.equals(".")) {
            return sb.toString();
        }
        String[] labels = text.split("(?<!\\\\)\\.", -1);
        for (int i = labels.length - 1; i >= 0; i--) {
            sb.append('/').append(labels[i]);
        }
        return sb.toString();
    }

    private static String fqdn(String s) {
        return s.endsWith(".") ? s : s + ".";
    }

    private static Name parse(String text) {
        try {
            return Name.fromString(text);
        } catch (TextParseException e) {
            return null;
        }
    }

    private static Name child(Name zone, String labels) {
        try {
            return Name.concatenate(Name.fromString(labels), zone);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            return zone;
        }
    }
}

package dev.wayfinder.server.xfr;

import dev.wayfinder.model.skydns.SkyDnsRecord;
import dev.wayfinder.server.answer.Answerer;
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
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A zone as a secondary holds it, derived from a snapshot with the answerer's reading of the
 * SkyDNS fields. Pure. Each key contributes its records once, at its own name: the name the key
 * stands for minus {@code targetstrip} leading labels (so an ExternalDNS-style leaf disappears).
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

    /** CoreDNS's defaults ({@code msg.Service}): TTL 300, priority 10. */
    private static final long DEFAULT_TTL = 300;
    private static final long DEFAULT_PRIORITY = 10;
    /** The answerer's synthesised SOA: MinTTL 30, refresh 7200, retry 1800, expire 86400. */
    private static final long SOA_TTL = 30;

    private ZoneContent() {
    }

    /** The serial a transfer carries: the snapshot's etcd revision in 32 bits (RFC 1982 arithmetic copes with the wrap). */
    public static long serial(ZoneSnapshot snapshot) {
        return snapshot.revision() & 0xffff_ffffL;
    }

    /** The zone's SOA with this serial; the same names and timers as the answerer's synthesised SOA. */
    public static SOARecord soa(Name zone, long serial) {
        return new SOARecord(zone, DClass.IN, SOA_TTL, child(zone, "ns.dns"), child(zone, "hostmaster"),
                serial, 7200, 1800, 86400, SOA_TTL);
    }

    /**
     * Every record of {@code zone} (lower case), SOA excluded, in canonical name order.
     *
     * @param root       the key prefix without its trailing slash, e.g. {@code /skydns}
     * @param innerZones other served zones; names at or below them are left out
     */
    public static List<Record> records(ZoneSnapshot snapshot, String root, Name zone, List<Name> innerZones) {
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
        Map<Name, CNAMERecord> cnames = new LinkedHashMap<>();
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
                    out.add(new NSRecord(zone, DClass.IN, ttl(r), target));
                    out.add(address(target, e));
                }
                continue;
            }
            Name owner = key.subdomain(apexName) ? zone : strip(key, r.targetstrip());
            if (!owner.subdomain(zone) || innerZones.stream().anyMatch(z -> !z.equals(zone) && z.subdomain(zone) && owner.subdomain(z))) {
                continue;
            }
            switch (e.kind()) {
                case A, AAAA -> out.add(address(owner, e));
                case TXT -> out.add(Answerer.txtRecord(owner, r));
                case NAME -> {
                    if (owner.equals(zone)) {
                        continue; // no CNAME/SRV/MX at the apex from dns/apex: CoreDNS answers those from the subtree
                    }
                    Name target = parse(fqdn(r.host()));
                    if (target == null) {
                        continue;
                    }
                    if (r.port() > 0) {
                        srvs.computeIfAbsent(owner, o -> new ArrayList<>()).add(e);
                    } else if (r.mail()) {
                        out.add(new MXRecord(owner, DClass.IN, ttl(r), (int) (priority(r) & 0xffff), strip(target, r.targetstrip())));
                    } else {
                        cnames.putIfAbsent(owner, new CNAMERecord(owner, DClass.IN, ttl(r), target));
                    }
                }
            }
        }
        srvs.forEach((owner, list) -> out.addAll(srv(owner, list)));
        Set<Name> owners = new java.util.HashSet<>();
        out.forEach(rr -> owners.add(rr.getName()));
        cnames.forEach((owner, cname) -> {
            if (!owners.contains(owner)) {
                out.add(cname);
            }
        });
        if (out.stream().noneMatch(rr -> rr.getType() == Type.NS && rr.getName().equals(zone))) {
            out.add(new NSRecord(zone, DClass.IN, SOA_TTL, nsName));
        }
        List<Record> sorted = new ArrayList<>(out);
        sorted.sort((a, b) -> {
            int c = a.getName().compareTo(b.getName());
            return c != 0 ? c : Integer.compare(a.getType(), b.getType());
        });
        return sorted;
    }

    /** CoreDNS's SRV weights: per priority, 100 / total × weight (weight 0 counts as 100), floored, at least 1. */
    private static List<Record> srv(Name owner, List<SnapshotEntry> list) {
        Map<Long, Long> totals = new HashMap<>();
        for (SnapshotEntry s : list) {
            totals.merge(priority(s.record()), s.record().weight() == 0 ? 100 : s.record().weight(), Long::sum);
        }
        List<Record> out = new ArrayList<>();
        for (SnapshotEntry s : list) {
            SkyDnsRecord r = s.record();
            double w = 100.0 / totals.get(priority(r)) * (r.weight() == 0 ? 100 : (double) r.weight());
            double f = Math.floor(w);
            int weight = f >= 0x1p31 ? 0 : (int) f & 0xffff; // Go's uint16(math.Floor(x)) on amd64, as the answer path
            out.add(new SRVRecord(owner, DClass.IN, ttl(r), (int) (priority(r) & 0xffff), weight == 0 ? 1 : weight,
                    (int) (r.port() & 0xffff), strip(parse(fqdn(r.host())), r.targetstrip())));
        }
        return out;
    }

    private static Record address(Name owner, SnapshotEntry e) {
        return e.kind() == HostKind.A
                ? new ARecord(owner, DClass.IN, ttl(e.record()), e.address())
                : new AAAARecord(owner, DClass.IN, ttl(e.record()), e.address());
    }

    /** CoreDNS's TTL; one above 2^31-1 goes out as 0 in a transfer (RFC 2181 §8 says receivers treat it so anyway). */
    private static long ttl(SkyDnsRecord r) {
        long ttl = r.ttl() == 0 ? DEFAULT_TTL : r.ttl();
        return ttl > 0x7fff_ffffL ? 0 : ttl;
    }

    private static long priority(SkyDnsRecord r) {
        return r.priority() == 0 ? DEFAULT_PRIORITY : r.priority();
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

package dev.wayfinder.server.answer;

import dev.wayfinder.model.skydns.SkyDnsRecord;
import dev.wayfinder.server.snapshot.SnapshotEntry;
import dev.wayfinder.server.snapshot.SnapshotEntry.HostKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The per-type lookups of CoreDNS's {@code plugin/backend_lookup.go} for one query: A/AAAA with
 * CNAME chasing, TXT, SRV and MX with glue, NS at the apex, PTR and CNAME. Pure: reads a snapshot,
 * asks {@link Upstream} for out-of-zone targets, returns records.
 */
final class Lookups {

    /** CoreDNS allows up to this many records in a CNAME chain before it stops following: 10 since 1.12.1, 7 before. */
    static final int MAX_CHAIN = 10;

    private final Backend backend;
    private final String zone;
    private final Upstream upstream;
    private final AddressPolicy policy;
    private final java.net.InetAddress client;
    /** Decides each record's TTL at {@link #now}, the one instant the whole query is answered at. */
    private final LeaseTtl leaseTtl;
    private final Instant now;
    private final int maxChain;
    /** Told of GSLB choices and upstream questions, or null. */
    private final AnswerTrace trace;
    boolean truncated;

    Lookups(Backend backend, String zone, Upstream upstream, AddressPolicy policy, java.net.InetAddress client,
            LeaseTtl leaseTtl, Instant now) {
        this(backend, zone, upstream, policy, client, leaseTtl, now, MAX_CHAIN);
    }

    Lookups(Backend backend, String zone, Upstream upstream, AddressPolicy policy, java.net.InetAddress client,
            LeaseTtl leaseTtl, Instant now, int maxChain) {
        this(backend, zone, upstream, policy, client, leaseTtl, now, maxChain, null);
    }

    Lookups(Backend backend, String zone, Upstream upstream, AddressPolicy policy, java.net.InetAddress client,
            LeaseTtl leaseTtl, Instant now, int maxChain, AnswerTrace trace) {
        this.trace = trace;
        this.maxChain = maxChain;
        this.backend = backend;
        this.leaseTtl = leaseTtl;
        this.now = now;
        this.zone = zone;
        this.upstream = upstream;
        this.policy = policy;
        this.client = client;
    }

    private long ttl(SnapshotEntry s) {
        return leaseTtl.of(s, now);
    }

    /** The records one top-level read yields, and the additional section (SRV, MX, NS). */
    record Result(List<Record> answer, List<Record> extra) {
    }

    /**
     * {@code plugin.A}/{@code plugin.AAAA}: {@code family} is A or AAAA (what is emitted),
     * {@code qtype} the type the read filters for (the question's, which differs for the existence probe).
     */
    List<Record> address(String name, Name owner, int family, int qtype, List<String> chain) throws LookupException {
        List<SnapshotEntry> read = apexAware(name, qtype);
        if (trace != null) {
            trace.policy(policy, read);
        }
        List<SnapshotEntry> services = policy.select(read, family, client);
        List<Record> records = new ArrayList<>();
        Set<String> dup = new HashSet<>();
        HostKind want = family == Type.AAAA ? HostKind.AAAA : HostKind.A;
        for (SnapshotEntry s : services) {
            if (s.kind() == HostKind.NAME) {
                chase(s, name, owner, qtype, chain, records, true, family);
            } else if (s.kind() == want && dup.add(s.record().host())) {
                records.add(Rrs.address(owner, s, ttl(s)));
            }
        }
        return records;
    }

    /** {@code checkForApex}: the zone's own name reads {@code dns/apex} first, the whole zone only when that is absent. */
    private List<SnapshotEntry> apexAware(String name, int qtype) throws LookupException {
        if (!name.equals(zone)) {
            return backend.services(name, false, qtype);
        }
        try {
            return backend.services("apex.dns." + zone, false, qtype);
        } catch (LookupException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            return backend.services(name, false, qtype);
        }
    }

    /** {@code plugin.TXT}. */
    List<Record> txt(String name, Name owner, List<String> chain) throws LookupException {
        List<SnapshotEntry> services = backend.services(name, false, Type.TXT);
        List<Record> records = new ArrayList<>();
        Set<String> dup = new HashSet<>();
        for (SnapshotEntry s : services) {
            if (s.kind() == HostKind.NAME) {
                chase(s, name, owner, Type.TXT, chain, records, false, Type.TXT);
            } else if (s.kind() == HostKind.TXT && dup.add(s.record().text())) {
                records.add(Rrs.txt(owner, s.record(), ttl(s)));
            }
        }
        return records;
    }

    /** One CNAME-like service: drop loops, follow in-zone targets depth first, ask upstream for the rest. */
    private void chase(SnapshotEntry s, String name, Name owner, int qtype, List<String> chain, List<Record> out,
                       boolean address, int family) {
        String target = Names.fqdn(s.record().host());
        if (Names.isSubDomain(name, target)) {
            return; // x CNAME x, or a target below the name (reads are recursive): a loop
        }
        Name targetName = Names.toName(target);
        if (targetName == null || chain.size() > maxChain || chain.contains(target)) {
            return;
        }
        Record cname = Rrs.cname(owner, ttl(s), targetName);
        if (Names.isSubDomain(zone, target)) {
            List<String> next = new ArrayList<>(chain.size() + 1);
            next.addAll(chain);
            next.add(target);
            try {
                String lower = Names.lower(Names.presentation(targetName)); // as request.Name() normalises the new question
                List<Record> more = address ? address(lower, targetName, family, qtype, next) : txt(lower, targetName, next);
                if (!more.isEmpty()) {
                    out.add(cname);
                    out.addAll(more);
                }
            } catch (LookupException e) {
                // CoreDNS drops a CNAME whose in-zone target fails to resolve.
            }
            return;
        }
        if (trace != null) {
            trace.upstream();
        }
        Optional<Message> m = upstream.lookup(targetName, qtype);
        if (m.isEmpty()) {
            return;
        }
        if (address && m.get().getHeader().getFlag(org.xbill.DNS.Flags.TC)) {
            truncated = true;
        }
        out.add(cname);
        out.addAll(m.get().getSection(Section.ANSWER));
    }

    /** {@code plugin.SRV}: weights per priority, IP hosts named after their keys, glue once per target. */
    Result srv(String name, Name owner) throws LookupException {
        List<SnapshotEntry> services = backend.services(name, false, Type.SRV);
        Map<Long, Long> totals = new HashMap<>();
        for (SnapshotEntry s : services) {
            long w = s.record().weight() == 0 ? 100 : s.record().weight();
            totals.merge(Rrs.priority(s.record()), w, Long::sum);
        }
        List<Record> records = new ArrayList<>();
        List<Record> extra = new ArrayList<>();
        Set<String> dup = new HashSet<>();
        Set<String> looked = new HashSet<>();
        for (SnapshotEntry s : services) {
            SkyDnsRecord r = s.record();
            if (r.port() == -1) {
                continue;
            }
            int weight = Rrs.srvWeight(totals.get(Rrs.priority(r)), r.weight());
            if (s.kind() == HostKind.NAME) {
                String targetText = Names.targetStrip(Names.fqdn(r.host()), r.targetstrip());
                Name target = Names.toName(targetText);
                if (target == null) {
                    continue;
                }
                records.add(Rrs.srv(owner, r, ttl(s), weight, target));
                if (looked.add(targetText)) {
                    glue(targetText, target, extra);
                }
            } else if (s.kind() == HostKind.A || s.kind() == HostKind.AAAA) {
                String targetText = Names.targetStrip(Names.domainOfKey(s.key()), r.targetstrip());
                Name target = Names.toName(targetText);
                if (target == null) {
                    continue;
                }
                Record srv = Rrs.srv(owner, r, ttl(s), weight, target);
                if (dup.add(targetText + "\u0000\u0000" + (r.port() & 0xffff))) {
                    records.add(srv);
                }
                if (dup.add(targetText + "\u0000" + r.host() + "\u00000")) {
                    extra.add(Rrs.address(target, s, ttl(s)));
                }
            }
        }
        return new Result(records, extra);
    }

    /** {@code plugin.MX}: only {@code mail: true} records; an IP host's glue keeps the unstripped key name. */
    Result mx(String name, Name owner) throws LookupException {
        List<SnapshotEntry> services = backend.services(name, false, Type.MX);
        List<Record> records = new ArrayList<>();
        List<Record> extra = new ArrayList<>();
        Set<String> dup = new HashSet<>();
        Set<String> looked = new HashSet<>();
        for (SnapshotEntry s : services) {
            SkyDnsRecord r = s.record();
            if (!r.mail()) {
                continue;
            }
            if (s.kind() == HostKind.NAME) {
                String exchangeText = Names.targetStrip(Names.fqdn(r.host()), r.targetstrip());
                Name exchange = Names.toName(exchangeText);
                if (exchange == null) {
                    continue;
                }
                records.add(Rrs.mx(owner, r, ttl(s), exchange));
                if (looked.add(exchangeText)) {
                    glue(exchangeText, exchange, extra);
                }
            } else if (s.kind() == HostKind.A || s.kind() == HostKind.AAAA) {
                String host = Names.domainOfKey(s.key());
                String exchangeText = Names.targetStrip(host, r.targetstrip());
                Name exchange = Names.toName(exchangeText);
                Name glueOwner = Names.toName(host);
                if (exchange == null || glueOwner == null) {
                    continue;
                }
                if (dup.add(exchangeText + "\u0000\u0000" + (Rrs.priority(r) & 0xffff))) {
                    records.add(Rrs.mx(owner, r, ttl(s), exchange));
                }
                if (dup.add(host + "\u0000" + r.host() + "\u00000")) {
                    extra.add(Rrs.address(glueOwner, s, ttl(s)));
                }
            }
        }
        return new Result(records, extra);
    }

    /** Glue for an SRV/MX target: an in-zone A chain, or upstream A and AAAA (minus CNAMEs) for the rest. */
    private void glue(String text, Name target, List<Record> extra) {
        if (!Names.isSubDomain(zone, text)) {
            if (trace != null) {
                trace.upstream();
            }
            upstream.lookup(target, Type.A).ifPresent(m -> extra.addAll(m.getSection(Section.ANSWER)));
            upstream.lookup(target, Type.AAAA).ifPresent(m -> {
                for (Record rr : m.getSection(Section.ANSWER)) {
                    if (!(rr instanceof CNAMERecord)) {
                        extra.add(rr);
                    }
                }
            });
            return;
        }
        boolean tc = truncated;
        try {
            extra.addAll(address(Names.lower(Names.presentation(target)), target, Type.A, Type.A, List.of()));
        } catch (LookupException e) {
            // CoreDNS omits glue it cannot find.
        }
        truncated = tc; // CoreDNS drops the TC of a glue lookup's CNAME chain
    }

    /** {@code plugin.NS} at the apex: addresses under {@code dns/ns}, one NS per key-derived name, glue for every record. */
    Result ns(Name owner) throws LookupException {
        List<SnapshotEntry> services = backend.services("ns.dns." + zone, false, Type.NS);
        List<Record> records = new ArrayList<>();
        List<Record> extra = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SnapshotEntry s : services) {
            if (s.kind() == HostKind.NAME) {
                throw LookupException.failure("NS record must be an IP address: " + s.record().host());
            }
            if (s.kind() == HostKind.TXT) {
                continue;
            }
            String targetText = Names.targetStrip(Names.domainOfKey(s.key()), s.record().targetstrip());
            Name target = Names.toName(targetText);
            if (target == null) {
                continue;
            }
            extra.add(Rrs.address(target, s, ttl(s)));
            if (seen.add(targetText)) {
                records.add(Rrs.ns(owner, ttl(s), target));
            }
        }
        return new Result(records, extra);
    }

    /** {@code plugin.PTR}: an exact read; every name host once. */
    List<Record> ptr(String name, Name owner) throws LookupException {
        List<Record> records = new ArrayList<>();
        Set<String> dup = new HashSet<>();
        for (SnapshotEntry s : backend.services(name, true, Type.PTR)) {
            if (s.address() == null && dup.add(s.record().host())) {
                Name target = Names.toName(s.record().host());
                if (target != null) {
                    records.add(Rrs.ptr(owner, ttl(s), target));
                }
            }
        }
        return records;
    }

    /** {@code plugin.CNAME}: an exact read; the first service, if its host is a name (its text ignored). */
    List<Record> cname(String name, Name owner) throws LookupException {
        List<SnapshotEntry> services = backend.services(name, true, Type.CNAME);
        if (!services.isEmpty() && services.get(0).address() == null) {
            Name target = Names.toName(services.get(0).record().host());
            if (target != null) {
                return List.of(Rrs.cname(owner, ttl(services.get(0)), target));
            }
        }
        return List.of();
    }
}

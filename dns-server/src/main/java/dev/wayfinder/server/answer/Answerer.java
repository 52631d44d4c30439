package dev.wayfinder.server.answer;

import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The pure answerer: (snapshot, query, client) → reply, exactly as CoreDNS's etcd plugin
 * answers from the same data ({@code coredns-etcd-plugin.md} §3–§7). No I/O except through
 * {@link Upstream}; the SOA serial comes from the injected clock.
 *
 * <p>Replies carry AA and never RA. A name in none of the zones gets REFUSED (no open resolver);
 * EDNS and truncation are the transport's business.
 */
public final class Answerer {

    private final List<Zone> zones;
    private final SkyDnsKeys keys;
    private final String root;
    private final Upstream upstream;
    private final AddressPolicy policy;
    private final Clock clock;
    private final LeaseTtl leaseTtl;
    private final int cnameChainLimit;

    private record Zone(String text, Name name, Name mname, Name rname) {
    }

    /** An answerer for data without etcd leases (every TTL is the record's own, or 300). */
    public Answerer(List<String> zones, SkyDnsKeys keys, Upstream upstream, AddressPolicy policy, Clock clock) {
        this(zones, keys, upstream, policy, clock, LeaseTtl.none());
    }

    /** {@code leaseTtl} supplies the remaining TTL of keys' etcd leases and the min/max bounds (§5.3). */
    public Answerer(List<String> zones, SkyDnsKeys keys, Upstream upstream, AddressPolicy policy, Clock clock, LeaseTtl leaseTtl) {
        this(zones, keys, upstream, policy, clock, leaseTtl, Lookups.MAX_CHAIN);
    }

    private Answerer(List<String> zones, SkyDnsKeys keys, Upstream upstream, AddressPolicy policy, Clock clock, LeaseTtl leaseTtl,
                     int cnameChainLimit) {
        this.cnameChainLimit = cnameChainLimit;
        this.keys = keys;
        List<Zone> zs = new ArrayList<>();
        for (String text : ZoneNames.normalize(zones)) {
            Name name = Names.toName(text);
            if (name == null) {
                throw new IllegalArgumentException("zone '" + text + "' is not a valid DNS name");
            }
            zs.add(new Zone(text, name, Names.toName(text.equals(".") ? "ns.dns." : "ns.dns." + text),
                    Names.toName(text.equals(".") ? "hostmaster." : "hostmaster." + text)));
        }
        if (zs.isEmpty()) {
            throw new IllegalArgumentException("at least one zone is required");
        }
        zs.sort(Comparator.comparingInt((Zone z) -> Names.labels(z.text()).size()).reversed());
        this.zones = List.copyOf(zs);
        String p = keys.prefix();
        this.root = p.substring(0, p.length() - 1);
        this.upstream = upstream;
        this.policy = policy;
        this.clock = clock;
        this.leaseTtl = leaseTtl;
    }

    /**
     * This answerer following CNAME chains only while they hold at most {@code limit} records, where
     * it otherwise follows CoreDNS 1.12.1 and later (10). CoreDNS before 1.12.1 stops at 7; the
     * differential test against such a CoreDNS uses this to show that the chain limit is the only
     * difference ({@code dns-server/CONFORMANCE.md}, row C1).
     */
    public Answerer withCnameChainLimit(int limit) {
        return new Answerer(zones.stream().map(Zone::text).toList(), keys, upstream, policy, clock, leaseTtl, limit);
    }

    /** True when {@code name} lies in one of the zones (the transport answers REFUSED otherwise). */
    public boolean serves(Name name) {
        return zoneOf(Names.lower(Names.presentation(name))) != null;
    }

    private Zone zoneOf(String lowerName) {
        for (Zone z : zones) {
            if (Names.isAtOrBelow(lowerName, z.text())) {
                return z;
            }
        }
        return null;
    }

    /** The zones, normalised (lower case, fully qualified), longest first. */
    public List<String> zones() {
        return zones.stream().map(Zone::text).toList();
    }

    /** The key prefix without its trailing slash, e.g. {@code /skydns}. */
    public String root() {
        return root;
    }

    /** The query-time GSLB policy. */
    public AddressPolicy policy() {
        return policy;
    }

    /** The clock SOA serials are read from. */
    public Clock clock() {
        return clock;
    }

    /** The reply to a one-question query. */
    public Message answer(ZoneSnapshot snapshot, Message query, InetAddress source) {
        return answer(snapshot, query, source, false).message();
    }

    /**
     * The reply to {@code query} from {@code snapshot} when it is the same for every client and stays right for
     * as long as nothing changes at or below the question's own key path: it read nothing elsewhere, no key
     * it read has an etcd lease, every GSLB choice was static and no upstream was asked. Its SOA serial is
     * the clock's at this call. Empty when the reply is not of that kind. What {@code server.prepared} keeps.
     */
    public Optional<Message> reusableAnswer(ZoneSnapshot snapshot, Message query) {
        Traced t = answer(snapshot, query, InetAddress.getLoopbackAddress(), true);
        return t.reusable() ? Optional.of(t.message()) : Optional.empty();
    }

    private record Traced(Message message, boolean reusable) {
    }

    private Traced answer(ZoneSnapshot snapshot, Message query, InetAddress source, boolean tracing) {
        Record question = query.getQuestion();
        if (question == null) {
            return new Traced(reply(query, Rcode.FORMERR), true);
        }
        if (question.getDClass() != DClass.IN) {
            return new Traced(reply(query, Rcode.REFUSED), true); // the CoreDNS server refuses other classes before any plugin runs
        }
        String qname = Names.presentation(question.getName());
        String name = Names.lower(qname);
        Zone zone = zoneOf(name);
        if (zone == null) {
            return new Traced(reply(query, Rcode.REFUSED), true);
        }
        AnswerTrace trace = tracing ? new AnswerTrace(Backend.path(root, name), upstream == Upstream.NONE) : null;
        Lookups lookups = new Lookups(new Backend(snapshot, root, trace), zone.text(), upstream, policy, clientOf(query, source),
                leaseTtl, clock.instant(), cnameChainLimit, trace);
        Name owner = question.getName();
        int qtype = question.getType();
        List<Record> answer = List.of();
        List<Record> extra = List.of();
        try {
            switch (qtype) {
                case Type.A, Type.AAAA -> answer = lookups.address(name, owner, qtype, qtype, List.of());
                case Type.TXT -> answer = lookups.txt(name, owner, List.of());
                case Type.CNAME -> answer = lookups.cname(name, owner);
                case Type.PTR -> answer = lookups.ptr(name, owner);
                case Type.SOA -> answer = List.of(soa(zone));
                case Type.MX -> {
                    Lookups.Result r = lookups.mx(name, owner);
                    answer = r.answer();
                    extra = r.extra();
                }
                case Type.SRV -> {
                    Lookups.Result r = lookups.srv(name, owner);
                    answer = r.answer();
                    extra = r.extra();
                }
                default -> {
                    if (qtype == Type.NS && name.equals(zone.text())) {
                        Lookups.Result r = lookups.ns(owner);
                        answer = r.answer();
                        extra = r.extra();
                    } else {
                        // The existence probe: an A lookup only to choose between NXDOMAIN and NODATA.
                        lookups.address(name, owner, Type.A, qtype, List.of());
                    }
                }
            }
        } catch (LookupException e) {
            return new Traced(negative(query, zone, e.isNotFound() ? Rcode.NXDOMAIN : Rcode.SERVFAIL), trace != null && trace.reusable());
        }
        boolean reusable = trace != null && trace.reusable();
        if (answer.isEmpty()) {
            return new Traced(negative(query, zone, Rcode.NOERROR), reusable);
        }
        Message m = reply(query, Rcode.NOERROR);
        m.getHeader().setFlag(Flags.AA);
        if (lookups.truncated) {
            m.getHeader().setFlag(Flags.TC);
        }
        answer.forEach(r -> m.addRecord(r, Section.ANSWER));
        extra.forEach(r -> m.addRecord(r, Section.ADDITIONAL));
        return new Traced(m, reusable);
    }

    /**
     * The reply while no snapshot has been loaded yet: SERVFAIL with the SOA (as CoreDNS when etcd
     * is unreachable), except SOA queries, which CoreDNS answers without etcd; REFUSED outside the zones.
     */
    public Message unavailable(Message query) {
        Record question = query.getQuestion();
        if (question != null && question.getDClass() != DClass.IN) {
            return reply(query, Rcode.REFUSED);
        }
        Zone zone = question == null ? null : zoneOf(Names.lower(Names.presentation(question.getName())));
        if (zone == null) {
            return reply(query, question == null ? Rcode.FORMERR : Rcode.REFUSED);
        }
        if (question.getType() == Type.SOA) {
            // CoreDNS synthesises the SOA without reading etcd, so it keeps answering during an outage.
            Message m = reply(query, Rcode.NOERROR);
            m.getHeader().setFlag(Flags.AA);
            m.addRecord(soa(zone), Section.ANSWER);
            return m;
        }
        return negative(query, zone, Rcode.SERVFAIL);
    }

    private Message negative(Message query, Zone zone, int rcode) {
        Message m = reply(query, rcode);
        m.getHeader().setFlag(Flags.AA);
        m.addRecord(soa(zone), Section.AUTHORITY);
        return m;
    }

    private SOARecord soa(Zone zone) {
        long serial = clock.instant().getEpochSecond() & 0xffff_ffffL;
        return Rrs.soa(zone.name(), zone.mname(), zone.rname(), serial);
    }

    /** miekg's {@code SetReply}/{@code SetRcode}: same id, QR, the opcode, RD and CD echoed, the first question. */
    public static Message reply(Message query, int rcode) {
        Header q = query.getHeader();
        Message m = new Message(q.getID());
        Header h = m.getHeader();
        h.setFlag(Flags.QR);
        h.setOpcode(q.getOpcode());
        if (q.getOpcode() == Opcode.QUERY) {
            if (q.getFlag(Flags.RD)) {
                h.setFlag(Flags.RD);
            }
            if (q.getFlag(Flags.CD)) {
                h.setFlag(Flags.CD);
            }
        }
        h.setRcode(rcode);
        Record question = query.getQuestion();
        if (question != null) {
            m.addRecord(question, Section.QUESTION);
        }
        return m;
    }

    /** The client a GSLB choice is made for: the EDNS Client Subnet address when sent, else the source. */
    static InetAddress clientOf(Message query, InetAddress source) {
        OPTRecord opt = query.getOPT();
        if (opt != null) {
            for (EDNSOption o : opt.getOptions(EDNSOption.Code.CLIENT_SUBNET)) {
                if (o instanceof ClientSubnetOption cs) {
                    return cs.getAddress();
                }
            }
        }
        return source;
    }
}

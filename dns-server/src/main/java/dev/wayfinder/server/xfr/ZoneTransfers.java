package dev.wayfinder.server.xfr;

import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.server.answer.Answerer;
import dev.wayfinder.server.answer.LeaseTtl;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * AXFR (and IXFR answered with the whole zone, RFC 1995 §4) for the served zones, TSIG on every
 * message, and the SOA serial secondaries compare. Off unless {@link TransferConfig#enabled()}:
 * the transport then behaves exactly as without this class.
 *
 * <p>Policy, matching BIND: AXFR over UDP is FORMERR; IXFR over UDP gets the SOA alone (the client
 * retries over TCP); a client outside the allow list, or without a valid signature when a key is
 * configured, is REFUSED; a name that is not a served zone's apex is NOTAUTH. A signed query that
 * fails verification gets NOTAUTH with the TSIG error (RFC 8945 §5.2), whatever it asks.
 *
 * <p>Serial: while transfers are on, every SOA this server hands out (answers, negative replies,
 * transfers) carries the snapshot's etcd revision instead of CoreDNS's Unix time. A secondary
 * decides whether to transfer by comparing SOA serials: with Unix time it would re-transfer the
 * whole zone at every refresh, and its serial would never match ours, so monitoring that compares
 * primary and secondary serials would always report them out of sync. The revision changes exactly
 * when the data does and is the same on every replica reading one etcd.
 */
public final class ZoneTransfers {

    private static final Logger LOG = LoggerFactory.getLogger(ZoneTransfers.class);
    /** Records per message are cut well below 64 KiB, leaving room for the header, question and TSIG. */
    static final int MESSAGE_BUDGET = 60_000;

    /** What the TSIG check found: no signature, a valid one, or a failure with its TSIG error code. */
    public record Verdict(boolean signed, boolean valid, int error, TSIGRecord queryTsig) {
        static final Verdict UNSIGNED = new Verdict(false, false, Rcode.NOERROR, null);
    }

    private final TransferConfig config;
    private final List<Name> zones;
    private final String root;
    private final LeaseTtl leaseTtl;
    private final Clock clock;

    public ZoneTransfers(TransferConfig config, List<String> zones, SkyDnsKeys keys) {
        this(config, zones, keys, LeaseTtl.none(), Clock.systemUTC());
    }

    /** Transfers whose records carry the TTLs queries are answered with, etcd leases included ({@code leaseTtl} at {@code clock}'s now). */
    public ZoneTransfers(TransferConfig config, List<String> zones, SkyDnsKeys keys, LeaseTtl leaseTtl, Clock clock) {
        this.config = config;
        this.leaseTtl = leaseTtl;
        this.clock = clock;
        List<Name> zs = new ArrayList<>();
        for (String z : zones) {
            try {
                zs.add(Name.fromString(z.toLowerCase(Locale.ROOT), Name.root));
            } catch (TextParseException e) {
                throw new IllegalArgumentException("zone '" + z + "' is not a valid DNS name");
            }
        }
        this.zones = List.copyOf(zs);
        String p = keys.prefix();
        this.root = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    public boolean enabled() {
        return config.enabled();
    }

    public List<Name> zones() {
        return zones;
    }

    /** Checks a query's signature against the configured key; without a key signatures are ignored (as CoreDNS without its tsig plugin). */
    public Verdict verify(Message query, byte[] wire) {
        TSIGRecord t = query.getTSIG();
        if (t == null || config.key().isEmpty()) {
            return Verdict.UNSIGNED;
        }
        TsigKey key = config.key().get();
        if (!t.getName().equals(key.name()) || !t.getAlgorithm().equals(key.algorithm())) {
            return new Verdict(true, false, Rcode.BADKEY, t);
        }
        int rc = key.tsig().verify(query, wire, null);
        return rc == Rcode.NOERROR ? new Verdict(true, true, rc, t) : new Verdict(true, false, rc, t);
    }

    /** The NOTAUTH reply to a query whose signature failed: an unsigned TSIG carrying the error (RFC 8945 §5.2). */
    public Message rejectSignature(Message query, Verdict v) {
        Message m = Answerer.reply(query, Rcode.NOTAUTH);
        TSIGRecord q = v.queryTsig();
        m.addRecord(new TSIGRecord(q.getName(), DClass.ANY, 0, q.getAlgorithm(), Instant.now(), TSIG.FUDGE, new byte[0],
                query.getHeader().getID(), v.error(), null), Section.ADDITIONAL);
        return m;
    }

    /** Signs a single reply to a validly signed query; leaves other replies alone. */
    public void sign(Message reply, Verdict v) {
        if (v.valid()) {
            config.key().orElseThrow().tsig().apply(reply, Rcode.NOERROR, v.queryTsig());
        }
    }

    /** True for the questions this class answers: AXFR and IXFR while transfers are on. */
    public boolean isTransfer(Message query) {
        Record q = query.getQuestion();
        return enabled() && q != null && (q.getType() == Type.AXFR || q.getType() == Type.IXFR);
    }

    /** The message(s) answering a transfer question, each signed when the query was. */
    public List<Message> transfer(Message query, InetAddress client, boolean tcp, Verdict v, SnapshotStore store) {
        Record q = query.getQuestion();
        List<Message> out = answer(query, q, client, tcp, v, store);
        if (v.valid()) {
            TSIG.StreamGenerator gen = new TSIG.StreamGenerator(config.key().orElseThrow().tsig(), v.queryTsig());
            out.forEach(gen::generate);
        }
        return out;
    }

    private List<Message> answer(Message query, Record q, InetAddress client, boolean tcp, Verdict v, SnapshotStore store) {
        if (!tcp && q.getType() == Type.AXFR) {
            return List.of(Answerer.reply(query, Rcode.FORMERR));
        }
        if (!config.allows(client) || (config.key().isPresent() && !v.valid())) {
            LOG.info("Refused a zone transfer of {} to {} ({})", q.getName(), client.getHostAddress(),
                    config.allows(client) ? "no valid TSIG signature" : "address not allowed");
            return List.of(Answerer.reply(query, Rcode.REFUSED));
        }
        Name zone = q.getName().canonicalize();
        if (!zones.contains(zone)) {
            return List.of(Answerer.reply(query, Rcode.NOTAUTH));
        }
        if (!store.isLoaded()) {
            return List.of(Answerer.reply(query, Rcode.SERVFAIL));
        }
        ZoneSnapshot snapshot = store.current();
        long serial = ZoneContent.serial(snapshot);
        SOARecord soa = ZoneContent.soa(zone, serial);
        if (q.getType() == Type.IXFR && (!tcp || upToDate(query, serial))) {
            Message m = header(query, true);
            m.addRecord(soa, Section.ANSWER);
            return List.of(m);
        }
        Instant now = clock.instant();
        List<Record> records = ZoneContent.records(snapshot, root, zone, zones, e -> leaseTtl.of(e, now));
        List<Message> messages = split(query, soa, records);
        LOG.info("Transferring zone {} ({} answered in full; serial {}, {} records, {} message(s)) to {}", zone, Type.string(q.getType()), serial, records.size() + 2,
                messages.size(), client.getHostAddress());
        return messages;
    }

    /** An IXFR whose client already holds our serial (or a later one, RFC 1982) needs nothing but our SOA. */
    private static boolean upToDate(Message query, long serial) {
        for (Record r : query.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord theirs) {
                long d = (serial - theirs.getSerial()) & 0xffff_ffffL;
                return d == 0 || d > 0x7fff_ffffL;
            }
        }
        return false;
    }

    /** SOA, the records, SOA, cut into messages that stay under {@link #MESSAGE_BUDGET} bytes before compression. */
    static List<Message> split(Message query, SOARecord soa, List<Record> records) {
        List<Message> out = new ArrayList<>();
        Message current = header(query, true);
        current.addRecord(soa, Section.ANSWER);
        int size = 12 + soa.toWire(Section.ANSWER).length + query.getQuestion().toWire(Section.QUESTION).length;
        List<Record> all = new ArrayList<>(records);
        all.add(soa);
        for (Record r : all) {
            int len = r.toWire(Section.ANSWER).length;
            if (size + len > MESSAGE_BUDGET) {
                out.add(current);
                current = header(query, false);
                size = 12;
            }
            current.addRecord(r, Section.ANSWER);
            size += len;
        }
        out.add(current);
        return out;
    }

    private static Message header(Message query, boolean withQuestion) {
        Message m = Answerer.reply(query, Rcode.NOERROR);
        if (!withQuestion) {
            m.removeAllRecords(Section.QUESTION);
        }
        m.getHeader().setFlag(Flags.AA);
        return m;
    }

    /** While transfers are on: every apex SOA in a reply carries the transfer serial (see the class comment). */
    public void alignSerial(Message reply, ZoneSnapshot snapshot) {
        if (!enabled()) {
            return;
        }
        long serial = ZoneContent.serial(snapshot);
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
            List<Record> records = reply.getSection(section);
            if (records.stream().noneMatch(r -> r instanceof SOARecord)) {
                continue;
            }
            reply.removeAllRecords(section);
            for (Record r : records) {
                reply.addRecord(r instanceof SOARecord s ? withSerial(s, serial) : r, section);
            }
        }
    }

    private static SOARecord withSerial(SOARecord s, long serial) {
        return new SOARecord(s.getName(), s.getDClass(), s.getTTL(), s.getHost(), s.getAdmin(), serial,
                s.getRefresh(), s.getRetry(), s.getExpire(), s.getMinimum());
    }
}

package dev.wayfinder.server.transport;

import dev.wayfinder.server.answer.Answerer;
import dev.wayfinder.server.prepared.PreparedAnswers;
import dev.wayfinder.server.prepared.WireQuery;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.xfr.ZoneTransfers;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Wire bytes in, wire bytes out: parses a query, applies the checks the CoreDNS server does
 * around its plugins (FORMERR, NOTIMP, BADVERS, one question), asks the answerer, echoes EDNS0,
 * and truncates to the client's size the way miekg/dns does (whole records from the end, TC when
 * answer or authority records were cut). Never throws on bad input.
 *
 * <p>The client's EDNS buffer size is first clamped to {@code maxUdpSize} (1,232 by default, the
 * DNS Flag Day 2020 figure BIND and Knot use), as CoreDNS's {@code bufsize} plugin clamps it
 * (plugin/bufsize/bufsize.go:20-22 at v1.10.1): UDP replies never exceed it, the echoed OPT
 * advertises it, and a 45-byte query can no longer draw a 65,487-byte reply.
 */
public final class QueryProcessor implements DnsHandler {

    private static final Logger LOG = LoggerFactory.getLogger(QueryProcessor.class);

    static final int HEADER = 12;
    static final int UDP_MIN = 512;
    static final int TCP_MAX = 65535;
    /** The default and the bounds of {@code --max-udp-size} (BIND's max-udp-size range; CoreDNS's bufsize takes 512-4096 too). */
    public static final int DEFAULT_MAX_UDP = 1232;
    public static final int MAX_UDP_LIMIT = 4096;

    private final Answerer answerer;
    private final SnapshotStore store;
    private final QueryMetrics metrics;
    private final ZoneTransfers transfers;
    private final int maxUdpSize;
    /** Replies prepared ahead: tried first, the full path below answers whatever they cannot. */
    private final PreparedAnswers prepared;
    /** Per answering thread: the query as read, and where a TCP reply is written before being copied out. */
    private static final class Scratch {
        final WireQuery query = new WireQuery();
        byte[] tcpOut;
    }

    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    public QueryProcessor(Answerer answerer, SnapshotStore store, QueryMetrics metrics) {
        this(answerer, store, metrics, null);
    }

    /** With zone transfers and TSIG ({@code transfers} may be null: both off). */
    public QueryProcessor(Answerer answerer, SnapshotStore store, QueryMetrics metrics, ZoneTransfers transfers) {
        this(answerer, store, metrics, transfers, DEFAULT_MAX_UDP);
    }

    /** With the largest UDP reply of the operator's choice ({@code --max-udp-size}, 512 to 4,096). */
    public QueryProcessor(Answerer answerer, SnapshotStore store, QueryMetrics metrics, ZoneTransfers transfers, int maxUdpSize) {
        this(answerer, store, metrics, transfers, maxUdpSize, true);
    }

    /**
     * As above; {@code prepare} false answers every query by the full path (no {@link PreparedAnswers}), the
     * reference the prepared answers are compared with.
     */
    public QueryProcessor(Answerer answerer, SnapshotStore store, QueryMetrics metrics, ZoneTransfers transfers, int maxUdpSize,
                          boolean prepare) {
        if (maxUdpSize < UDP_MIN || maxUdpSize > MAX_UDP_LIMIT) {
            throw new IllegalArgumentException("max UDP size must be between " + UDP_MIN + " and " + MAX_UDP_LIMIT + ", not " + maxUdpSize);
        }
        this.answerer = answerer;
        this.store = store;
        this.metrics = metrics;
        this.transfers = transfers != null && transfers.enabled() ? transfers : null;
        this.maxUdpSize = maxUdpSize;
        this.prepared = prepare ? new PreparedAnswers(answerer, store, answerer.clock(), this.transfers != null, maxUdpSize) : null;
    }

    @Override
    public List<byte[]> handle(byte[] message, int length, InetAddress client, boolean tcp) {
        return processAll(message, length, client, tcp);
    }

    /** A prepared reply to one UDP packet, written into {@code out}: its length, or {@link #NOT_ANSWERED}. */
    @Override
    public int answerAtOnce(byte[] message, int length, InetAddress client, byte[] out) {
        if (prepared == null) {
            return NOT_ANSWERED;
        }
        long start = System.nanoTime();
        WireQuery q = scratch.get().query;
        int n = prepared.answer(message, length, false, out, q, client);
        if (n < 0) {
            return NOT_ANSWERED;
        }
        metrics.answeredPrepared(q.type(), q.rcode(), System.nanoTime() - start, false);
        return n;
    }

    /** The prepared answers this processor tries first, if any (warm-up, readiness, tests). */
    public java.util.Optional<PreparedAnswers> prepared() {
        return java.util.Optional.ofNullable(prepared);
    }

    /** The reply to one packet, or null when nothing should be sent (too short to answer, or a response). */
    public byte[] process(byte[] packet, int length, InetAddress client, boolean tcp) {
        List<byte[]> all = processAll(packet, length, client, tcp);
        return all.isEmpty() ? null : all.get(0);
    }

    /**
     * The reply messages to one packet: one, several for a zone transfer over TCP, none when nothing
     * should be sent (a response; a UDP packet shorter than a header). Over TCP a framed message too
     * short for a header still gets FORMERR, so a pipelining client is never left waiting.
     */
    public List<byte[]> processAll(byte[] packet, int length, InetAddress client, boolean tcp) {
        long start = System.nanoTime();
        Scratch s = scratch.get();
        if (s.tcpOut == null) {
            s.tcpOut = new byte[TCP_MAX];
        }
        int n = prepared == null ? -1 : prepared.answer(packet, length, tcp, s.tcpOut, s.query, client);
        if (n >= 0) {
            metrics.answeredPrepared(s.query.type(), s.query.rcode(), System.nanoTime() - start, tcp);
            return List.of(Arrays.copyOf(s.tcpOut, n));
        }
        return fullPath(packet, length, client, tcp, start);
    }

    /** Every query the prepared answers do not serve: parsed whole, answered by the answerer, encoded by dnsjava. */
    private List<byte[]> fullPath(byte[] packet, int length, InetAddress client, boolean tcp, long start) {
        if (DnsWire.isResponse(packet, length)) {
            return List.of();
        }
        if (length < HEADER) {
            if (!tcp) {
                return List.of();
            }
            metrics.answered(-1, Rcode.FORMERR, System.nanoTime() - start, true);
            return List.of(formerr(Arrays.copyOf(packet, HEADER)));
        }
        Message query;
        byte[] exact = length == packet.length ? packet : Arrays.copyOf(packet, length);
        try {
            query = new Message(exact);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Unparseable query from {}: {}", client, e.toString());
            metrics.answered(-1, Rcode.FORMERR, System.nanoTime() - start, tcp);
            return List.of(formerr(packet));
        }
        int qtype = query.getQuestion() == null ? -1 : query.getQuestion().getType();
        ZoneTransfers.Verdict verdict = null;
        List<byte[]> wire;
        int rcode;
        try {
            verdict = transfers == null ? null : transfers.verify(query, exact);
            if (verdict != null && verdict.signed() && !verdict.valid()) {
                Message m = transfers.rejectSignature(query, verdict);
                wire = List.of(m.toWire());
                rcode = m.getRcode();
            } else if (transfers != null && transfers.isTransfer(query)) {
                List<Message> ms = transfers.transfer(query, client, tcp, verdict, store);
                wire = ms.stream().map(Message::toWire).toList();
                rcode = ms.get(0).getRcode();
            } else {
                Message reply = reply(query, client);
                if (transfers != null && store.isLoaded()) {
                    transfers.alignSerial(reply, store.current());
                }
                wire = List.of(toWire(query, reply, tcp, verdict));
                rcode = reply.getRcode();
            }
        } catch (RuntimeException e) {
            LOG.warn("Failed to answer {} from {}", query.getQuestion(), client, e);
            Message reply = Answerer.reply(query, Rcode.SERVFAIL);
            wire = List.of(reply.toWire());
            rcode = Rcode.SERVFAIL;
        }
        metrics.answered(qtype, rcode, System.nanoTime() - start, tcp);
        return wire;
    }

    private Message reply(Message query, InetAddress client) {
        Header h = query.getHeader();
        if (h.getOpcode() != Opcode.QUERY) {
            return withOpt(query, Answerer.reply(query, Rcode.NOTIMP));
        }
        if (h.getCount(Section.QUESTION) != 1) {
            return withOpt(query, Answerer.reply(query, Rcode.FORMERR));
        }
        OPTRecord opt = query.getOPT();
        if (opt != null && opt.getVersion() != 0) {
            Message m = Answerer.reply(query, Rcode.NOERROR);
            m.addRecord(new OPTRecord(UDP_MIN, Rcode.BADVERS >> 4, 0, 0), Section.ADDITIONAL);
            return m;
        }
        if (!store.isLoaded()) {
            return withOpt(query, answerer.unavailable(query));
        }
        return withOpt(query, answerer.answer(store.current(), query, client));
    }

    /** The client's EDNS buffer size as this server honours it: at least 512, at most {@code --max-udp-size}. */
    private int udpSize(OPTRecord opt) {
        return Math.min(maxUdpSize, Math.max(UDP_MIN, opt.getPayloadSize()));
    }

    /** CoreDNS's {@code SizeAndDo}: a query's OPT comes back with its (clamped) buffer size and DO bit, flags and options cleared. */
    private Message withOpt(Message query, Message reply) {
        OPTRecord opt = query.getOPT();
        if (opt != null) {
            int flags = (opt.getFlags() & ExtendedFlags.DO) != 0 ? ExtendedFlags.DO : 0;
            reply.addRecord(new OPTRecord(udpSize(opt), 0, 0, flags), Section.ADDITIONAL);
        }
        return reply;
    }

    private byte[] toWire(Message query, Message reply, boolean tcp, ZoneTransfers.Verdict verdict) {
        int limit = TCP_MAX;
        if (!tcp) {
            OPTRecord opt = query.getOPT();
            limit = opt == null ? UDP_MIN : udpSize(opt);
        }
        if (verdict == null || !verdict.valid()) {
            byte[] wire = reply.toWire();
            return wire.length <= limit ? wire : truncate(reply, limit);
        }
        // Signed: cut first (leaving room for the TSIG record), then sign what is sent.
        int room = limit - 200;
        Message cut = reply.toWire().length <= room ? reply : parse(truncate(reply, room));
        transfers.sign(cut, verdict);
        return cut.toWire();
    }

    private static Message parse(byte[] wire) {
        try {
            return new Message(wire);
        } catch (IOException e) {
            throw new IllegalStateException("a message this server built does not parse", e);
        }
    }

    /** miekg's {@code Truncate}: keep as many records in section order as fit, the OPT always; TC if answer/authority lost some. */
    static byte[] truncate(Message reply, int limit) {
        OPTRecord opt = reply.getOPT();
        List<Record> answer = reply.getSection(Section.ANSWER);
        List<Record> authority = reply.getSection(Section.AUTHORITY);
        List<Record> additional = new ArrayList<>();
        for (Record r : reply.getSection(Section.ADDITIONAL)) {
            if (!(r instanceof OPTRecord)) {
                additional.add(r);
            }
        }
        int total = answer.size() + authority.size() + additional.size();
        int lo = 0;
        int hi = total;
        byte[] best = build(reply, answer, authority, additional, opt, 0);
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            byte[] wire = build(reply, answer, authority, additional, opt, mid);
            if (wire.length <= limit) {
                lo = mid;
                best = wire;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    private static byte[] build(Message reply, List<Record> answer, List<Record> authority, List<Record> additional,
                                OPTRecord opt, int keep) {
        Message m = new Message(reply.getHeader().getID());
        Header h = m.getHeader();
        Header src = reply.getHeader();
        for (int f = 0; f < 16; f++) {
            if (Flags.isFlag(f) && src.getFlag(f)) {
                h.setFlag(f);
            }
        }
        h.setOpcode(src.getOpcode());
        h.setRcode(src.getRcode());
        if (reply.getQuestion() != null) {
            m.addRecord(reply.getQuestion(), Section.QUESTION);
        }
        int left = keep;
        left = copy(answer, m, Section.ANSWER, left);
        left = copy(authority, m, Section.AUTHORITY, left);
        copy(additional, m, Section.ADDITIONAL, left);
        if (keep < answer.size() + authority.size()) {
            h.setFlag(Flags.TC);
        }
        if (opt != null) {
            m.addRecord(opt, Section.ADDITIONAL);
        }
        return m.toWire();
    }

    private static int copy(List<Record> from, Message to, int section, int left) {
        int n = Math.min(left, from.size());
        for (int i = 0; i < n; i++) {
            to.addRecord(from.get(i), section);
        }
        return left - n;
    }

    /** FORMERR for a packet whose header is readable but whose body is not: its id and opcode, nothing else. */
    private static byte[] formerr(byte[] packet) {
        Header h = new Header(((packet[0] & 0xff) << 8) | (packet[1] & 0xff));
        h.setFlag(Flags.QR);
        h.setOpcode((packet[2] >> 3) & 0xf);
        h.setRcode(Rcode.FORMERR);
        Message m = new Message();
        m.setHeader(h);
        return m.toWire();
    }
}

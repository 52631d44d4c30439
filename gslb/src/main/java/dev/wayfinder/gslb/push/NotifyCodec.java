package dev.wayfinder.gslb.push;

import dev.wayfinder.gslb.records.GslbRecords;
import dev.wayfinder.model.DnsName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The NOTIFYs clusters send each other, and how a received one is judged. Pure: no I/O.
 *
 * <p>A NOTIFY names what changed, as RFC 1996 §3.1 describes ("the changed RR's name, class, type"): the question is
 * {@code localtargets-<host> IN A}, so the peer re-asks exactly that host, not the whole zone. When one pass changes
 * many hosts of a zone, one classic zone NOTIFY ({@code <zone> IN SOA}) stands for all of them. The sending cluster
 * names itself (its geo tag) in an EDNS option of the local-use range (RFC 6891 §9), covered by the TSIG signature, so
 * the peer asks that cluster — RFC 1996 has the slave query "the known master who was the source of the NOTIFY event" —
 * whatever address the packet came from (a pod's traffic to another cluster usually leaves through a node's address).
 */
final class NotifyCodec {

    /** The EDNS option carrying the sender's geo tag. */
    static final int SENDER_OPTION = 65_001;
    private static final int UDP_PAYLOAD = 1232;

    /**
     * How a received message is answered: {@code accepted} when it is, {@code reply} unless it is dropped
     * unanswered (undecodable, or itself a response), {@code refused} with the reason when it is not accepted.
     */
    record Verdict(Optional<PeerNotify> accepted, Optional<Message> reply, Optional<String> refused) {
        static Verdict dropped(String reason) {
            return new Verdict(Optional.empty(), Optional.empty(), Optional.of(reason));
        }

        static Verdict refused(Message reply, String reason) {
            return new Verdict(Optional.empty(), Optional.of(reply), Optional.of(reason));
        }
    }

    private NotifyCodec() {
    }

    /** The NOTIFY {@code sender} sends about {@code name}: a host's {@code localtargets-} record, or a whole zone. */
    static Message request(String sender, DnsName name, boolean zoneWide) {
        DnsName qname = zoneWide ? name : GslbRecords.localTargetsName(name);
        Message m;
        try {
            m = Message.newQuery(Record.newRecord(Name.fromString(qname.fqdn()), zoneWide ? Type.SOA : Type.A, DClass.IN));
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + qname, e);
        }
        m.getHeader().setOpcode(Opcode.NOTIFY);
        m.getHeader().unsetFlag(Flags.RD);
        m.getHeader().setFlag(Flags.AA);
        EDNSOption tag = new GenericEDNSOption(SENDER_OPTION, sender.getBytes(StandardCharsets.US_ASCII));
        m.addRecord(new OPTRecord(UDP_PAYLOAD, 0, 0, 0, List.of(tag)), Section.ADDITIONAL);
        return m;
    }

    /**
     * Judges a received datagram: only a NOTIFY signed with {@code key}, from one of {@code peers}, about a
     * {@code localtargets-} name or the apex of one of {@code zones}, received while this replica leads, is accepted.
     * Unsigned ones are REFUSED, wrongly signed ones get NOTAUTH with the TSIG error (RFC 8945 §5.2); replies to signed
     * requests are signed.
     */
    static Verdict judge(byte[] wire, TSIG key, Set<String> peers, List<DnsName> zones, boolean leading) {
        Message m;
        try {
            m = new Message(wire);
        } catch (IOException e) {
            return Verdict.dropped("malformed");
        }
        if (m.getHeader().getFlag(Flags.QR)) {
            return Verdict.dropped("malformed"); // a response is never answered
        }
        if (m.getHeader().getOpcode() != Opcode.NOTIFY) {
            return Verdict.refused(reply(m, Rcode.NOTIMP), "not_notify");
        }
        TSIGRecord signature = m.getTSIG();
        if (signature == null) {
            return Verdict.refused(reply(m, Rcode.REFUSED), "unsigned");
        }
        int error = key.verify(m, wire, null);
        if (error != Rcode.NOERROR) {
            return Verdict.refused(badSignature(m, signature, error), "bad_signature");
        }
        Record q = m.getQuestion();
        Optional<String> sender = sender(m);
        if (m.getHeader().getCount(Section.QUESTION) != 1 || q.getDClass() != DClass.IN || sender.isEmpty()) {
            return Verdict.refused(signed(reply(m, Rcode.FORMERR), key, signature), "malformed");
        }
        if (!peers.contains(sender.get())) {
            return Verdict.refused(signed(reply(m, Rcode.REFUSED), key, signature), "unknown_peer");
        }
        if (!leading) {
            return Verdict.refused(signed(reply(m, Rcode.REFUSED), key, signature), "standby");
        }
        Optional<PeerNotify> change = change(sender.get(), q, zones);
        if (change.isEmpty()) {
            return Verdict.refused(signed(reply(m, Rcode.REFUSED), key, signature), "unknown_name");
        }
        return new Verdict(change, Optional.of(signed(reply(m, Rcode.NOERROR), key, signature)), Optional.empty());
    }

    private static Optional<String> sender(Message m) {
        OPTRecord opt = m.getOPT();
        if (opt == null) {
            return Optional.empty();
        }
        // The option's wire form is its code and length (4 octets), then the data.
        return opt.getOptions(SENDER_OPTION).stream().findFirst().map(EDNSOption::toWire).filter(w -> w.length > 4)
                .map(w -> new String(w, 4, w.length - 4, StandardCharsets.US_ASCII));
    }

    /** A zone apex with SOA: every host under it; a {@code localtargets-} name under a zone: that host. */
    private static Optional<PeerNotify> change(String sender, Record q, List<DnsName> zones) {
        DnsName name;
        try {
            name = DnsName.of(q.getName().toString(true));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (q.getType() == Type.SOA && zones.contains(name)) {
            return Optional.of(new PeerNotify(sender, name, true));
        }
        return GslbRecords.hostOfLocalTargets(name).filter(h -> zones.stream().anyMatch(h::isAtOrBelow))
                .map(h -> new PeerNotify(sender, h, false));
    }

    /** RFC 1996 §4.7: the request's header and question with QR set, and the answer's rcode. */
    private static Message reply(Message request, int rcode) {
        Message r = new Message(request.getHeader().getID());
        r.getHeader().setOpcode(request.getHeader().getOpcode());
        r.getHeader().setFlag(Flags.QR);
        if (request.getHeader().getFlag(Flags.AA)) {
            r.getHeader().setFlag(Flags.AA);
        }
        r.getHeader().setRcode(rcode);
        Record q = request.getQuestion();
        if (q != null) {
            r.addRecord(q, Section.QUESTION);
        }
        return r;
    }

    private static Message signed(Message reply, TSIG key, TSIGRecord requestSignature) {
        key.apply(reply, requestSignature);
        return reply;
    }

    /** NOTAUTH with an unsigned TSIG record carrying the error (RFC 8945 §5.2): the requester learns why. */
    private static Message badSignature(Message request, TSIGRecord t, int error) {
        Message r = reply(request, Rcode.NOTAUTH);
        r.addRecord(new TSIGRecord(t.getName(), DClass.ANY, 0, t.getAlgorithm(), Instant.now(), TSIG.FUDGE, new byte[0],
                request.getHeader().getID(), error, null), Section.ADDITIONAL);
        return r;
    }
}

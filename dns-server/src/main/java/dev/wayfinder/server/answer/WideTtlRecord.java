package dev.wayfinder.server.answer;

import java.util.Arrays;
import org.xbill.DNS.Compression;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Tokenizer;

/**
 * A record whose TTL is above 2^31-1. CoreDNS serves any uint32 {@code ttl} as stored, but
 * dnsjava's record constructors refuse such TTLs (RFC 2181 §8), so this carries the rdata of a
 * normally built record verbatim (uncompressed) under the wide TTL. Only ever sent, never parsed.
 */
final class WideTtlRecord extends Record {

    private static final long serialVersionUID = 1L;

    /** The largest TTL dnsjava's constructors accept. */
    static final long DNSJAVA_MAX_TTL = 0x7fff_ffffL;

    private final byte[] rdata;
    private final String text;

    WideTtlRecord(Record base, long ttl) {
        super(base.getName(), base.getType(), base.getDClass(), 0);
        this.ttl = ttl;
        byte[] wire = base.toWire(Section.ANSWER);
        // owner name, then type, class, TTL and rdata length (10 bytes), then the rdata
        this.rdata = Arrays.copyOfRange(wire, base.getName().length() + 10, wire.length);
        this.text = base.rdataToString();
    }

    @Override
    protected void rrFromWire(DNSInput in) {
        throw new UnsupportedOperationException("a reply-only record");
    }

    @Override
    protected String rrToString() {
        return text;
    }

    @Override
    protected void rdataFromString(Tokenizer st, Name origin) {
        throw new UnsupportedOperationException("a reply-only record");
    }

    @Override
    protected void rrToWire(DNSOutput out, Compression c, boolean canonical) {
        out.writeByteArray(rdata);
    }
}

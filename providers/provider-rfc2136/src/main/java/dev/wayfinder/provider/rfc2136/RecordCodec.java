package dev.wayfinder.provider.rfc2136;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.IpLiteral;
import dev.wayfinder.model.MxTarget;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.SrvTarget;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Endpoint target text to DNS records and back: pure, so that what {@code apply} writes and what
 * {@code records()} reads are one mapping. A TXT target is the record's data, split into 255-octet
 * character-strings when longer and joined again on read.
 */
final class RecordCodec {

    private static final int MAX_STRING_OCTETS = 255;

    private RecordCodec() {
    }

    static Name name(DnsName name) {
        try {
            return Name.fromString(name.fqdn());
        } catch (TextParseException e) {
            throw new IllegalArgumentException("name '" + name + "' is not a valid DNS name: " + e.getMessage(), e);
        }
    }

    static DnsName dnsName(Name name) {
        return DnsName.of(name.toString());
    }

    static int typeCode(RecordType type) {
        return Type.value(type.name());
    }

    /** The record type of a dnsjava record, when Wayfinder manages that type. */
    static Optional<RecordType> recordType(Record r) {
        try {
            return Optional.of(RecordType.valueOf(Type.string(r.getType())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** One record for {@code target}; an {@link IllegalArgumentException} says why the text cannot be one. */
    static Record toRecord(DnsName owner, RecordType type, long ttl, String target) {
        Name n = name(owner);
        switch (type) {
            case A:
                return new ARecord(n, DClass.IN, ttl, address(target, Inet4Address.class, "an IPv4 address"));
            case AAAA:
                return new AAAARecord(n, DClass.IN, ttl, address(target, Inet6Address.class, "an IPv6 address"));
            case CNAME:
                return new CNAMERecord(n, DClass.IN, ttl, name(DnsName.of(target)));
            case NS:
                return new NSRecord(n, DClass.IN, ttl, name(DnsName.of(target)));
            case PTR:
                return new PTRRecord(n, DClass.IN, ttl, name(DnsName.of(target)));
            case MX: {
                MxTarget mx = MxTarget.parse(target);
                return new MXRecord(n, DClass.IN, ttl, mx.preference(), name(mx.exchange()));
            }
            case SRV: {
                SrvTarget srv = SrvTarget.parse(target);
                return new SRVRecord(n, DClass.IN, ttl, srv.priority(), srv.weight(), srv.port(), name(srv.target()));
            }
            case TXT:
                return txt(n, ttl, target);
            default:
                throw new IllegalArgumentException("record type " + type + " is not supported");
        }
    }

    /** The endpoint target text of a record (the inverse of {@link #toRecord}). */
    static String target(Record r) {
        if (r instanceof ARecord a) {
            return IpLiteral.canonical(a.getAddress());
        } else if (r instanceof AAAARecord a) {
            return IpLiteral.canonical(a.getAddress());
        } else if (r instanceof CNAMERecord c) {
            return dnsName(c.getTarget()).toString();
        } else if (r instanceof NSRecord ns) {
            return dnsName(ns.getTarget()).toString();
        } else if (r instanceof PTRRecord p) {
            return dnsName(p.getTarget()).toString();
        } else if (r instanceof MXRecord mx) {
            return new MxTarget(mx.getPriority(), dnsName(mx.getTarget())).text();
        } else if (r instanceof SRVRecord srv) {
            return new SrvTarget(srv.getPriority(), srv.getWeight(), srv.getPort(), dnsName(srv.getTarget())).text();
        } else if (r instanceof TXTRecord txt) {
            return txtData(txt);
        }
        throw new IllegalArgumentException("record type " + Type.string(r.getType()) + " is not supported");
    }

    /** The data of a TXT record: its character-strings joined, decoded as UTF-8. */
    static String txtData(TXTRecord txt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] s : txt.getStringsAsByteArrays()) {
            out.writeBytes(s);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static TXTRecord txt(Name owner, long ttl, String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        List<String> strings = new ArrayList<>();
        int off = 0;
        do {
            int len = Math.min(MAX_STRING_OCTETS, bytes.length - off);
            strings.add(escaped(bytes, off, len));
            off += len;
        } while (off < bytes.length);
        return new TXTRecord(owner, DClass.IN, ttl, strings);
    }

    /** dnsjava reads backslash escapes in TXT strings, so every octet that is not plain ASCII goes as {@code \DDD}. */
    private static String escaped(byte[] bytes, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = off; i < off + len; i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x20 || b >= 0x7f || b == '\\' || b == '"') {
                sb.append('\\').append(String.format("%03d", b));
            } else {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    private static InetAddress address(String target, Class<? extends InetAddress> kind, String what) {
        return IpLiteral.parse(target).filter(kind::isInstance)
                .orElseThrow(() -> new IllegalArgumentException("target '" + target + "' is not " + what));
    }
}

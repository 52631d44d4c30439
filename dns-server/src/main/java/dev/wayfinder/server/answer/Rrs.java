package dev.wayfinder.server.answer;

import dev.wayfinder.model.skydns.SkyDnsRecord;
import dev.wayfinder.server.snapshot.SnapshotEntry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
import org.xbill.DNS.Type;

/** Builds resource records from services exactly as {@code msg.Service}'s {@code New*} methods do. */
final class Rrs {

    static final long DEFAULT_TTL = 300;
    static final long DEFAULT_PRIORITY = 10;

    private Rrs() {
    }

    static long ttl(SkyDnsRecord r) {
        return r.ttl() == 0 ? DEFAULT_TTL : r.ttl();
    }

    static long priority(SkyDnsRecord r) {
        return r.priority() == 0 ? DEFAULT_PRIORITY : r.priority();
    }

    static Record address(Name owner, SnapshotEntry e) {
        long ttl = ttl(e.record());
        return widen(e.kind() == SnapshotEntry.HostKind.A
                ? new ARecord(owner, DClass.IN, narrow(ttl), e.address())
                : new AAAARecord(owner, DClass.IN, narrow(ttl), e.address()), ttl);
    }

    static Record cname(Name owner, SkyDnsRecord r, Name target) {
        return widen(new CNAMERecord(owner, DClass.IN, narrow(ttl(r)), target), ttl(r));
    }

    static Record ptr(Name owner, SkyDnsRecord r, Name target) {
        return widen(new PTRRecord(owner, DClass.IN, narrow(ttl(r)), target), ttl(r));
    }

    static Record srv(Name owner, SkyDnsRecord r, int weight, Name target) {
        return widen(new SRVRecord(owner, DClass.IN, narrow(ttl(r)), (int) (priority(r) & 0xffff), weight,
                (int) (r.port() & 0xffff), target), ttl(r));
    }

    static Record mx(Name owner, SkyDnsRecord r, Name target) {
        return widen(new MXRecord(owner, DClass.IN, narrow(ttl(r)), (int) (priority(r) & 0xffff), target), ttl(r));
    }

    static Record ns(Name owner, SkyDnsRecord r, Name target) {
        return widen(new NSRecord(owner, DClass.IN, narrow(ttl(r)), target), ttl(r));
    }

    /** A TTL dnsjava accepts (it refuses anything above 2^31-1); {@link #widen} puts the real one back. */
    private static long narrow(long ttl) {
        return ttl > WideTtlRecord.DNSJAVA_MAX_TTL ? 0 : ttl;
    }

    /** {@code record} with {@code ttl}: CoreDNS sends any uint32 {@code ttl} as stored, even above 2^31-1. */
    private static Record widen(Record record, long ttl) {
        return ttl > WideTtlRecord.DNSJAVA_MAX_TTL ? new WideTtlRecord(record, ttl) : record;
    }

    /**
     * A TXT record whose strings are the text cut every 255 bytes ({@code split255}: a text of
     * 255 bytes or more always ends with the remainder, possibly empty), each string packed the way
     * miekg/dns packs it: {@code \X} and {@code \DDD} escapes are interpreted, everything else is raw.
     */
    static Record txt(Name owner, SkyDnsRecord r) {
        byte[] text = r.text().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream rdata = new ByteArrayOutputStream(text.length + 4);
        if (text.length < 255) {
            packString(rdata, text, 0, text.length);
        } else {
            int p = 0;
            while (true) {
                if (p + 255 <= text.length) {
                    packString(rdata, text, p, p + 255);
                } else {
                    packString(rdata, text, p, text.length);
                    break;
                }
                p += 255;
            }
        }
        return widen(Record.newRecord(owner, Type.TXT, DClass.IN, narrow(ttl(r)), rdata.toByteArray()), ttl(r));
    }

    private static void packString(ByteArrayOutputStream out, byte[] s, int from, int to) {
        byte[] buf = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            if (s[i] == '\\') {
                i++;
                if (i == to) {
                    break;
                }
                if (i + 2 < to && isDigit(s[i]) && isDigit(s[i + 1]) && isDigit(s[i + 2])) {
                    buf[n++] = (byte) ((s[i] - '0') * 100 + (s[i + 1] - '0') * 10 + (s[i + 2] - '0'));
                    i += 2;
                } else {
                    buf[n++] = s[i];
                }
            } else {
                buf[n++] = s[i];
            }
        }
        out.write(n);
        out.write(buf, 0, n);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /**
     * Go's {@code uint16(math.Floor(x))} on amd64: the compiler converts to int32 first (CVTTSD2SL)
     * and keeps the low 16 bits, so values outside the int32 range (and NaN) come out as 0.
     */
    static int goUint16(double x) {
        double f = Math.floor(x);
        if (Double.isNaN(f) || f >= 0x1p31 || f < -0x1p31) {
            return 0;
        }
        return (int) f & 0xffff;
    }
}

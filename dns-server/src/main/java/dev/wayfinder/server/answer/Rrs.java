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
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * Builds resource records from services exactly as {@code msg.Service}'s {@code New*} methods do,
 * and holds CoreDNS's defaults. The one place both answers and zone transfers ({@code server.xfr})
 * take them from. Every builder takes the TTL already decided ({@link LeaseTtl}); TTLs above 2^31-1
 * come out as {@link WideTtlRecord}s, since dnsjava refuses them.
 */
public final class Rrs {

    /** {@code msg.Service}: a record without {@code ttl} (and without a lease TTL) lives 300 s. */
    public static final long DEFAULT_TTL = 300;
    /** {@code msg.Service}: SRV priority and MX preference when {@code priority} is 0. */
    public static final long DEFAULT_PRIORITY = 10;
    /** CoreDNS's etcd {@code MinTTL}: the synthesised SOA's TTL and its negative-caching minimum. */
    public static final long SOA_TTL = 30;
    public static final long SOA_REFRESH = 7200;
    public static final long SOA_RETRY = 1800;
    public static final long SOA_EXPIRE = 86400;

    private Rrs() {
    }

    /** The record's own TTL with CoreDNS's default, ignoring any lease. */
    public static long ttl(SkyDnsRecord r) {
        return LeaseTtl.effective(r.ttl(), 0);
    }

    public static long priority(SkyDnsRecord r) {
        return r.priority() == 0 ? DEFAULT_PRIORITY : r.priority();
    }

    /** CoreDNS's synthesised SOA: TTL and minimum 30, refresh 7200, retry 1800, expire 86400. */
    public static SOARecord soa(Name zone, Name mname, Name rname, long serial) {
        return new SOARecord(zone, DClass.IN, SOA_TTL, mname, rname, serial, SOA_REFRESH, SOA_RETRY, SOA_EXPIRE, SOA_TTL);
    }

    /**
     * An SRV weight as CoreDNS computes it: {@code 100 / total × weight} (weight 0 counts as 100),
     * floored, truncated to 16 bits, at least 1; {@code total} is the sum over the record's priority.
     */
    public static int srvWeight(long total, long weight) {
        double w = 100.0 / (double) total;
        w *= weight == 0 ? 100 : (double) weight;
        int out = goUint16(w);
        return out == 0 ? 1 : out;
    }

    /** An A or AAAA record of {@code e}'s address. */
    public static Record address(Name owner, SnapshotEntry e, long ttl) {
        return widen(e.kind() == SnapshotEntry.HostKind.A
                ? new ARecord(owner, DClass.IN, narrow(ttl), e.address())
                : new AAAARecord(owner, DClass.IN, narrow(ttl), e.address()), ttl);
    }

    public static Record cname(Name owner, long ttl, Name target) {
        return widen(new CNAMERecord(owner, DClass.IN, narrow(ttl), target), ttl);
    }

    public static Record ptr(Name owner, long ttl, Name target) {
        return widen(new PTRRecord(owner, DClass.IN, narrow(ttl), target), ttl);
    }

    public static Record srv(Name owner, SkyDnsRecord r, long ttl, int weight, Name target) {
        return widen(new SRVRecord(owner, DClass.IN, narrow(ttl), (int) (priority(r) & 0xffff), weight,
                (int) (r.port() & 0xffff), target), ttl);
    }

    public static Record mx(Name owner, SkyDnsRecord r, long ttl, Name target) {
        return widen(new MXRecord(owner, DClass.IN, narrow(ttl), (int) (priority(r) & 0xffff), target), ttl);
    }

    public static Record ns(Name owner, long ttl, Name target) {
        return widen(new NSRecord(owner, DClass.IN, narrow(ttl), target), ttl);
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
    public static Record txt(Name owner, SkyDnsRecord r, long ttl) {
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
        return widen(Record.newRecord(owner, Type.TXT, DClass.IN, narrow(ttl), rdata.toByteArray()), ttl);
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

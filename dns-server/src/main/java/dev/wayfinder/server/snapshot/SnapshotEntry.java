package dev.wayfinder.server.snapshot;

import dev.wayfinder.model.IpLiteral;
import dev.wayfinder.model.skydns.SkyDnsFormatException;
import dev.wayfinder.model.skydns.SkyDnsJson;
import dev.wayfinder.model.skydns.SkyDnsRecord;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * One key of the SkyDNS tree, decoded once when the snapshot is built: either a record (with its
 * host already classified the way CoreDNS's {@code HostType} does) or the decode error that makes
 * every query reading this key answer SERVFAIL.
 *
 * @param key     the etcd key (bytes mapped one-to-one to chars, so string order is byte order)
 * @param record  the decoded value, or null when {@code error} is set
 * @param error   why the value could not be decoded, or null
 * @param kind    how {@code host} is used: an IPv4 or IPv6 address, a name, or TXT
 * @param address the parsed address when {@code kind} is A or AAAA
 * @param slashes the number of {@code /} in the key (CoreDNS's depth, used by the group rule)
 * @param lease   the etcd lease the key is attached to, 0 for none (its TTL may shorten the record's, §5.3)
 */
public record SnapshotEntry(String key, SkyDnsRecord record, String error, HostKind kind, InetAddress address, int slashes,
                            long lease) {

    /** CoreDNS's classification of a record's {@code host} ({@code msg.Service.HostType}). */
    public enum HostKind { A, AAAA, NAME, TXT }

    /** The six-field form, for entries without a lease. */
    public SnapshotEntry(String key, SkyDnsRecord record, String error, HostKind kind, InetAddress address, int slashes) {
        this(key, record, error, kind, address, slashes, 0);
    }

    public static SnapshotEntry decode(String key, byte[] value) {
        return decode(key, value, 0);
    }

    /** As {@link #decode(String, byte[])} for a key attached to etcd lease {@code lease} (0: none). */
    public static SnapshotEntry decode(String key, byte[] value, long lease) {
        try {
            return of(key, SkyDnsJson.decode(value), lease);
        } catch (SkyDnsFormatException e) {
            return new SnapshotEntry(key, null, e.getMessage(), HostKind.NAME, null, countSlashes(key), lease);
        }
    }

    public static SnapshotEntry of(String key, SkyDnsRecord record) {
        return of(key, record, 0);
    }

    public static SnapshotEntry of(String key, SkyDnsRecord record, long lease) {
        InetAddress ip = IpLiteral.parse(record.host()).orElse(null);
        HostKind kind;
        if (ip == null) {
            kind = record.text().isEmpty() ? HostKind.NAME : HostKind.TXT;
        } else {
            kind = ip instanceof Inet4Address ? HostKind.A : HostKind.AAAA;
        }
        return new SnapshotEntry(key, record, null, kind, ip, countSlashes(key), lease);
    }

    public boolean isError() {
        return error != null;
    }

    private static int countSlashes(String key) {
        int n = 0;
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }
}

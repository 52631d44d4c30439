package dev.wayfinder.model.skydns;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.InvalidDnsNameException;
import dev.wayfinder.model.RecordType;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Maps DNS names to etcd keys and back, the way CoreDNS's etcd plugin does: the labels reversed
 * and joined with {@code /} under a prefix ({@code www.example.org} → {@code /skydns/org/example/www}).
 *
 * <p>The prefix is normalised like CoreDNS's {@code path}: {@code skydns}, {@code /skydns} and
 * {@code /skydns/} are the same. A multi-segment prefix works for lookups, but CoreDNS then
 * synthesises wrong SRV, MX and NS targets; {@link #isMultiSegment()} lets callers warn about it.
 */
public final class SkyDnsKeys {

    /** The key segment under a zone that holds CoreDNS's special entries ({@code dns/apex}, {@code dns/ns}). */
    public static final String DNS_SEGMENT = "dns";

    private static final DnsName IN_ADDR_ARPA = DnsName.of("in-addr.arpa");
    private static final DnsName IP6_ARPA = DnsName.of("ip6.arpa");
    // Never updated, only cloned: a clone skips the provider lookup of getInstance, done for every record of a pass.
    private static final MessageDigest SHA_256 = sha256();

    private final String prefix;

    public SkyDnsKeys(String prefix) {
        String p = prefix == null ? "" : prefix.trim();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            throw new IllegalArgumentException("the SkyDNS prefix must not be empty (CoreDNS's default is /skydns)");
        }
        this.prefix = "/" + p + "/";
    }

    public static SkyDnsKeys defaults() {
        return new SkyDnsKeys("/skydns");
    }

    /** The prefix with leading and trailing slash, e.g. {@code /skydns/}; every key starts with it. */
    public String prefix() {
        return prefix;
    }

    public boolean isMultiSegment() {
        return prefix.indexOf('/', 1) < prefix.length() - 1;
    }

    /** The key of a name: {@code /skydns/org/example/www}. The root maps to the prefix without its slash. */
    public String keyOf(DnsName name) {
        List<String> labels = name.labels();
        StringBuilder sb = new StringBuilder(prefix.length() + name.toString().length() + 1);
        sb.append(prefix, 0, prefix.length() - 1);
        for (int i = labels.size() - 1; i >= 0; i--) {
            sb.append('/').append(labels.get(i));
        }
        return sb.toString();
    }

    /** The key of one target of a name: the name's key plus a leaf. */
    public String keyOf(DnsName name, String leaf) {
        return keyOf(name) + "/" + leaf;
    }

    /** The key range that holds every record of {@code name} and below it: {@code keyOf(name) + "/"}. */
    public String subtreeOf(DnsName name) {
        return keyOf(name) + "/";
    }

    /** Where CoreDNS looks first for the zone apex's A/AAAA records: {@code /skydns/<zone>/dns/apex/<leaf>}. */
    public String apexKey(DnsName zone, String leaf) {
        return keyOf(zone) + "/" + DNS_SEGMENT + "/apex/" + leaf;
    }

    /**
     * The name whose A/AAAA records CoreDNS serves as the zone's NS set ({@code <label>.ns.dns.<zone>},
     * key {@code /skydns/<zone>/dns/ns/<label>}): the NS target is this name and the address its glue.
     */
    public static DnsName nameserverName(DnsName zone, String label) {
        return DnsName.of(label + ".ns." + DNS_SEGMENT + (zone.isRoot() ? "" : "." + zone));
    }

    /** The name a key stands for, labels in DNS order; empty when the key is not below the prefix or not a name. */
    public Optional<DnsName> nameOf(String key) {
        if (key.length() == prefix.length() - 1 && prefix.startsWith(key)) {
            return Optional.of(DnsName.ROOT); // keyOf(ROOT): the prefix without its slash
        }
        if (!key.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = key.substring(prefix.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.isEmpty()) {
            return Optional.of(DnsName.ROOT);
        }
        List<String> segments = new ArrayList<>(List.of(rest.split("/", -1)));
        Collections.reverse(segments);
        try {
            return Optional.of(DnsName.of(String.join(".", segments)));
        } catch (InvalidDnsNameException e) {
            return Optional.empty();
        }
    }

    /**
     * A short leaf label derived from the target, so the same target always lands on the same key
     * and reading the keys back needs no memory of what was written.
     */
    public static String leaf(RecordType type, String setIdentifier, String target) {
        MessageDigest sha;
        try {
            sha = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            sha = sha256();
        }
        byte[] digest = sha.digest((type.name() + "\u0000" + setIdentifier + "\u0000" + target).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 4);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The reverse-lookup name of an address: {@code 4.3.2.1.in-addr.arpa} or the nibble form under {@code ip6.arpa}. */
    public static DnsName reverseName(InetAddress address) {
        byte[] b = address.getAddress();
        StringBuilder sb = new StringBuilder();
        if (address instanceof Inet4Address) {
            for (int i = b.length - 1; i >= 0; i--) {
                sb.append(b[i] & 0xff).append('.');
            }
            return DnsName.of(sb + IN_ADDR_ARPA.toString());
        }
        for (int i = b.length - 1; i >= 0; i--) {
            sb.append(Character.forDigit(b[i] & 0xf, 16)).append('.').append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append('.');
        }
        return DnsName.of(sb + IP6_ARPA.toString());
    }

    /** True for names under {@code in-addr.arpa} or {@code ip6.arpa}. */
    public static boolean isReverse(DnsName name) {
        return name.isAtOrBelow(IN_ADDR_ARPA) || name.isAtOrBelow(IP6_ARPA);
    }

    @Override
    public String toString() {
        return prefix;
    }
}

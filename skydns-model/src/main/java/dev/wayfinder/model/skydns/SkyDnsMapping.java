package dev.wayfinder.model.skydns;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.InvalidDnsNameException;
import dev.wayfinder.model.IpLiteral;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.MxTarget;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.SrvTarget;
import dev.wayfinder.model.txt.HeritageLabels;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns endpoints into SkyDNS entries and back — what Wayfinder writes so that stock CoreDNS
 * serves it sanely (see {@code coredns-etcd-plugin.md} §9):
 *
 * <ul>
 *   <li>one child key per target, its leaf derived from the target, {@code targetstrip: 1};</li>
 *   <li>zone-apex A/AAAA under {@code <zone>/dns/apex/}, so the apex does not answer the whole zone;</li>
 *   <li>a single-target CNAME and every PTR at the name's exact key, because CoreDNS answers
 *       CNAME and PTR questions with an exact read;</li>
 *   <li>TXT as text-only values, never {@code text} beside a name {@code host} — except a <em>group anchor</em>: a TXT
 *       record set whose {@code group} is its own name also carries that name as {@code host}. CoreDNS then counts it
 *       as TXT (it answers TXT questions with its text and nothing else), but, having a host, it takes part in the
 *       group choice of A/AAAA reads, so a name with no addresses of its own still answers only its own group
 *       instead of every grouped name beneath it;</li>
 *   <li>SRV and MX with {@code targetstrip: 0}: CoreDNS strips {@code targetstrip} labels from their
 *       target names too ({@code msg.Service.NewSRV}/{@code NewMX}), so {@code 1} would serve
 *       {@code mx1.example.org} as {@code example.org}; their leaf is recognised on reading by being
 *       the one {@link SkyDnsKeys#leaf} derives from the value;</li>
 *   <li>{@code ttl} always explicit; ownership and GSLB hints in fields CoreDNS ignores.</li>
 * </ul>
 *
 * <p>NS sets are published as A/AAAA records of {@link SkyDnsKeys#nameserverName}: that is the
 * only NS form CoreDNS serves (an NS value with a name host makes it answer SERVFAIL).
 */
public final class SkyDnsMapping {

    public static final long DEFAULT_TTL = 300;

    private final SkyDnsKeys keys;
    private final Set<DnsName> zones;
    private final long defaultTtl;

    public SkyDnsMapping(SkyDnsKeys keys, Collection<DnsName> zones, long defaultTtl) {
        this.keys = keys;
        this.zones = Set.copyOf(zones);
        if (defaultTtl <= 0 || defaultTtl > Endpoint.MAX_TTL) {
            throw new IllegalArgumentException("default TTL must be between 1 and " + Endpoint.MAX_TTL + ", got " + defaultTtl);
        }
        this.defaultTtl = defaultTtl;
    }

    public SkyDnsKeys keys() {
        return keys;
    }

    public long defaultTtl() {
        return defaultTtl;
    }

    /** The entries that publish {@code endpoint}, in key order. Throws {@link IllegalArgumentException} naming the endpoint when it cannot be expressed. */
    public List<SkyDnsEntry> toEntries(Endpoint endpoint) {
        try {
            List<SkyDnsEntry> out = new ArrayList<>(endpoint.targets().size());
            for (String target : endpoint.targets()) {
                out.add(entry(endpoint, target));
            }
            out.sort(null);
            return out;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot publish " + endpoint.key() + " in SkyDNS: " + e.getMessage(), e);
        }
    }

    private SkyDnsEntry entry(Endpoint e, String target) {
        SkyDnsRecord.Builder b = SkyDnsRecord.builder()
                .ttl(e.hasTtl() ? e.ttl() : defaultTtl)
                .targetstrip(1)
                .owner(e.metadata().owner())
                .resource(e.metadata().resource())
                .setIdentifier(e.setIdentifier())
                .geoTag(e.metadata().geoTag())
                .lbWeight(e.metadata().weight())
                .group(e.metadata().group())
                .lbStrategy(e.metadata().strategy());
        String leaf = SkyDnsKeys.leaf(e.type(), e.setIdentifier(), canonical(e.type(), target));
        String leafKey = keys.keyOf(e.name(), leaf);
        return switch (e.type()) {
            case A, AAAA -> {
                Optional<RecordType> served = IpLiteral.addressType(target);
                if (served.isEmpty() || served.get() != e.type()) {
                    throw new IllegalArgumentException("target '" + target + "' is not an " + (e.type() == RecordType.A ? "IPv4" : "IPv6") + " address"
                            + (served.isPresent() ? " (CoreDNS would serve it as " + served.get() + ")" : ""));
                }
                String key = zones.contains(e.name()) ? keys.apexKey(e.name(), leaf) : leafKey;
                yield new SkyDnsEntry(key, b.host(target).build());
            }
            case CNAME -> {
                String host = nameTarget(target);
                // One target: the exact key, so CNAME questions (an exact read in CoreDNS) find it.
                yield e.targets().size() == 1
                        ? new SkyDnsEntry(keys.keyOf(e.name()), b.host(host).targetstrip(0).build())
                        : new SkyDnsEntry(leafKey, b.host(host).build());
            }
            case PTR -> {
                if (!SkyDnsKeys.isReverse(e.name())) {
                    throw new IllegalArgumentException("a PTR record belongs under in-addr.arpa or ip6.arpa");
                }
                if (e.targets().size() != 1) {
                    throw new IllegalArgumentException("CoreDNS serves one PTR target per name, got " + e.targets().size());
                }
                yield new SkyDnsEntry(keys.keyOf(e.name()), b.host(nameTarget(target)).targetstrip(0).build());
            }
            case TXT -> {
                if (target.isEmpty()) {
                    // A value with neither host nor text is invisible to CoreDNS and unreadable to us.
                    throw new IllegalArgumentException("an empty TXT string cannot be expressed in SkyDNS");
                }
                if (isGroupAnchor(e)) {
                    b.host(e.name().toString());
                }
                yield new SkyDnsEntry(leafKey, b.text(target).build());
            }
            case SRV -> {
                SrvTarget srv = SrvTarget.parse(target);
                if (srv.priority() == 0 && srv.weight() == 0 && srv.port() == 0) {
                    // Nothing would be written that tells this value from a CNAME's.
                    throw new IllegalArgumentException("SRV target '" + target + "' has priority, weight and port all 0,"
                            + " which SkyDNS cannot tell from a CNAME");
                }
                // targetstrip 0: CoreDNS would strip the target's own first label otherwise.
                yield new SkyDnsEntry(leafKey, b.host(srv.target().toString()).port(srv.port()).priority(srv.priority())
                        .weight(srv.weight()).targetstrip(0).build());
            }
            case MX -> {
                MxTarget mx = MxTarget.parse(target);
                yield new SkyDnsEntry(leafKey, b.host(mx.exchange().toString()).priority(mx.preference()).mail(true).targetstrip(0).build());
            }
            case NS -> throw new IllegalArgumentException("CoreDNS serves NS only from A/AAAA records under ns.dns.<zone>;"
                    + " publish the name servers' addresses there instead");
        };
    }

    /** A TXT record set whose group is its own name: see the class comment. */
    public static boolean isGroupAnchor(Endpoint e) {
        return e.type() == RecordType.TXT && e.metadata().group().equals(e.name().toString());
    }

    /** The target text the leaf is derived from: SRV and MX in their canonical form, so reading can derive it again. */
    private static String canonical(RecordType type, String target) {
        return switch (type) {
            case SRV -> SrvTarget.parse(target).text();
            case MX -> MxTarget.parse(target).text();
            default -> target;
        };
    }

    private static String nameTarget(String target) {
        if (IpLiteral.parse(target).isPresent()) {
            throw new IllegalArgumentException("target '" + target + "' is an address where a name is expected");
        }
        return DnsName.of(target).toString();
    }

    /** Receives the entries {@link #toEndpoints} cannot turn into records, with the reason. */
    @FunctionalInterface
    public interface SkipListener {
        void skipped(String key, String reason);
    }

    /**
     * Groups entries back into endpoints by name, type, set identifier and owner, in key order.
     * Entries that mean nothing to DNS (no host and no text, a key outside the prefix) go to
     * {@code skipped} instead. A value holding a host and an ExternalDNS registry text (its
     * pre-v0.18 merged form) yields two endpoints: the host's record and a TXT with the text.
     */
    public List<Endpoint> toEndpoints(Collection<SkyDnsEntry> entries, SkipListener skipped) {
        Map<GroupKey, Group> groups = new LinkedHashMap<>();
        entries.stream().sorted().forEach(entry -> {
            Optional<String> problem = add(entry, groups);
            problem.ifPresent(reason -> skipped.skipped(entry.key(), reason));
        });
        List<Endpoint> out = new ArrayList<>(groups.size());
        for (Map.Entry<GroupKey, Group> g : groups.entrySet()) {
            GroupKey k = g.getKey();
            Group v = g.getValue();
            out.add(new Endpoint(k.name, k.type, v.targets, v.ttl, k.setIdentifier, v.metadata));
        }
        return out;
    }

    private Optional<String> add(SkyDnsEntry entry, Map<GroupKey, Group> groups) {
        SkyDnsRecord r = entry.record();
        Optional<DnsName> keyName = keys.nameOf(entry.key());
        if (keyName.isEmpty()) {
            return Optional.of("the key is not a DNS name below " + keys.prefix());
        }
        DnsName name = recordName(keyName.get(), r);
        long ttl = r.ttl() > Endpoint.MAX_TTL ? Endpoint.MAX_TTL : r.ttl();
        Metadata meta = new Metadata(r.owner(), r.resource(), r.geoTag(), r.lbWeight(), r.group(), r.lbStrategy());
        String text = r.text();
        if (!text.isEmpty() && !r.host().isEmpty() && HeritageLabels.isRegistryText(text)) {
            // ExternalDNS before v0.18 merged its ownership TXT into the record's own value (coredns.go
            // updateTXTRecords): read both, as ExternalDNS does, so the record keeps its type and owner.
            groups.computeIfAbsent(new GroupKey(name, RecordType.TXT, r.setIdentifier(), r.owner()), k -> new Group(ttl, meta))
                    .targets.add(text);
            text = "";
        }
        RecordType type;
        String target;
        Optional<RecordType> address = IpLiteral.addressType(r.host());
        if (!text.isEmpty() && address.isEmpty()) {
            type = RecordType.TXT;
            target = text;
        } else if (address.isPresent()) {
            type = address.get();
            target = r.host();
        } else if (r.host().isEmpty()) {
            return Optional.of("the value has neither host nor text, so DNS serves nothing from it");
        } else {
            try {
                DnsName host = DnsName.of(r.host());
                if (r.mail()) {
                    type = RecordType.MX;
                    target = mxTarget(r, host);
                } else if (isSrv(r)) {
                    type = RecordType.SRV;
                    target = srvTarget(r, host);
                } else if (SkyDnsKeys.isReverse(keyName.get()) && r.targetstrip() == 0) {
                    type = RecordType.PTR;
                    target = host.toString();
                } else {
                    type = RecordType.CNAME;
                    target = host.toString();
                }
            } catch (InvalidDnsNameException e) {
                return Optional.of("host " + e.getMessage());
            }
        }
        GroupKey gk = new GroupKey(name, type, r.setIdentifier(), r.owner());
        groups.computeIfAbsent(gk, k -> new Group(ttl, meta)).targets.add(target);
        return Optional.empty();
    }

    /**
     * The record's own name: the key's name less {@code targetstrip} labels (for SRV and MX, written with
     * {@code targetstrip 0}, less the leaf derived from the value), and {@code dns/apex} folded into the zone.
     */
    private static DnsName recordName(DnsName keyName, SkyDnsRecord r) {
        if (keyName.labelCount() > 1 && isDerivedSrvOrMxLeaf(keyName.labels().get(0), r)) {
            return keyName.parent();
        }
        long targetstrip = r.targetstrip();
        DnsName name = keyName;
        if (targetstrip > 0 && targetstrip < keyName.labelCount()) {
            for (long i = 0; i < targetstrip; i++) {
                name = name.parent();
            }
        }
        List<String> labels = name.labels();
        if (labels.size() >= 2 && labels.get(0).equals("apex") && labels.get(1).equals(SkyDnsKeys.DNS_SEGMENT)) {
            return name.parent().parent();
        }
        return name;
    }

    /**
     * Whether {@code label}, the last label of the key holding {@code r}, is the leaf Wayfinder derives from an SRV
     * or MX value it wrote. Those carry {@code targetstrip 0} (CoreDNS would strip their targets otherwise), so their
     * leaf is told by being the one {@link SkyDnsKeys#leaf} derives from the value. False for every other value.
     */
    public static boolean isDerivedSrvOrMxLeaf(String label, SkyDnsRecord r) {
        if (r.targetstrip() != 0 || !r.text().isEmpty() || r.host().isEmpty() || IpLiteral.addressType(r.host()).isPresent()) {
            return false;
        }
        DnsName host;
        try {
            host = DnsName.of(r.host());
        } catch (InvalidDnsNameException e) {
            return false;
        }
        if (r.mail()) {
            return label.equals(SkyDnsKeys.leaf(RecordType.MX, r.setIdentifier(), mxTarget(r, host)));
        }
        return isSrv(r) && label.equals(SkyDnsKeys.leaf(RecordType.SRV, r.setIdentifier(), srvTarget(r, host)));
    }

    private static boolean isSrv(SkyDnsRecord r) {
        return r.port() != 0 || r.priority() != 0 || r.weight() != 0;
    }

    private static String mxTarget(SkyDnsRecord r, DnsName host) {
        return new MxTarget((int) (r.priority() & 0xffff), host).text();
    }

    private static String srvTarget(SkyDnsRecord r, DnsName host) {
        return new SrvTarget((int) (r.priority() & 0xffff), (int) (r.weight() & 0xffff), (int) (r.port() & 0xffff), host).text();
    }

    private record GroupKey(DnsName name, RecordType type, String setIdentifier, String owner) {
    }

    private static final class Group {
        final long ttl;
        final Metadata metadata;
        final List<String> targets = new ArrayList<>();

        Group(long ttl, Metadata metadata) {
            this.ttl = ttl;
            this.metadata = metadata;
        }
    }
}

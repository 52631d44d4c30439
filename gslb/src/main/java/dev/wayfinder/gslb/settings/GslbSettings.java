package dev.wayfinder.gslb.settings;

import dev.wayfinder.gslb.api.GslbParser;
import dev.wayfinder.gslb.strategy.ServingDns;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.GoDuration;
import dev.wayfinder.model.IpLiteral;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The checked GSLB settings of one cluster ({@code --source=gslb}).
 *
 * @param clusterGeoTag this cluster's geo tag (k8gb's {@code clusterGeoTag})
 * @param zones         the load-balanced zones: the {@code --domain-filter} domains
 * @param peers         peers given with {@code --gslb-peer}, merged per geo tag
 * @param discovered    geo tags whose nameservers are looked up at the edge DNS as {@code gslb-ns-<tag>-<zone>}
 *                      (k8gb's {@code extGslbClustersGeoTags})
 * @param edgeDnsServers the edge DNS servers to ask for those names (k8gb's {@code edgeDNSServers})
 * @param edgeDnsZone   the parent zone holding the delegation (k8gb's {@code edgeDNSZone}); with RFC 2136, where
 *                      this cluster writes its own NS and glue
 * @param exposedIps    this cluster's nameserver addresses, for the glue (k8gb's {@code CLUSTER_EXPOSED_IPS})
 * @param pollInterval  how often each peer is asked for each host's {@code localtargets-} record
 * @param peerTimeout   per query and address
 * @param peerGrace     how long an unreachable peer keeps its last-known targets
 * @param nsRecordTtl   TTL of the edge NS and glue records
 * @param parents       per load-balanced zone, the parent zone that delegates it: k8gb's {@code DNS_ZONES} pairs
 *                      ({@code --dns-zones}), else {@code --edge-dns-zone} for every zone
 * @param glueAPrefix   the prefix of each cluster's nameserver name (k8gb's {@code GLUEA_PREFIX}, default {@code gslb-ns-}; may be empty)
 * @param servingDns    which DNS server answers the load-balanced zones
 * @param discoveredPeerPort the port the nameservers found at the edge are asked on (the glue holds addresses only)
 */
public record GslbSettings(
        String clusterGeoTag,
        List<DnsName> zones,
        List<PeerAddress> peers,
        List<String> discovered,
        List<InetSocketAddress> edgeDnsServers,
        Optional<DnsName> edgeDnsZone,
        List<String> exposedIps,
        Duration pollInterval,
        Duration peerTimeout,
        Duration peerGrace,
        long nsRecordTtl,
        Map<DnsName, DnsName> parents,
        String glueAPrefix,
        ServingDns servingDns,
        int discoveredPeerPort) {

    public static final int DNS_PORT = 53;

    public GslbSettings {
        zones = List.copyOf(zones);
        peers = List.copyOf(peers);
        discovered = List.copyOf(discovered);
        edgeDnsServers = List.copyOf(edgeDnsServers);
        exposedIps = List.copyOf(exposedIps);
        parents = Map.copyOf(parents);
        Objects.requireNonNull(servingDns, "servingDns");
    }

    /** With k8gb's zone parents and glue prefix; served by stock CoreDNS, discovered peers asked on port 53. */
    public GslbSettings(String clusterGeoTag, List<DnsName> zones, List<PeerAddress> peers, List<String> discovered,
                        List<InetSocketAddress> edgeDnsServers, Optional<DnsName> edgeDnsZone, List<String> exposedIps, Duration pollInterval,
                        Duration peerTimeout, Duration peerGrace, long nsRecordTtl, Map<DnsName, DnsName> parents, String glueAPrefix) {
        this(clusterGeoTag, zones, peers, discovered, edgeDnsServers, edgeDnsZone, exposedIps, pollInterval, peerTimeout, peerGrace,
                nsRecordTtl, parents, glueAPrefix, ServingDns.COREDNS, DNS_PORT);
    }

    public GslbSettings withServingDns(ServingDns newServingDns) {
        return new GslbSettings(clusterGeoTag, zones, peers, discovered, edgeDnsServers, edgeDnsZone, exposedIps, pollInterval, peerTimeout,
                peerGrace, nsRecordTtl, parents, glueAPrefix, newServingDns, discoveredPeerPort);
    }

    /**
     * How long a new host waits at most for every peer's first answer before it is decided with what is known: the
     * edge lookup of discovered peers (each edge server in turn), then one question to the peer with a TCP retry.
     */
    public Duration firstAnswerLimit() {
        int rounds = 2 + (discovered.isEmpty() ? 0 : Math.max(1, edgeDnsServers.size()));
        return peerTimeout.multipliedBy(rounds).plusMillis(250);
    }

    /** Every zone below {@code edgeDnsZone} delegated by it, with k8gb's default glue prefix. */
    public GslbSettings(String clusterGeoTag, List<DnsName> zones, List<PeerAddress> peers, List<String> discovered,
                        List<InetSocketAddress> edgeDnsServers, Optional<DnsName> edgeDnsZone, List<String> exposedIps, Duration pollInterval,
                        Duration peerTimeout, Duration peerGrace, long nsRecordTtl) {
        this(clusterGeoTag, zones, peers, discovered, edgeDnsServers, edgeDnsZone, exposedIps, pollInterval, peerTimeout, peerGrace,
                nsRecordTtl, parentsBelow(zones, edgeDnsZone), EdgeDelegation.PREFIX);
    }

    private static Map<DnsName, DnsName> parentsBelow(List<DnsName> zones, Optional<DnsName> edge) {
        Map<DnsName, DnsName> out = new LinkedHashMap<>();
        edge.ifPresent(e -> zones.stream().filter(z -> !z.equals(e) && z.isAtOrBelow(e)).forEach(z -> out.put(z, e)));
        return out;
    }

    /** The parent that delegates {@code zone}, if one is known. */
    public Optional<DnsName> parent(DnsName zone) {
        return Optional.ofNullable(parents.get(zone));
    }

    /** k8gb's DNS_ZONES split into entries (controllers/resolver/config_zoneDelegations.go lines 33-66: ';' separated, a trailing one dropped). */
    static List<String> dnsZoneEntries(String dnsZones) {
        String z = dnsZones == null ? "" : dnsZones.trim();
        while (z.endsWith(";")) {
            z = z.substring(0, z.length() - 1).trim();
        }
        return z.isEmpty() ? List.of() : List.of(z.split(";"));
    }

    /** Checks the raw flags; every problem is added to {@code violations}, naming its flag. Returns null when any was found. */
    public static GslbSettings parse(RawGslb raw, List<String> zoneNames, List<String> violations) {
        int before = violations.size();
        String tag = raw.clusterGeoTag() == null ? "" : raw.clusterGeoTag().trim();
        if (tag.isEmpty()) {
            violations.add("--cluster-geo-tag: required with --source=gslb (this cluster's geo tag, e.g. us-buf)");
        } else if (!GslbParser.GEO_TAG.matcher(tag).matches()) {
            violations.add("--cluster-geo-tag: '" + tag + "' may contain only letters, digits and '-'");
        }
        List<DnsName> zones = new ArrayList<>();
        for (String z : zoneNames) {
            try {
                zones.add(DnsName.of(z));
            } catch (RuntimeException e) {
                violations.add("--domain-filter: " + e.getMessage());
            }
        }
        Map<DnsName, DnsName> parents = new LinkedHashMap<>();
        k8gbZones(raw, zones, parents, violations);
        if (zoneNames.isEmpty() && raw.k8gbZones().isEmpty()) {
            violations.add("--domain-filter: required with --source=gslb (the load-balanced zone, e.g. gb.foowidgets.k8s), or k8gb's"
                    + " --dns-zones / --dns-zone");
        }
        Map<String, List<InetSocketAddress>> byTag = new LinkedHashMap<>();
        for (String p : split(raw.peers())) {
            int eq = p.indexOf('=');
            String peerTag = eq < 0 ? "" : p.substring(0, eq).trim();
            if (eq < 0 || !GslbParser.GEO_TAG.matcher(peerTag).matches()) {
                violations.add("--gslb-peer: '" + p + "' is not TAG=HOST[:PORT]");
                continue;
            }
            if (peerTag.equals(tag)) {
                violations.add("--gslb-peer: '" + p + "' names this cluster's own geo tag " + tag);
                continue;
            }
            try {
                InetSocketAddress address = hostPort(p.substring(eq + 1).trim(), DNS_PORT);
                List<InetSocketAddress> merged = byTag.computeIfAbsent(peerTag, k -> new ArrayList<>());
                if (!merged.contains(address)) {
                    merged.add(address);
                }
            } catch (IllegalArgumentException e) {
                violations.add("--gslb-peer: '" + p + "': " + e.getMessage());
            }
        }
        List<String> discovered = new ArrayList<>();
        for (String t : split(raw.extGslbClustersGeoTags())) {
            if (!GslbParser.GEO_TAG.matcher(t).matches()) {
                violations.add("--ext-gslb-clusters-geo-tags: '" + t + "' may contain only letters, digits and '-'");
            } else if (!t.equals(tag) && !byTag.containsKey(t) && !discovered.contains(t)) {
                discovered.add(t);
            }
        }
        List<InetSocketAddress> edge = new ArrayList<>();
        for (String s : split(raw.edgeDnsServers())) {
            try {
                edge.add(hostPort(s, DNS_PORT));
            } catch (IllegalArgumentException e) {
                violations.add("--edge-dns-server: '" + s + "': " + e.getMessage());
            }
        }
        Optional<DnsName> edgeZone = Optional.empty();
        if (raw.edgeDnsZone() != null && !raw.edgeDnsZone().isBlank()) {
            try {
                DnsName ez = DnsName.of(raw.edgeDnsZone().trim());
                edgeZone = Optional.of(ez);
                for (DnsName z : zones) {
                    if (parents.containsKey(z)) {
                        continue;
                    }
                    if (z.equals(ez) || !z.isAtOrBelow(ez)) {
                        violations.add("--edge-dns-zone: " + ez + " must be a parent of the load-balanced zone " + z);
                    }
                    parents.put(z, ez);
                }
            } catch (RuntimeException e) {
                violations.add("--edge-dns-zone: " + e.getMessage());
            }
        }
        if (!discovered.isEmpty() && (edge.isEmpty() || !parents.keySet().containsAll(zones))) {
            violations.add("--ext-gslb-clusters-geo-tags: discovering " + discovered + " needs --edge-dns-server and --edge-dns-zone"
                    + " (or --dns-zones; or give each peer with --gslb-peer TAG=HOST[:PORT])");
        }
        String prefix = raw.glueAPrefix();
        if (!prefix.isEmpty() && !prefix.matches("[A-Za-z0-9-]+")) {
            violations.add("--gluea-prefix: '" + prefix + "' may contain only letters, digits and '-'");
        } else {
            checkNameservers(tag, discovered, parents, prefix, violations);
        }
        List<String> exposed = new ArrayList<>();
        for (String ip : split(raw.exposedIps())) {
            if (IpLiteral.parse(ip).isEmpty()) {
                violations.add("--cluster-exposed-ip: '" + ip + "' is not an IP address");
            } else {
                exposed.add(ip);
            }
        }
        Duration poll = duration(raw.pollInterval(), "--gslb-poll-interval", violations);
        Duration timeout = duration(raw.peerTimeout(), "--gslb-peer-timeout", violations);
        Duration grace = duration(raw.peerGrace(), "--gslb-peer-grace", violations);
        if (poll != null && poll.isZero()) {
            violations.add("--gslb-poll-interval: must be longer than zero");
        }
        if (timeout != null && timeout.isZero()) {
            violations.add("--gslb-peer-timeout: must be longer than zero");
        }
        if (raw.nsRecordTtl() < 1) {
            violations.add("--ns-record-ttl: must be at least 1, got " + raw.nsRecordTtl());
        }
        Optional<ServingDns> serving = ServingDns.fromWire(raw.servingDns().trim());
        if (serving.isEmpty()) {
            violations.add("--gslb-serving-dns: '" + raw.servingDns() + "' is not coredns or wayfinder");
        }
        if (raw.discoveredPeerPort() < 1 || raw.discoveredPeerPort() > 65535) {
            violations.add("--gslb-discovered-peer-port: " + raw.discoveredPeerPort() + " is not between 1 and 65535");
        }
        if (violations.size() > before) {
            return null;
        }
        List<PeerAddress> peers = byTag.entrySet().stream().map(e -> new PeerAddress(e.getKey(), e.getValue())).toList();
        return new GslbSettings(tag, zones, peers, discovered, edge, edgeZone, exposed, poll, timeout, grace, raw.nsRecordTtl(), parents,
                prefix, serving.get(), raw.discoveredPeerPort());
    }

    /**
     * k8gb's {@code DNS_ZONES} ({@code --dns-zones}: {@code PARENT:ZONE:NEGTTL;…}, each part as k8gb's parser requires it) and
     * its older {@code DNS_ZONE} ({@code --dns-zone}, delegated by {@code --edge-dns-zone}): more load-balanced zones, with their
     * parents. The negative TTL is read and checked but has no effect: stock CoreDNS's etcd plugin answers NXDOMAIN with its
     * fixed SOA minimum.
     */
    private static void k8gbZones(RawGslb raw, List<DnsName> zones, Map<DnsName, DnsName> parents, List<String> violations) {
        for (String entry : dnsZoneEntries(raw.dnsZones())) {
            String[] parts = entry.split(":");
            if (parts.length != 3) {
                violations.add("--dns-zones: '" + entry + "' is not PARENT:ZONE:NEGTTL (k8gb's DNS_ZONES)");
                continue;
            }
            if (!parts[2].trim().matches("-?\\d{1,9}")) {
                violations.add("--dns-zones: '" + entry + "': the negative TTL '" + parts[2].trim() + "' is not a number");
                continue;
            }
            try {
                DnsName parent = DnsName.of(parts[0].trim());
                DnsName zone = DnsName.of(parts[1].trim());
                if (zone.equals(parent) || !zone.isAtOrBelow(parent)) {
                    violations.add("--dns-zones: '" + entry + "': " + parent + " is not a parent of " + zone);
                    continue;
                }
                if (!zones.contains(zone)) {
                    zones.add(zone);
                }
                parents.put(zone, parent);
            } catch (RuntimeException e) {
                violations.add("--dns-zones: '" + entry + "': " + e.getMessage());
            }
        }
        if (!raw.dnsZone().isBlank()) {
            try {
                DnsName zone = DnsName.of(raw.dnsZone().trim());
                if (!zones.contains(zone)) {
                    zones.add(zone);
                }
            } catch (RuntimeException e) {
                violations.add("--dns-zone: " + e.getMessage());
            }
        }
    }

    /** Each cluster's {@code <prefix><tag>-<zone>} name must be a valid DNS name (k8gb checks it at startup too). */
    private static void checkNameservers(String tag, List<String> discovered, Map<DnsName, DnsName> parents, String prefix,
                                         List<String> violations) {
        List<String> all = new ArrayList<>(discovered);
        if (GslbParser.GEO_TAG.matcher(tag).matches()) {
            all.add(0, tag);
        }
        for (String t : all) {
            parents.forEach((z, parent) -> {
                if (z.equals(parent) || !z.isAtOrBelow(parent)) {
                    return;
                }
                try {
                    EdgeDelegation.nameserver(prefix, t, z, parent);
                } catch (RuntimeException e) {
                    String flag = t.equals(tag) ? "--cluster-geo-tag" : "--ext-gslb-clusters-geo-tags";
                    violations.add(flag + ": the nameserver name of " + t + " for " + z + " is invalid: " + e.getMessage());
                }
            });
        }
    }

    /** {@code HOST}, {@code HOST:PORT}, {@code [V6]:PORT} or a bare IPv6 address; unresolved, so a name is looked up when used. */
    public static InetSocketAddress hostPort(String text, int defaultPort) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        String host = text;
        int port = defaultPort;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '['");
            }
            host = text.substring(1, close);
            if (close + 1 < text.length()) {
                if (text.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("expected ':' after ']'");
                }
                port = port(text.substring(close + 2));
            }
        } else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') >= 0) {
            host = text.substring(0, text.indexOf(':'));
            port = port(text.substring(text.indexOf(':') + 1));
        }
        return create(host, port);
    }

    private static InetSocketAddress create(String host, int port) {
        return IpLiteral.parse(host).map(ip -> new InetSocketAddress(ip, port)).orElseGet(() -> InetSocketAddress.createUnresolved(host, port));
    }

    private static int port(String text) {
        try {
            int p = Integer.parseInt(text);
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port " + p + " is not between 1 and 65535");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + text + "' is not a number");
        }
    }

    private static Duration duration(String text, String flag, List<String> violations) {
        try {
            return GoDuration.parse(text);
        } catch (RuntimeException e) {
            violations.add(flag + ": " + e.getMessage());
            return null;
        }
    }

    private static List<String> split(List<String> values) {
        return values.stream().flatMap(v -> List.of(v.split(",")).stream()).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}

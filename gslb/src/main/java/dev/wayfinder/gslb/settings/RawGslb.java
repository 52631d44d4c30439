package dev.wayfinder.gslb.settings;

import java.util.List;
import java.util.Objects;

/**
 * The GSLB flags exactly as given ({@code --cluster-geo-tag}, {@code --gslb-peer}…), before
 * {@link GslbSettings#parse} checks them. Names follow k8gb's settings where they mean the same.
 */
public record RawGslb(
        String clusterGeoTag,
        List<String> peers,
        List<String> extGslbClustersGeoTags,
        List<String> edgeDnsServers,
        String edgeDnsZone,
        List<String> exposedIps,
        String pollInterval,
        String peerTimeout,
        String peerGrace,
        long nsRecordTtl,
        String dnsZones,
        String dnsZone,
        String glueAPrefix,
        String servingDns,
        int discoveredPeerPort) {

    /** What {@code --gslb-serving-dns} defaults to: nothing is claimed that stock CoreDNS cannot serve. */
    public static final String DEFAULT_SERVING_DNS = "coredns";

    /**
     * Defaults: poll every 5 s with a 1 s timeout per query; an unreachable peer keeps its targets for 30 s; the zones
     * are served by stock CoreDNS.
     */
    public static final RawGslb DEFAULTS = new RawGslb("", List.of(), List.of(), List.of(), "", List.of(), "5s", "1s", "30s", 30);

    /**
     * Without k8gb's zone settings ({@code --dns-zones}, {@code --dns-zone}) and with k8gb's default glue prefix; served by
     * stock CoreDNS, discovered peers asked on port 53.
     */
    public RawGslb(String clusterGeoTag, List<String> peers, List<String> extGslbClustersGeoTags, List<String> edgeDnsServers,
                   String edgeDnsZone, List<String> exposedIps, String pollInterval, String peerTimeout, String peerGrace, long nsRecordTtl) {
        this(clusterGeoTag, peers, extGslbClustersGeoTags, edgeDnsServers, edgeDnsZone, exposedIps, pollInterval, peerTimeout, peerGrace,
                nsRecordTtl, "", "", EdgeDelegation.PREFIX);
    }

    /** With k8gb's zone settings; served by stock CoreDNS, discovered peers asked on port 53. */
    public RawGslb(String clusterGeoTag, List<String> peers, List<String> extGslbClustersGeoTags, List<String> edgeDnsServers,
                   String edgeDnsZone, List<String> exposedIps, String pollInterval, String peerTimeout, String peerGrace, long nsRecordTtl,
                   String dnsZones, String dnsZone, String glueAPrefix) {
        this(clusterGeoTag, peers, extGslbClustersGeoTags, edgeDnsServers, edgeDnsZone, exposedIps, pollInterval, peerTimeout, peerGrace,
                nsRecordTtl, dnsZones, dnsZone, glueAPrefix, DEFAULT_SERVING_DNS, GslbSettings.DNS_PORT);
    }

    /** Without k8gb's zone settings, with the serving DNS and the port discovered peers are asked on. */
    public RawGslb(String clusterGeoTag, List<String> peers, List<String> extGslbClustersGeoTags, List<String> edgeDnsServers,
                   String edgeDnsZone, List<String> exposedIps, String pollInterval, String peerTimeout, String peerGrace, long nsRecordTtl,
                   String servingDns, int discoveredPeerPort) {
        this(clusterGeoTag, peers, extGslbClustersGeoTags, edgeDnsServers, edgeDnsZone, exposedIps, pollInterval, peerTimeout, peerGrace,
                nsRecordTtl, "", "", EdgeDelegation.PREFIX, servingDns, discoveredPeerPort);
    }

    /**
     * The load-balanced zones named by k8gb's settings, leniently read ({@link GslbSettings#parse} reports what is wrong):
     * each {@code PARENT:ZONE:NEGTTL} of {@code --dns-zones}, then {@code --dns-zone}. The controller publishes in these when
     * no {@code --domain-filter} is given.
     */
    public List<String> k8gbZones() {
        List<String> out = new java.util.ArrayList<>();
        for (String entry : GslbSettings.dnsZoneEntries(dnsZones)) {
            String[] parts = entry.split(":");
            if (parts.length == 3 && !parts[1].isBlank()) {
                out.add(parts[1].trim());
            }
        }
        if (dnsZone != null && !dnsZone.isBlank()) {
            out.add(dnsZone.trim());
        }
        return out.stream().distinct().toList();
    }

    public RawGslb {
        peers = List.copyOf(Objects.requireNonNullElse(peers, List.of()));
        extGslbClustersGeoTags = List.copyOf(Objects.requireNonNullElse(extGslbClustersGeoTags, List.of()));
        edgeDnsServers = List.copyOf(Objects.requireNonNullElse(edgeDnsServers, List.of()));
        exposedIps = List.copyOf(Objects.requireNonNullElse(exposedIps, List.of()));
        dnsZones = Objects.requireNonNullElse(dnsZones, "");
        dnsZone = Objects.requireNonNullElse(dnsZone, "");
        glueAPrefix = Objects.requireNonNullElse(glueAPrefix, EdgeDelegation.PREFIX);
        servingDns = Objects.requireNonNullElse(servingDns, DEFAULT_SERVING_DNS);
    }

    public RawGslb withServingDns(String newServingDns) {
        return new RawGslb(clusterGeoTag, peers, extGslbClustersGeoTags, edgeDnsServers, edgeDnsZone, exposedIps, pollInterval, peerTimeout,
                peerGrace, nsRecordTtl, dnsZones, dnsZone, glueAPrefix, newServingDns, discoveredPeerPort);
    }
}

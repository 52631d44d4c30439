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
        String servingDns,
        int discoveredPeerPort) {

    /** What {@code --gslb-serving-dns} defaults to: nothing is claimed that stock CoreDNS cannot serve. */
    public static final String DEFAULT_SERVING_DNS = "coredns";

    /**
     * Defaults: poll every 5 s with a 1 s timeout per query; an unreachable peer keeps its targets for 30 s; the zones
     * are served by stock CoreDNS.
     */
    public static final RawGslb DEFAULTS = new RawGslb("", List.of(), List.of(), List.of(), "", List.of(), "5s", "1s", "30s", 30,
            DEFAULT_SERVING_DNS, GslbSettings.DNS_PORT);

    /** Served by stock CoreDNS (the default), discovered peers asked on port 53. */
    public RawGslb(String clusterGeoTag, List<String> peers, List<String> extGslbClustersGeoTags, List<String> edgeDnsServers,
                   String edgeDnsZone, List<String> exposedIps, String pollInterval, String peerTimeout, String peerGrace, long nsRecordTtl) {
        this(clusterGeoTag, peers, extGslbClustersGeoTags, edgeDnsServers, edgeDnsZone, exposedIps, pollInterval, peerTimeout, peerGrace,
                nsRecordTtl, DEFAULT_SERVING_DNS, GslbSettings.DNS_PORT);
    }

    public RawGslb {
        peers = List.copyOf(Objects.requireNonNullElse(peers, List.of()));
        extGslbClustersGeoTags = List.copyOf(Objects.requireNonNullElse(extGslbClustersGeoTags, List.of()));
        edgeDnsServers = List.copyOf(Objects.requireNonNullElse(edgeDnsServers, List.of()));
        exposedIps = List.copyOf(Objects.requireNonNullElse(exposedIps, List.of()));
        servingDns = Objects.requireNonNullElse(servingDns, DEFAULT_SERVING_DNS);
    }

    public RawGslb withServingDns(String newServingDns) {
        return new RawGslb(clusterGeoTag, peers, extGslbClustersGeoTags, edgeDnsServers, edgeDnsZone, exposedIps, pollInterval, peerTimeout,
                peerGrace, nsRecordTtl, newServingDns, discoveredPeerPort);
    }
}

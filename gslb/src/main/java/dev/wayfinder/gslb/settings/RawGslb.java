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
        String glueAPrefix) {

    /** Defaults: poll every 5 s with a 1 s timeout per query; an unreachable peer keeps its targets for 30 s. */
    public static final RawGslb DEFAULTS = new RawGslb("", List.of(), List.of(), List.of(), "", List.of(), "5s", "1s", "30s", 30);

    /** Without k8gb's zone settings ({@code --dns-zones}, {@code --dns-zone}) and with k8gb's default glue prefix. */
    public RawGslb(String clusterGeoTag, List<String> peers, List<String> extGslbClustersGeoTags, List<String> edgeDnsServers,
                   String edgeDnsZone, List<String> exposedIps, String pollInterval, String peerTimeout, String peerGrace, long nsRecordTtl) {
        this(clusterGeoTag, peers, extGslbClustersGeoTags, edgeDnsServers, edgeDnsZone, exposedIps, pollInterval, peerTimeout, peerGrace,
                nsRecordTtl, "", "", EdgeDelegation.PREFIX);
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
    }
}

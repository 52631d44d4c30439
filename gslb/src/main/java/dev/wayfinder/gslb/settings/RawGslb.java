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
        long nsRecordTtl) {

    /** Defaults: poll every 5 s with a 1 s timeout per query; an unreachable peer keeps its targets for 30 s. */
    public static final RawGslb DEFAULTS = new RawGslb("", List.of(), List.of(), List.of(), "", List.of(), "5s", "1s", "30s", 30);

    public RawGslb {
        peers = List.copyOf(Objects.requireNonNullElse(peers, List.of()));
        extGslbClustersGeoTags = List.copyOf(Objects.requireNonNullElse(extGslbClustersGeoTags, List.of()));
        edgeDnsServers = List.copyOf(Objects.requireNonNullElse(edgeDnsServers, List.of()));
        exposedIps = List.copyOf(Objects.requireNonNullElse(exposedIps, List.of()));
    }
}
